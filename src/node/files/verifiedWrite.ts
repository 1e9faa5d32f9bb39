// Writing a workspace file so that the write lands where the check said. An edit opens the file
// (verifiedOpen.ts checks the descriptor), compares its text, then opens the folder that really
// holds it, checks that descriptor too, and writes a temporary file in it renamed over the name.
// On Linux every step after the check goes through the folder's descriptor
// (/proc/self/fd/N/name resolves inside the folder that was opened, whatever links change on the
// way there), so a link flipped at any moment cannot move the write elsewhere. Elsewhere the
// checked real path is used: checked just before, but not immune to a swap in between.
// A new file's parent folders are made one at a time, each opened and checked before the next is
// made in it, so no folder is ever made outside the workspace either.
import { randomBytes } from "node:crypto";
import { promises as fs } from "node:fs";
import type { FileHandle } from "node:fs/promises";
import * as path from "node:path";
import { ToolError } from "../../core/tools/contract";
import { checkInside, HAS_PROC_FD, MissingFileError, openChecked, readCapped, type FileScope } from "./verifiedOpen";

export interface ReplaceRequest {
  readonly absolute: string;
  /** How the user and model name it. */
  readonly shown: string;
  /** The text the change was computed against; anything else there now refuses the write. */
  readonly before: string;
  readonly after: string;
  readonly maxBytes: number;
}

/** Replaces an existing file's text (through a symbolic link: the file it points to, if inside). */
export async function replaceChecked(scope: FileScope, request: ReplaceRequest): Promise<void> {
  const { shown } = request;
  const file = await openChecked(request.absolute, scope, shown).catch((error: unknown) => {
    if (error instanceof MissingFileError) throw new ToolError(`${shown} no longer exists since this edit was prepared, so it was not applied. Read the file again and redo the edit.`);
    throw error;
  });
  let folder: FileHandle | undefined;
  try {
    const current = (await readCapped(file.handle, file.stat.size, request.maxBytes, shown)).toString("utf8");
    if (current !== request.before) {
      throw new ToolError(`${shown} changed since this edit was prepared, so it was not applied. Read the file again and redo the edit.`);
    }
    const opened = await openChecked(path.dirname(file.real), scope, shown, "directory");
    folder = opened.handle;
    if (opened.real !== path.dirname(file.real)) throw new ToolError(`${shown} was moved while it was being edited, so the edit was not applied. Try again.`);
    const base = HAS_PROC_FD ? `/proc/self/fd/${folder.fd}` : opened.real;
    const name = path.basename(file.real);
    const temp = path.join(base, temporaryName(name));
    try {
      await fs.writeFile(temp, request.after, { flag: "wx" });
      await fs.chmod(temp, file.stat.mode & 0o7777); // the umask must not narrow the file's permissions
      await fs.rename(temp, path.join(base, name));
    } catch (error) {
      await fs.rm(temp, { force: true });
      throw error;
    }
  } finally {
    await folder?.close().catch(() => undefined);
    await file.handle.close().catch(() => undefined);
  }
}

export interface CreateRequest {
  readonly absolute: string;
  readonly shown: string;
  readonly text: string;
}

/** Makes a new file (and its missing folders); one that exists by then is never overwritten. */
export async function createChecked(scope: FileScope, request: CreateRequest): Promise<void> {
  const { shown } = request;
  const home = lexicalRoot(request.absolute, scope);
  if (!home) throw new ToolError(`${shown} is outside the workspace.`);
  const parts = path.relative(home, path.dirname(request.absolute)).split(path.sep).filter((part) => part !== "");
  let folder = await openChecked(home, scope, shown, "directory");
  try {
    for (const part of parts) {
      const base = HAS_PROC_FD ? `/proc/self/fd/${folder.handle.fd}` : folder.real;
      // mkdir never follows a link at its last step: a link there (even a dangling one) is EEXIST
      // and is then opened and checked like any folder on the way.
      await fs.mkdir(path.join(base, part)).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== "EEXIST") throw error;
      });
      const next = await openChecked(path.join(base, part), scope, shown, "directory");
      await folder.handle.close();
      folder = next;
    }
    const name = path.basename(request.absolute);
    await checkInside(path.join(folder.real, name), scope, shown);
    const base = HAS_PROC_FD ? `/proc/self/fd/${folder.handle.fd}` : folder.real;
    await createIn(base, name, request.text, shown);
  } finally {
    await folder.handle.close().catch(() => undefined);
  }
}

async function createIn(base: string, name: string, text: string, shown: string): Promise<void> {
  const target = path.join(base, name);
  const temp = path.join(base, temporaryName(name));
  await fs.writeFile(temp, text, { flag: "wx" });
  try {
    // link() is an atomic "create if absent": a file (or link) that appeared meanwhile is never
    // overwritten or followed.
    await fs.link(temp, target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST") throw new ToolError(`${shown} already exists (it appeared after the change was prepared). Use edit_file to change it.`);
    if (code !== "EPERM" && code !== "ENOTSUP" && code !== "EOPNOTSUPP" && code !== "ENOSYS") throw error;
    // File systems without hard links: exclusive create ("wx" never follows a link), not atomic but never clobbering.
    await fs.writeFile(target, text, { flag: "wx" }).catch((inner: NodeJS.ErrnoException) => {
      if (inner.code === "EEXIST") throw new ToolError(`${shown} already exists. Use edit_file to change it.`);
      throw inner;
    });
  } finally {
    await fs.rm(temp, { force: true });
  }
}

/** The workspace folder (as configured, not resolved) that `absolute` lies in lexically. */
function lexicalRoot(absolute: string, scope: FileScope): string | undefined {
  let best: string | undefined;
  for (const folder of scope.folders) {
    const root = path.resolve(folder.path);
    const inside = absolute === root || absolute.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
    if (inside && (!best || root.length > best.length)) best = root;
  }
  return best;
}

/** A hidden sibling, so the rename stays on one file system. */
function temporaryName(name: string): string {
  return `.${name}.${randomBytes(4).toString("hex")}.tmp`;
}
