// Throwaway copies of the sample workspace for tests that change files (an approved edit, an
// accepted completion): the fixture itself must never change. And a poll for conditions outside
// the page (a file on disk), which Playwright's own waits cannot watch.
import { cpSync, mkdtempSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { sampleWorkspace } from "./paths";

/** A temporary folder (`scratch`, remove it when done) holding a copy of the sample workspace (`folder`). */
export function sampleWorkspaceCopy(name: string): { scratch: string; folder: string } {
  const scratch = mkdtempSync(path.join(os.tmpdir(), `${name}-`));
  const folder = path.join(scratch, "invoice-calculator");
  cpSync(sampleWorkspace, folder, { recursive: true });
  return { scratch, folder };
}

/** Polls `check` every 200 ms until it holds; throws naming `what` after `timeoutMs`. */
export async function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
