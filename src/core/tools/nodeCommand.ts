// Running a shell command for the command-line tool: in its own process group so that a timeout
// or a cancel stops everything it started (a test runner's workers too), with stdin closed (an
// interactive prompt gets EOF instead of hanging), stdout and stderr interleaved as they come.
import { endProcessGroup } from "../../node/processGroup";
import { spawn } from "node:child_process";
import type { CommandOptions, CommandOutcome } from "./contract";
import { formatCount } from "./resultCap";

/** Time between asking a process to stop (SIGTERM) and making it (SIGKILL). */
const KILL_GRACE_MS = 2000;
/** After the shell exits, how long to wait for background children still holding its output open. */
const CLOSE_GRACE_MS = 500;

export function runShellCommand(command: string, cwd: string, options: CommandOptions): Promise<CommandOutcome> {
  const started = performance.now();
  const output = new HeadTailBuffer(options.maxOutputBytes);
  return new Promise((resolve, reject) => {
    if (options.signal.aborted) {
      resolve({ exitCode: null, output: "", timedOut: false, truncated: false, durationMs: 0 });
      return;
    }
    const posix = process.platform !== "win32";
    const child = spawn(command, {
      cwd,
      shell: true,
      detached: posix,
      stdio: ["ignore", "pipe", "pipe"],
      windowsHide: true,
      // Pagers would wait for a terminal that is not there.
      env: { ...process.env, PAGER: "cat", GIT_PAGER: "cat" },
    });
    let timedOut = false;
    let exitCode: number | null = null;
    let killTimer: NodeJS.Timeout | undefined;
    let closeTimer: NodeJS.Timeout | undefined;

    const signalGroup = (signal: NodeJS.Signals) => {
      if (child.pid === undefined) return;
      try {
        if (posix) process.kill(-child.pid, signal);
        else spawn("taskkill", ["/pid", String(child.pid), "/T", "/F"], { windowsHide: true });
      } catch {
        // Already gone.
      }
    };
    const stop = () => {
      signalGroup("SIGTERM");
      killTimer ??= setTimeout(() => signalGroup("SIGKILL"), KILL_GRACE_MS);
    };
    const timeout = setTimeout(() => {
      timedOut = true;
      stop();
    }, options.timeoutMs);
    options.signal.addEventListener("abort", stop, { once: true });

    child.stdout.on("data", (chunk: Buffer) => output.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => output.push(chunk));
    child.on("error", (error) => {
      cleanup();
      reject(error);
    });
    child.on("exit", (code) => {
      exitCode = code;
      // The shell is done: what it left running in its group ends too (see processGroup.ts).
      if (posix) endProcessGroup(child.pid);
      // A background child (`server &`) may hold the pipes open for ever; do not wait for it.
      closeTimer = setTimeout(() => {
        child.stdout.destroy();
        child.stderr.destroy();
      }, CLOSE_GRACE_MS);
    });
    child.on("close", () => {
      cleanup();
      const killed = timedOut || options.signal.aborted;
      resolve({
        exitCode: killed ? null : exitCode,
        output: output.text(),
        timedOut,
        truncated: output.dropped > 0,
        durationMs: Math.round(performance.now() - started),
      });
    });

    function cleanup() {
      clearTimeout(timeout);
      clearTimeout(killTimer);
      clearTimeout(closeTimer);
      options.signal.removeEventListener("abort", stop);
    }
  });
}

/** Keeps the first and the last half of at most `limit` bytes; counts what fell between. */
class HeadTailBuffer {
  private readonly head: Buffer[] = [];
  private headBytes = 0;
  private readonly tail: Buffer[] = [];
  private tailBytes = 0;
  dropped = 0;

  constructor(private readonly limit: number) {}

  push(chunk: Buffer): void {
    const headRoom = Math.ceil(this.limit / 2) - this.headBytes;
    if (headRoom > 0) {
      const part = chunk.subarray(0, headRoom);
      this.head.push(part);
      this.headBytes += part.length;
      chunk = chunk.subarray(part.length);
      if (chunk.length === 0) return;
    }
    this.tail.push(chunk);
    this.tailBytes += chunk.length;
    const tailLimit = Math.floor(this.limit / 2);
    while (this.tailBytes - this.tail[0]!.length >= tailLimit) {
      const first = this.tail.shift()!;
      this.tailBytes -= first.length;
      this.dropped += first.length;
    }
  }

  text(): string {
    const tailLimit = Math.floor(this.limit / 2);
    let tail = Buffer.concat(this.tail);
    if (tail.length > tailLimit) {
      this.dropped += tail.length - tailLimit;
      tail = tail.subarray(tail.length - tailLimit);
      this.tail.splice(0, this.tail.length, tail);
      this.tailBytes = tail.length;
    }
    const head = Buffer.concat(this.head).toString("utf8");
    if (this.dropped === 0) return head + tail.toString("utf8");
    return `${head}\n[… ${formatCount(this.dropped)} bytes of output dropped …]\n${tail.toString("utf8")}`;
  }
}
