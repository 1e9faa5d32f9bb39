// Opening a workspace file so that what is used is what was checked. The path policy
// (workspacePaths.ts) checks a name; a symbolic link swapped between that check and the open (by
// anything running in the workspace) used to let read_file return .env or a file outside. So:
// open first, without blocking (O_NONBLOCK: a named pipe opens at once instead of waiting for a
// writer), then check the open descriptor itself: its type (regular file or folder only), where it
// really is (Linux: the /proc/self/fd/N link the kernel keeps for it; elsewhere: realpath, then
// the device and inode compared with the descriptor's), and that this real place is inside a
// workspace folder and not a secret. Reads go through that descriptor, capped, so a file that
// grows while read (or never ends) stops at the cap.
import { constants, promises as fs, type Stats } from "node:fs";
import type { FileHandle } from "node:fs/promises";
import * as path from "node:path";
import { ToolError, type DirectoryEntry } from "../../core/tools/contract";
import { specialFileMessage, specialKind } from "../../core/tools/fileKind";
import { secretFilterFor } from "../../core/tools/resolveForTool";
import { formatBytes } from "../../core/tools/resultCap";
import { secretRefusalMessage, type SecretPolicy } from "../../core/tools/secrets";
import type { WorkspaceFolderPath } from "../../core/tools/workspacePaths";
import { platformIsCaseSensitive } from "../tools/workspacePaths";

/** What a descriptor is checked against: the workspace folders and the secret policy. */
export interface FileScope {
  readonly folders: readonly WorkspaceFolderPath[];
  readonly secretPolicy: SecretPolicy;
}

/** O_NONBLOCK: a FIFO opens without a writer; O_NOCTTY: a terminal device never becomes ours. */
export const READ_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0);
const DIRECTORY_FLAGS = READ_FLAGS | (constants.O_DIRECTORY ?? 0);

/** Whether the kernel names an open descriptor's file (Linux /proc): then writes can go through it. */
export const HAS_PROC_FD = process.platform === "linux";

export interface CheckedHandle {
  readonly handle: FileHandle;
  /** Where the opened file really is (absolute, symlinks resolved). */
  readonly real: string;
  readonly stat: Stats;
  /** The real workspace folder holding it. */
  readonly root: string;
}

/**
 * Opens `absolute` and checks what was opened: a regular file (or, with expect "directory", a
 * folder), really inside a workspace folder, not a secret. `shown` names it in refusals.
 */
export async function openChecked(absolute: string, scope: FileScope, shown: string, expect: "file" | "directory" = "file"): Promise<CheckedHandle> {
  let handle: FileHandle;
  try {
    handle = await fs.open(absolute, expect === "directory" ? DIRECTORY_FLAGS : READ_FLAGS);
  } catch (error) {
    throw await openFailure(error as NodeJS.ErrnoException, absolute, shown, expect);
  }
  try {
    const stat = await handle.stat();
    const special = specialKind(stat);
    if (special) throw new ToolError(specialFileMessage(shown, special));
    if (expect === "file" && stat.isDirectory()) throw new ToolError(`${shown} is a folder, not a file. Use list_directory to see what it holds.`);
    if (expect === "directory" && !stat.isDirectory()) throw new ToolError(`${shown} is a file, not a folder.`);
    const real = await openedLocation(handle, absolute, stat, shown);
    // The name still leads to the file that was opened: a link flipped right after the open is
    // refused rather than trusted either way.
    const named = await fs.stat(absolute).catch(() => undefined);
    if (!named || !sameFile(named, stat)) throw changedWhileOpening(shown);
    const root = await checkInside(real, scope, shown);
    return { handle, real, stat, root };
  } catch (error) {
    await handle.close().catch(() => undefined);
    throw error;
  }
}

/** Opens, checks, reads at most `maxBytes` (more is refused), closes. */
export async function readCheckedText(absolute: string, scope: FileScope, shown: string, maxBytes: number): Promise<string> {
  const opened = await openChecked(absolute, scope, shown);
  try {
    return (await readCapped(opened.handle, opened.stat.size, maxBytes, shown)).toString("utf8");
  } finally {
    await opened.handle.close();
  }
}

/** The folder's entries, read through the checked descriptor (Linux) or its checked real path. */
export async function listCheckedDirectory(absolute: string, scope: FileScope, shown: string): Promise<DirectoryEntry[]> {
  const opened = await openChecked(absolute, scope, shown, "directory");
  const base = HAS_PROC_FD ? `/proc/self/fd/${opened.handle.fd}` : opened.real;
  try {
    const entries = await fs.readdir(base, { withFileTypes: true });
    return await Promise.all(
      entries.map(async (entry): Promise<DirectoryEntry> => {
        if (entry.isSymbolicLink()) return { name: entry.name, type: "symlink" };
        if (entry.isDirectory()) return { name: entry.name, type: "directory" };
        if (!entry.isFile()) return { name: entry.name, type: "other" };
        const size = await fs.lstat(path.join(base, entry.name)).then((stat) => stat.size, () => undefined);
        return size === undefined ? { name: entry.name, type: "file" } : { name: entry.name, type: "file", size };
      }),
    );
  } finally {
    await opened.handle.close();
  }
}

/**
 * Reads through the descriptor until its end or one byte past `maxBytes`; past the cap it is
 * refused, so a file that grows (a log being written) or never ends costs `maxBytes` at most.
 */
export async function readCapped(handle: FileHandle, sizeHint: number, maxBytes: number, shown: string): Promise<Buffer> {
  const tooLarge = (size: string) => new ToolError(`${shown} is too large to read (${size}, the limit is ${formatBytes(maxBytes)}). Use search_text to find the part you need.`);
  if (sizeHint > maxBytes) throw tooLarge(formatBytes(sizeHint));
  let buffer = Buffer.allocUnsafe(Math.min(Math.max(sizeHint + 1, 64 * 1024), maxBytes + 1));
  let used = 0;
  for (;;) {
    if (used === buffer.length) {
      if (used > maxBytes) throw tooLarge(`over ${formatBytes(maxBytes)}, and growing`);
      const bigger = Buffer.allocUnsafe(Math.min(buffer.length * 2, maxBytes + 1));
      buffer.copy(bigger, 0, 0, used);
      buffer = bigger;
    }
    const { bytesRead } = await handle.read(buffer, used, buffer.length - used, null);
    if (bytesRead === 0) break;
    used += bytesRead;
  }
  if (used > maxBytes) throw tooLarge(`over ${formatBytes(maxBytes)}, and growing`);
  return buffer.subarray(0, used);
}

/** Where the descriptor's file really is. */
export async function openedLocation(handle: FileHandle, absolute: string, stat: Stats, shown: string): Promise<string> {
  if (HAS_PROC_FD) {
    const viaProc = await fs.readlink(`/proc/self/fd/${handle.fd}`).catch(() => undefined);
    // "(deleted)": removed since it was opened; nothing to trust.
    if (viaProc && path.isAbsolute(viaProc) && !viaProc.endsWith(" (deleted)")) return viaProc;
    if (viaProc) throw changedWhileOpening(shown);
  }
  const real = await fs.realpath(absolute).catch(() => undefined);
  const there = real === undefined ? undefined : await fs.stat(real).catch(() => undefined);
  if (!real || !there || !sameFile(there, stat)) throw changedWhileOpening(shown);
  return real;
}

/**
 * Refuses a real location outside every workspace folder or matching a secret pattern; returns the
 * real folder holding it.
 */
export async function checkInside(real: string, scope: FileScope, shown: string): Promise<string> {
  const fold = platformIsCaseSensitive ? (s: string) => s : (s: string) => s.toLowerCase();
  const roots = await Promise.all(scope.folders.map((folder) => fs.realpath(folder.path).catch(() => undefined)));
  let best: string | undefined;
  for (const root of roots) {
    if (root === undefined) continue;
    const r = fold(root);
    const t = fold(real);
    if ((t === r || t.startsWith(r.endsWith(path.sep) ? r : r + path.sep)) && (!best || root.length > best.length)) best = root;
  }
  if (!best) {
    throw new ToolError(`${shown} turned out to be outside the workspace when it was opened (a symbolic link on the way changed), so it was not used. Use a file whose real location is inside the workspace.`);
  }
  const relative = path.relative(best, real).split(path.sep).join("/");
  const match = relative === "" ? undefined : secretFilterFor(scope)(relative);
  if (match) throw new ToolError(secretRefusalMessage(shown, match));
  return best;
}

/** Nothing is there (any more). */
export class MissingFileError extends ToolError {}

export function sameFile(a: Pick<Stats, "dev" | "ino">, b: Pick<Stats, "dev" | "ino">): boolean {
  return a.dev === b.dev && a.ino === b.ino;
}

export function changedWhileOpening(shown: string): ToolError {
  return new ToolError(`${shown} changed while it was being opened (it was replaced or a symbolic link on the way moved), so it was not used. Try again.`);
}

async function openFailure(error: NodeJS.ErrnoException, absolute: string, shown: string, expect: "file" | "directory"): Promise<Error> {
  // A socket cannot be opened (ENXIO); a device may refuse (ENXIO, ENODEV): say what it is.
  const stat = await fs.stat(absolute).catch(() => undefined);
  const special = stat && specialKind(stat);
  if (special) return new ToolError(specialFileMessage(shown, special));
  if (error.code === "ENOTDIR" && expect === "directory") return new ToolError(`${shown} is a file, not a folder.`);
  if (error.code === "ENOENT") return new MissingFileError(`${shown} does not exist (any more). Check the path, or list its folder.`);
  if (error.code === "ELOOP") return new ToolError(`${shown} could not be opened: a symbolic link loop.`);
  if (error.code === "EACCES" || error.code === "EPERM") return new ToolError(`${shown} could not be opened: permission denied.`);
  return error;
}
