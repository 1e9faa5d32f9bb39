// Shared by the tools-*.test.ts files: a real temporary workspace on disk, the command-line
// tool's environment over it, and calling a tool the way the agent loop does (parse the
// arguments with its schema, prepare a changing tool, then run it with that change).
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { ToolError, type AnyTool, type ProposedChange, type ToolEnvironment, type ToolResult } from "../../src/core/tools/contract";
import { createNodeToolEnvironment, type NodeToolEnvironmentOptions } from "../../src/node/tools/nodeEnvironment";
import type { WorkspaceFolderPath } from "../../src/core/tools/workspacePaths";

/** Files to write: text, or { link: target } for a symbolic link (target as written). */
export type FileSpec = Record<string, string | Buffer | { link: string }>;

export interface TestWorkspace {
  /** The temporary root holding the folders (and anything "outside"). */
  readonly root: string;
  readonly folders: WorkspaceFolderPath[];
  /** The first folder's absolute path. */
  readonly dir: string;
  readonly env: ToolEnvironment;
  path(relative: string): string;
  read(relative: string): string;
  write(relative: string, content: string | Buffer): void;
  remove(): void;
}

export function writeFiles(base: string, files: FileSpec): void {
  for (const [relative, content] of Object.entries(files)) {
    const target = join(base, relative);
    mkdirSync(dirname(target), { recursive: true });
    if (typeof content === "object" && !Buffer.isBuffer(content)) symlinkSync(content.link, target);
    else writeFileSync(target, content);
  }
}

/**
 * A temporary root with one folder per entry of `folders` (name -> files), plus `outside` files
 * at the root next to them. The environment covers only the folders.
 */
export function makeWorkspace(
  folders: Record<string, FileSpec>,
  options: { outside?: FileSpec; env?: Omit<NodeToolEnvironmentOptions, "folders"> } = {},
): TestWorkspace {
  const root = realpathSync(mkdtempSync(join(tmpdir(), "gpt-oss-tools-")));
  const list: WorkspaceFolderPath[] = [];
  for (const [name, files] of Object.entries(folders)) {
    const path = join(root, name);
    mkdirSync(path, { recursive: true });
    writeFiles(path, files);
    list.push({ name, path });
  }
  writeFiles(root, options.outside ?? {});
  const dir = list[0]!.path;
  return {
    root,
    folders: list,
    dir,
    env: createNodeToolEnvironment({ folders: list, ...options.env }),
    path: (relative) => join(dir, relative),
    read: (relative) => readFileSync(join(dir, relative), "utf8"),
    write: (relative, content) => writeFiles(dir, { [relative]: content }),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

export interface CallOptions {
  maxResultChars?: number;
  signal?: AbortSignal;
}

/** Runs `tool` as the agent loop would (schema-parsed arguments; prepare, then run with the change). */
export async function callTool(tool: AnyTool, env: ToolEnvironment, args: unknown, options: CallOptions = {}): Promise<ToolResult> {
  const context = { env, signal: options.signal ?? new AbortController().signal, maxResultChars: options.maxResultChars ?? 20_000 };
  const params = tool.parameters.parse(args);
  const change = tool.prepare ? await tool.prepare(params, context) : undefined;
  return tool.run(params, context, change);
}

/** The change a changing tool proposes, without applying it. */
export async function prepareTool(tool: AnyTool, env: ToolEnvironment, args: unknown, options: CallOptions = {}): Promise<ProposedChange> {
  assert.ok(tool.prepare, `${tool.name} has no prepare()`);
  return tool.prepare(tool.parameters.parse(args), { env, signal: options.signal ?? new AbortController().signal, maxResultChars: options.maxResultChars ?? 20_000 });
}

/** The ToolError a call is refused with (fails the test if it succeeds or throws something else). */
export async function refusal(promise: Promise<unknown>): Promise<ToolError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ToolError, `expected a ToolError, got ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
    return error;
  }
  assert.fail("expected the call to be refused");
}
