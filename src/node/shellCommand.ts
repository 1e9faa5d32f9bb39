// Runs one shell command for run_command, in VS Code and the command-line tool alike: captured
// output (stdout and stderr interleaved as produced), bounded in time and size, in its own
// process group with stdin closed (an interactive prompt gets EOF instead of hanging), killed with
// everything it started on timeout or cancel (a test runner's workers too). The model reads the
// captured text; `onOutput` mirrors it live to the terminal the user watches in VS Code.
import { spawn } from "node:child_process";
import { StringDecoder } from "node:string_decoder";
import type { CommandOptions, CommandOutcome } from "../core/tools/contract";
import { endProcessGroup } from "./processGroup";

export interface RunOptions extends CommandOptions {
  /** Every chunk as it arrives, whole (the size limit only bounds what the model gets). */
  onOutput?(text: string): void;
}

/**
 * How long a killed command gets to end after SIGTERM before SIGKILL. The longer of the two the
 * runners used to have: a test runner or a build tool gets time to stop its workers cleanly.
 */
const KILL_GRACE_MS = 2000;
/** After the process exits, how long to wait for its pipes to drain (a grandchild may hold them). */
const DRAIN_MS = 500;

/**
 * Keeps the head and the tail of the output within `maxBytes`, 40% head and 60% tail: a build's
 * first lines say what ran, its last lines usually say what failed, so the tail gets more. The
 * middle is dropped with a marker that says how much. Cuts never split a UTF-8 character.
 */
class BoundedOutput {
  private head = "";
  private headBytes = 0;
  private tail: string[] = [];
  private tailBytes = 0;
  private dropped = 0;

  constructor(private readonly maxBytes: number) {}

  get truncated(): boolean {
    return this.dropped > 0;
  }

  add(text: string): void {
    const headRoom = Math.floor(this.maxBytes * 0.4) - this.headBytes;
    if (headRoom > 0 && this.tail.length === 0) {
      const taken = cutToBytes(text, headRoom);
      this.head += taken;
      this.headBytes += Buffer.byteLength(taken);
      text = text.slice(taken.length);
      if (text === "") return;
    }
    this.tail.push(text);
    this.tailBytes += Buffer.byteLength(text);
    const tailRoom = this.maxBytes - Math.floor(this.maxBytes * 0.4);
    while (this.tailBytes > tailRoom && this.tail.length > 0) {
      const first = this.tail[0]!;
      const excess = this.tailBytes - tailRoom;
      const firstBytes = Buffer.byteLength(first);
      if (firstBytes <= excess) {
        this.tail.shift();
        this.tailBytes -= firstBytes;
        this.dropped += firstBytes;
      } else {
        const kept = keepLastBytes(first, firstBytes - excess);
        const removed = firstBytes - Buffer.byteLength(kept);
        this.tail[0] = kept;
        this.tailBytes -= removed;
        this.dropped += removed;
      }
    }
  }

  text(): string {
    const tail = this.tail.join("");
    return this.dropped > 0 ? `${this.head}\n[... ${this.dropped} bytes of output omitted ...]\n${tail}` : this.head + tail;
  }
}

/** The longest prefix of `text` within `maxBytes` UTF-8 bytes, never splitting a character. */
function cutToBytes(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text) <= maxBytes) return text;
  let bytes = 0;
  let end = 0;
  for (const char of text) {
    const size = Buffer.byteLength(char);
    if (bytes + size > maxBytes) break;
    bytes += size;
    end += char.length;
  }
  return text.slice(0, end);
}

function keepLastBytes(text: string, maxBytes: number): string {
  const chars = [...text];
  let bytes = 0;
  let start = chars.length;
  while (start > 0) {
    const size = Buffer.byteLength(chars[start - 1]!);
    if (bytes + size > maxBytes) break;
    bytes += size;
    start--;
  }
  return chars.slice(start).join("");
}

export function runShellCommand(command: string, cwd: string, options: RunOptions): Promise<CommandOutcome> {
  const started = Date.now();
  const output = new BoundedOutput(Math.max(1, options.maxOutputBytes));
  const posix = process.platform !== "win32";
  return new Promise<CommandOutcome>((resolve) => {
    if (options.signal.aborted) {
      resolve({ exitCode: null, output: "", timedOut: false, truncated: false, durationMs: 0 });
      return;
    }
    const child = spawn(command, {
      cwd,
      shell: true,
      // Its own process group (POSIX), so a kill reaches what the shell started too.
      detached: posix,
      windowsHide: true,
      stdio: ["ignore", "pipe", "pipe"],
      // No pager may wait for a key nobody will press.
      env: { ...process.env, PAGER: "cat", GIT_PAGER: "cat" },
    });

    let timedOut = false;
    let killed = false;
    let settled = false;
    let exitCode: number | null = null;
    let drainTimer: NodeJS.Timeout | undefined;
    let graceTimer: NodeJS.Timeout | undefined;

    const kill = () => {
      if (killed) return;
      killed = true;
      signalTree("SIGTERM");
      graceTimer = setTimeout(() => signalTree("SIGKILL"), KILL_GRACE_MS);
    };
    const signalTree = (signal: NodeJS.Signals) => {
      if (child.pid === undefined) return;
      try {
        if (posix) process.kill(-child.pid, signal);
        else spawn("taskkill", ["/pid", String(child.pid), "/T", "/F"], { windowsHide: true });
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, Math.max(1, options.timeoutMs));
    const onAbort = () => kill();
    options.signal.addEventListener("abort", onAbort, { once: true });

    const decoders = { out: new StringDecoder("utf8"), err: new StringDecoder("utf8") };
    const take = (text: string) => {
      if (text === "" || settled) return;
      output.add(text);
      options.onOutput?.(text);
    };
    child.stdout.on("data", (chunk: Buffer) => take(decoders.out.write(chunk)));
    child.stderr.on("data", (chunk: Buffer) => take(decoders.err.write(chunk)));

    const finish = () => {
      if (settled) return;
      take(decoders.out.end());
      take(decoders.err.end());
      settled = true;
      clearTimeout(timer);
      clearTimeout(drainTimer);
      // Leave the SIGKILL armed only if the group may still be alive (exit came before close).
      if (!killed) clearTimeout(graceTimer);
      options.signal.removeEventListener("abort", onAbort);
      resolve({
        exitCode: killed ? null : exitCode,
        output: output.text(),
        timedOut,
        truncated: output.truncated,
        durationMs: Date.now() - started,
      });
    };
    child.on("error", (error) => {
      take(`${error.message}\n`);
      finish();
    });
    child.on("exit", (code) => {
      exitCode = code;
      // The shell is done: what it left running in its group ends too (see processGroup.ts).
      if (posix) endProcessGroup(child.pid);
      drainTimer = setTimeout(finish, DRAIN_MS);
    });
    child.on("close", finish);
  });
}
