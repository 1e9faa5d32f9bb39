// Where find_files and search_text look: every workspace folder, or the one folder or file the
// model named. ripgrep runs inside the scope's folder so that globs are relative to it, and its
// output is mapped back to paths relative to the workspace folder (for the secret policy and
// for the model to reuse).
import { ToolError, type ToolEnvironment } from "./contract";
import { specialFileMessage } from "./fileKind";
import { displayPath, meansWholeWorkspace, resolveForTool, secretFilterFor } from "./resolveForTool";
import { commonRipgrepArgs, ripgrepFailure } from "./ripgrepArgs";
import type { WorkspaceFolderPath } from "./workspacePaths";

export interface SearchScope {
  readonly folder: WorkspaceFolderPath;
  /** ripgrep's working folder. */
  readonly cwd: string;
  /** `cwd` relative to the workspace folder ("" for the folder itself), "/" separators. */
  readonly prefix: string;
  /** Set when the model named a single file: ripgrep's path argument. */
  readonly file?: string;
  /** The platform's path separator, as ripgrep prints paths. */
  readonly sep: string;
}

export async function searchScopes(env: ToolEnvironment, requested: string | undefined): Promise<SearchScope[]> {
  if (meansWholeWorkspace(requested)) return env.folders.map((folder) => ({ folder, cwd: folder.path, prefix: "", sep: env.paths.sep }));
  const target = await resolveForTool(env, requested!, { mustExist: true });
  const stat = await env.stat(target.absolute);
  // ripgrep reads a path it is given by name whatever it is: a named pipe would hang the search.
  // (Walking a folder, it skips what is not a regular file.)
  if (stat?.special) throw new ToolError(specialFileMessage(target.display, stat.special));
  const prefix = target.relative === "." ? "" : target.relative;
  if (stat?.type === "directory") return [{ folder: target.folder, cwd: target.absolute, prefix, sep: env.paths.sep }];
  const slash = prefix.lastIndexOf("/");
  const parent = slash < 0 ? "" : prefix.slice(0, slash);
  const { paths } = env;
  return [{ folder: target.folder, cwd: paths.dirname(target.absolute), prefix: parent, file: paths.basename(target.absolute), sep: paths.sep }];
}

/** A path as ripgrep printed it, with "/" separators (it prints "\\" on Windows). */
export function portablePath(printed: string, sep: string): string {
  return sep === "/" ? printed : printed.split(sep).join("/");
}

/** A path ripgrep printed (relative to the scope's cwd) as relative to the workspace folder. */
export function relativeToFolder(scope: SearchScope, printed: string): string {
  const clean = portablePath(printed, scope.sep);
  return scope.prefix ? `${scope.prefix}/${clean}` : clean;
}

export function scopeDisplay(env: ToolEnvironment, scope: SearchScope, relative: string): string {
  return displayPath(env.folders, scope.folder, relative);
}

export interface ScopeFiles {
  /** As ripgrep printed them: relative to the scope's cwd (native separators, as ripgrep takes them back). */
  files: string[];
  /** More files passed `keep` than `limit`; ripgrep was stopped. */
  more: boolean;
}

/**
 * The files in `scope` that ripgrep would search (.gitignore, excludes and hidden-file rules
 * applied) and `keep` accepts, given the path relative to the scope and to the workspace folder
 * (both with "/").
 */
export async function scopeFiles(
  env: ToolEnvironment,
  scope: SearchScope,
  signal: AbortSignal,
  keep: (portable: string, relative: string) => boolean,
  limit: number,
  /** ripgrep arguments narrowing the list first (an include file type or ignore file), so fewer paths cross the pipe. */
  narrow: readonly string[] = [],
): Promise<ScopeFiles> {
  const files: string[] = [];
  let more = false;
  const args = [...commonRipgrepArgs(env, secretFilterFor(env)), ...narrow, "--files", "--null"];
  if (scope.file) args.push("--", scope.file);
  const outcome = await env.runRipgrep(env.ripgrepPath, args, {
    cwd: scope.cwd,
    signal,
    nulSeparated: true,
    onLine: (line) => {
      if (line === "" || !keep(portablePath(line, scope.sep), relativeToFolder(scope, line))) return true;
      if (files.length >= limit) {
        more = true;
        return false;
      }
      files.push(line);
      return true;
    },
  });
  const failure = ripgrepFailure(outcome, files.length > 0);
  if (failure) throw new ToolError(`Listing files failed: ${failure}`);
  return { files, more };
}
