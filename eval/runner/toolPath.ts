// Commands in a task copy (the agent's run_command and the checkers) find `tsc` on PATH: this
// project's own TypeScript, so a fresh clone with nothing installed in the fixture can compile it.
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";

const TSC = path.resolve(__dirname, "..", "..", "node_modules", "typescript", "bin", "tsc");

/**
 * Writes a `tsc` launcher into a temporary folder and puts that folder first on this process's
 * PATH (child processes inherit it). Returns the folder, to remove at the end.
 */
export async function provideTools(): Promise<string> {
  await fs.access(TSC).catch(() => {
    throw new Error(`TypeScript is not installed at ${TSC}: run npm install in the repository first.`);
  });
  const bin = await fs.mkdtemp(path.join(os.tmpdir(), "gpt-oss-eval-bin-"));
  const launcher = path.join(bin, "tsc");
  await fs.writeFile(launcher, `#!/bin/sh\nexec ${shellQuote(process.execPath)} ${shellQuote(TSC)} "$@"\n`, { mode: 0o755 });
  process.env.PATH = `${bin}${path.delimiter}${process.env.PATH ?? ""}`;
  return bin;
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
