// The tools' environment for the command-line tool: plain files, no editor buffers, no language
// services. Writes are atomic (a temporary file renamed over the target), so an interrupted edit
// never leaves half a file.
import { accessSync, constants, statSync } from "node:fs";
import { promises as fs } from "node:fs";
import { randomBytes } from "node:crypto";
import * as path from "node:path";
import { ToolError, type DirectoryEntry, type ProposedChange, type ToolEnvironment } from "../../core/tools/contract";
import { applyPatchFiles, type FileOperations } from "../../core/tools/applyPatch/applyFiles";
import { formatBytes } from "../../core/tools/resultCap";
import type { SecretPolicy } from "../../core/tools/secrets";
import type { WorkspaceFolderPath } from "../../core/tools/workspacePaths";
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
  return {
    ...nodeFileAccess,
    folders: options.folders,
    secretPolicy: options.secretPolicy ?? {},
    get ripgrepPath() {
      return (ripgrep ??= findRipgrep());
    },
    excludeGlobs: options.excludeGlobs ?? [],
    readText,
    readDirectory,
    applyEdit,
    applyPatch: (files) => applyPatchFiles(files, nodeFileOperations),
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

async function readText(absolute: string): Promise<string> {
  const stat = await fs.stat(absolute);
  if (stat.size > NODE_MAX_READ_BYTES) {
    throw new ToolError(`${path.basename(absolute)} is too large to read (${formatBytes(stat.size)}). Use search_text to find the part you need.`);
  }
  return fs.readFile(absolute, "utf8");
}

async function readDirectory(absolute: string): Promise<DirectoryEntry[]> {
  const entries = await fs.readdir(absolute, { withFileTypes: true });
  return Promise.all(
    entries.map(async (entry): Promise<DirectoryEntry> => {
      if (entry.isDirectory()) return { name: entry.name, type: "directory" };
      if (entry.isSymbolicLink()) return { name: entry.name, type: "symlink" };
      if (!entry.isFile()) return { name: entry.name, type: "other" };
      const size = await fs.lstat(path.join(absolute, entry.name)).then((stat) => stat.size, () => undefined);
      return size === undefined ? { name: entry.name, type: "file" } : { name: entry.name, type: "file", size };
    }),
  );
}

async function applyEdit(change: Extract<ProposedChange, { kind: "edit" }>): Promise<void> {
  if (change.create) return createFile(change.absolute, change.path, change.after);
  // Through a symbolic link, write the file it points to (renaming over the link would replace it).
  const target = await fs.realpath(change.absolute).catch(() => undefined);
  const current = target === undefined ? undefined : await fs.readFile(target, "utf8").catch(() => undefined);
  if (target === undefined || current !== change.before) {
    throw new ToolError(
      `${change.path} ${current === undefined ? "no longer exists" : "changed"} since this edit was prepared, so it was not applied. Read the file again and redo the edit.`,
    );
  }
  const mode = (await fs.stat(target)).mode;
  const temp = temporaryName(target);
  try {
    await fs.writeFile(temp, change.after, { flag: "wx" });
    await fs.chmod(temp, mode & 0o7777); // the umask must not narrow the file's permissions
    await fs.rename(temp, target);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
}

const nodeFileOperations: FileOperations = {
  readCurrent: (absolute) =>
    fs
      .realpath(absolute)
      .then((target) => fs.readFile(target, "utf8"))
      .catch(() => undefined),
  exists: (absolute) => fs.lstat(absolute).then(() => true, () => false),
  applyEdit,
  remove: (absolute) => fs.rm(absolute),
};

async function createFile(absolute: string, shown: string, text: string): Promise<void> {
  await fs.mkdir(path.dirname(absolute), { recursive: true });
  const temp = temporaryName(absolute);
  await fs.writeFile(temp, text, { flag: "wx" });
  try {
    // link() is an atomic "create if absent": a file that appeared meanwhile is never overwritten.
    await fs.link(temp, absolute);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST") throw new ToolError(`${shown} already exists (it appeared after the change was prepared). Use edit_file to change it.`);
    if (code !== "EPERM" && code !== "ENOTSUP" && code !== "EOPNOTSUPP" && code !== "ENOSYS") throw error;
    // File systems without hard links: exclusive create, not atomic but never clobbering.
    await fs.writeFile(absolute, text, { flag: "wx" }).catch((inner: NodeJS.ErrnoException) => {
      if (inner.code === "EEXIST") throw new ToolError(`${shown} already exists. Use edit_file to change it.`);
      throw inner;
    });
  } finally {
    await fs.rm(temp, { force: true });
  }
}

/** A hidden sibling, so the rename stays on one file system. */
function temporaryName(absolute: string): string {
  return path.join(path.dirname(absolute), `.${path.basename(absolute)}.${randomBytes(4).toString("hex")}.tmp`);
}
