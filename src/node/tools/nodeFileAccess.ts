// The file system and processes under the tools, on Node: what core's tool definitions reach
// through ToolEnvironment (FileAccess) instead of importing `node:` themselves. Both Node
// environments, VS Code's and the command-line tool's, spread this object.
import { randomBytes } from "node:crypto";
import { promises as fs, type Stats } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import type { FileAccess, FileInfo } from "../../core/tools/contract";
import { specialKind } from "../../core/tools/fileKind";
import { runRipgrep } from "./ripgrep";
import { resolveWorkspacePath } from "./workspacePaths";

function fileInfo(stat: Stats): FileInfo {
  const type = stat.isSymbolicLink() ? "symlink" : stat.isDirectory() ? "directory" : stat.isFile() ? "file" : "other";
  const special = type === "other" ? specialKind(stat) : undefined;
  return special ? { type, size: stat.size, special } : { type, size: stat.size };
}

async function stat(absolute: string, options: { followLinks?: boolean } = {}): Promise<FileInfo | undefined> {
  try {
    return fileInfo(options.followLinks === false ? await fs.lstat(absolute) : await fs.stat(absolute));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return undefined;
    throw error;
  }
}

async function withTemporaryFile<T>(text: string, work: (file: string) => Promise<T>): Promise<T> {
  // "wx": a name someone else placed in the shared temporary folder (a link) is never written through.
  const file = path.join(tmpdir(), `gpt-oss-${randomBytes(8).toString("hex")}.tmp`);
  await fs.writeFile(file, text, { flag: "wx" });
  try {
    return await work(file);
  } finally {
    await fs.rm(file, { force: true });
  }
}

export const nodeFileAccess: FileAccess = {
  paths: path,
  stat,
  resolvePath: resolveWorkspacePath,
  runRipgrep,
  withTemporaryFile,
};
