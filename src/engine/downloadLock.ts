// One writer per model file. Two VS Code windows share the extension's global storage, and two
// ipull downloaders writing the same `.ipull` file corrupt it, so a download holds
// `<file>.lock` (created exclusively) and refreshes it; a lock whose process is gone, or that
// nobody refreshed for a while (a crash, another machine on a shared folder), is taken over.
import { promises as fs } from "node:fs";
import os from "node:os";

const REFRESH_MS = 30_000;
const STALE_MS = 3 * 60_000;

/** Appended to the (first) model file's name. */
export const LOCK_SUFFIX = ".lock";

/** Whether a lock last refreshed at `mtimeMs` may still belong to a running download. */
export function lockLooksAlive(mtimeMs: number, now = Date.now()): boolean {
  return now - mtimeMs <= STALE_MS;
}

export interface DownloadLock {
  release(): Promise<void>;
}

/** Takes the lock, or returns undefined when a live download holds it. */
export async function acquireDownloadLock(lockPath: string): Promise<DownloadLock | undefined> {
  const content = JSON.stringify({ pid: process.pid, host: os.hostname(), since: new Date().toISOString() });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await fs.writeFile(lockPath, content, { flag: "wx" });
      const timer = setInterval(() => {
        const now = new Date();
        fs.utimes(lockPath, now, now).catch(() => undefined);
      }, REFRESH_MS);
      timer.unref();
      return {
        async release() {
          clearInterval(timer);
          await fs.rm(lockPath, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      if (!(await isStale(lockPath))) return undefined;
      await fs.rm(lockPath, { force: true });
    }
  }
  return undefined;
}

async function isStale(lockPath: string): Promise<boolean> {
  try {
    const [text, stat] = await Promise.all([fs.readFile(lockPath, "utf8"), fs.stat(lockPath)]);
    if (!lockLooksAlive(stat.mtimeMs)) return true;
    const owner = JSON.parse(text) as { pid?: unknown; host?: unknown };
    return owner.host === os.hostname() && typeof owner.pid === "number" && !isAlive(owner.pid);
  } catch {
    // Unreadable or half-written: only its age can tell, and it was not old.
    return false;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
