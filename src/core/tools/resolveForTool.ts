// The one gate every tool's path goes through: the workspace path policy (workspacePaths.ts), then
// the secret policy on both the path as written and where it really is ("notes.txt -> .env" is
// still .env). Refusals become ToolErrors whose messages the model can act on.
import { ToolError, type ToolEnvironment } from "./contract";
import { specialFileMessage } from "./fileKind";
import { createSecretFilter, secretRefusalMessage, type SecretMatch, type SecretPolicy } from "./secrets";
import { PathPolicyError, type ResolvedWorkspacePath, type WorkspaceFolderPath } from "./workspacePaths";

export interface ToolPath extends ResolvedWorkspacePath {
  /** How results name it, and how the model can name it again (folder-prefixed when multi-root). */
  readonly display: string;
}

export type SecretFilter = (relativePath: string) => SecretMatch | undefined;

// Compiling the patterns costs more than matching; a search checks every result.
const filters = new WeakMap<SecretPolicy, SecretFilter>();

export function secretFilterFor(env: Pick<ToolEnvironment, "secretPolicy">): SecretFilter {
  let filter = filters.get(env.secretPolicy);
  if (!filter) {
    filter = createSecretFilter(env.secretPolicy);
    filters.set(env.secretPolicy, filter);
  }
  return filter;
}

/** A path relative to `folder` as results show it: "lib/src/a.ts" in a multi-root workspace. */
export function displayPath(folders: readonly WorkspaceFolderPath[], folder: WorkspaceFolderPath, relative: string): string {
  if (folders.length <= 1) return relative;
  return relative === "." ? folder.name : `${folder.name}/${relative}`;
}

export interface ResolveForToolOptions {
  /** Refuse paths where nothing exists (reading, editing). */
  readonly mustExist?: boolean;
}

export async function resolveForTool(env: ToolEnvironment, requested: string, options: ResolveForToolOptions = {}): Promise<ToolPath> {
  let resolved: ResolvedWorkspacePath;
  try {
    resolved = await env.resolvePath(requested, env.folders, { mustExist: options.mustExist ?? false });
  } catch (error) {
    if (error instanceof PathPolicyError) throw new ToolError(error.message);
    throw error;
  }
  const display = displayPath(env.folders, resolved.folder, resolved.relative);
  const isSecret = secretFilterFor(env);
  const match = isSecret(resolved.relative) ?? isSecret(resolved.realRelative);
  if (match) throw new ToolError(secretRefusalMessage(display, match));
  // Named pipes, sockets and devices stop here for every tool, language services included (they
  // would open the file by name, and a pipe blocks). stat never blocks; the open that follows
  // checks its descriptor again (src/node/files/verifiedOpen.ts).
  const special = (await env.stat(resolved.absolute).catch(() => undefined))?.special;
  if (special) throw new ToolError(specialFileMessage(display, special));
  return { ...resolved, display };
}

/** True for "", ".", "./" and "/": the model asking for "the workspace" rather than a path in it. */
export function meansWholeWorkspace(requested: string | undefined): boolean {
  return requested === undefined || /^\s*(\.?\/?)?\s*$/.test(requested);
}
