// Running ripgrep for find_files and search_text: streams its output line by line, stops it as
// soon as the caller has enough (a common word in a big repository would otherwise print
// megabytes nobody reads), and stops it on cancel.
import { spawn } from "node:child_process";
import { StringDecoder } from "node:string_decoder";
import { ToolError, type RipgrepOptions, type RipgrepOutcome } from "../../core/tools/contract";

const MAX_STDERR = 4096;

export function runRipgrep(rgPath: string, args: readonly string[], options: RipgrepOptions): Promise<RipgrepOutcome> {
  options.signal.throwIfAborted();
  return new Promise((resolve, reject) => {
    const child = spawn(rgPath, args, { cwd: options.cwd, stdio: ["ignore", "pipe", "pipe"], windowsHide: true });
    let stopped = false;
    let stderr = "";
    const separator = options.nulSeparated ? "\0" : "\n";
    // Whole chunks are decoded and split at once (a line at a time is measurably slower on the
    // tens of thousands of lines `rg --files` prints); the decoder keeps characters split
    // between chunks intact.
    const decoder = new StringDecoder("utf8");
    let pending = "";

    const stop = () => {
      if (stopped) return;
      stopped = true;
      child.stdout.destroy();
      child.kill();
    };
    const onAbort = () => stop();
    options.signal.addEventListener("abort", onAbort, { once: true });

    child.stdout.on("data", (chunk: Buffer) => {
      if (stopped) return;
      const lines = (pending + decoder.write(chunk)).split(separator);
      pending = lines.pop()!;
      for (const line of lines) {
        if (options.onLine(!options.nulSeparated && line.endsWith("\r") ? line.slice(0, -1) : line) === false) {
          stop();
          return;
        }
      }
    });
    child.stderr.on("data", (chunk: Buffer) => {
      if (stderr.length < MAX_STDERR) stderr += chunk.toString("utf8");
    });
    child.on("error", (error: NodeJS.ErrnoException) => {
      options.signal.removeEventListener("abort", onAbort);
      if (error.code === "ENOENT") reject(new ToolError(`Searching is unavailable: ripgrep was not found at ${rgPath}. Tell the user to install ripgrep (rg).`));
      else reject(error);
    });
    child.on("close", (code) => {
      options.signal.removeEventListener("abort", onAbort);
      if (options.signal.aborted) {
        reject(options.signal.reason);
        return;
      }
      pending += decoder.end();
      if (!stopped && pending !== "") options.onLine(pending);
      resolve({ exitCode: stopped ? null : code, stderr: stderr.slice(0, MAX_STDERR), stopped });
    });
  });
}

