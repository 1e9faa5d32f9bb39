// The tools' environment for the command-line tool: plain files, no editor buffers, no language
// services. Writes are atomic (a temporary file renamed over the target), so an interrupted edit
// never leaves half a file. Every read, listing and write checks what it opened, not the name
// (src/node/files/verified*.ts): special files are refused, symlink races cannot leave the workspace.
import { accessSync, constants, promises as fs, statSync } from "node:fs";
import * as path from "node:path";
import { applyPatchFiles, type FileOperations } from "../../core/tools/applyPatch/applyFiles";
import { ToolError, type ToolEnvironment } from "../../core/tools/contract";
import type { SecretPolicy } from "../../core/tools/secrets";
import type { WorkspaceFolderPath } from "../../core/tools/workspacePaths";
import { listCheckedDirectory, readCheckedText, type FileScope } from "../files/verifiedOpen";
import { createChecked, replaceChecked } from "../files/verifiedWrite";
import { runShellCommand } from "../shellCommand";
import { nodeFileAccess } from "./nodeFileAccess";

/** Larger files are refused: read_file pages through text, but the whole file is read first. */
export const NODE_MAX_READ_BYTES = 64 * 1024 * 1024;

export interface NodeToolEnvironmentOptions {
  folders: readonly WorkspaceFolderPath[];
  secretPolicy?: SecretPolicy;
  /** Default: findRipgrep(), looked up on first use (a chat that never searches needs no rg). */
  ripgrepPath?: string;
  excludeGlobs?: readonly string[];
}

export function createNodeToolEnvironment(options: NodeToolEnvironmentOptions): ToolEnvironment {
  let ripgrep = options.ripgrepPath;
  // Every open is checked on the descriptor (verifiedOpen.ts), against these folders and secrets.
  const scope: FileScope = { folders: options.folders, secretPolicy: options.secretPolicy ?? {} };
  const shown = (absolute: string) => shownName(absolute, options.folders);
  const applyEdit: ToolEnvironment["applyEdit"] = (change) =>
    change.create
      ? createChecked(scope, { absolute: change.absolute, shown: change.path, text: change.after })
      : replaceChecked(scope, { absolute: change.absolute, shown: change.path, before: change.before, after: change.after, maxBytes: NODE_MAX_READ_BYTES });
  // apply_patch: every file checked first, then written with the same checked single-file writes.
  const patchFiles: FileOperations = {
    readCurrent: (absolute) => readCheckedText(absolute, scope, shown(absolute), NODE_MAX_READ_BYTES).catch(() => undefined),
    exists: (absolute) => fs.lstat(absolute).then(() => true, () => false),
    applyEdit,
    remove: (absolute) => fs.rm(absolute),
  };
  return {
    ...nodeFileAccess,
    folders: scope.folders,
    secretPolicy: scope.secretPolicy,
    get ripgrepPath() {
      return (ripgrep ??= findRipgrep());
    },
    excludeGlobs: options.excludeGlobs ?? [],
    readText: (absolute) => readCheckedText(absolute, scope, shown(absolute), NODE_MAX_READ_BYTES),
    readDirectory: (absolute) => listCheckedDirectory(absolute, scope, shown(absolute)),
    applyEdit,
    applyPatch: (files) => applyPatchFiles(files, patchFiles),
    runCommand: runShellCommand,
  };
}

/**
 * The ripgrep binary: $GPT_OSS_RIPGREP, else `rg` on PATH. Throws a ToolError naming the fix, so a
 * search tool's result tells the model (and the user reading along) what is missing.
 */
export function findRipgrep(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const configured = env.GPT_OSS_RIPGREP?.trim();
  if (configured) {
    if (isExecutableFile(configured)) return configured;
    throw new ToolError(`GPT_OSS_RIPGREP is set to ${configured}, but no runnable program is there. Point it at the rg binary, or unset it to use rg from PATH.`);
  }
  const name = platform === "win32" ? "rg.exe" : "rg";
  for (const dir of (env.PATH ?? env.Path ?? "").split(path.delimiter)) {
    if (dir && isExecutableFile(path.join(dir, name))) return path.join(dir, name);
  }
  throw new ToolError(
    "ripgrep (rg) was not found on PATH, and find_files and search_text need it. Install it (Debian/Ubuntu: sudo apt-get install ripgrep; " +
      "macOS: brew install ripgrep; Windows: winget install BurntSushi.ripgrep.MSVC) or set GPT_OSS_RIPGREP to the rg binary.",
  );
}

function isExecutableFile(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** How results would name a file: relative to its folder when inside one. */
function shownName(absolute: string, folders: readonly WorkspaceFolderPath[]): string {
  for (const folder of folders) {
    const relative = path.relative(folder.path, absolute);
    if (relative && !relative.startsWith("..") && !path.isAbsolute(relative)) return relative.split(path.sep).join("/");
  }
  return path.basename(absolute);
}
