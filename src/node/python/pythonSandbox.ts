// The python sandbox's host side: one worker thread (pythonWorker.ts) per conversation, started
// on the first call (no cost until then), kept between calls so variables survive, as gpt-oss
// was told ("a stateful Jupyter notebook environment"). A call past its time limit, or
// cancelled, terminates the worker at once; the next call starts a fresh interpreter and the
// model is told its state was lost.
import { existsSync } from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";
import type { HostToWorker, WorkerInit, WorkerToHost } from "./workerProtocol";

export interface PythonLimits {
  /** Per call; the reference's tool description says 120 s. */
  timeoutMs: number;
  /** Characters of output kept per call. */
  maxOutputChars: number;
  /** WebAssembly memory of the interpreter, in bytes. */
  maxMemoryBytes: number;
  /** JavaScript heap of the worker, in MB (Pyodide's own objects). */
  maxHeapMb: number;
}

export const DEFAULT_PYTHON_LIMITS: PythonLimits = {
  timeoutMs: 120_000,
  maxOutputChars: 20_000,
  maxMemoryBytes: 1024 * 1024 * 1024,
  maxHeapMb: 256,
};

/** Loading Pyodide takes seconds (8 on a loaded two-core machine); a start slower than this is a failure. */
const START_TIMEOUT_MS = 90_000;

export interface PythonRun {
  /** What the code printed, then the last expression's value or the traceback. */
  output: string;
  timedOut: boolean;
  cancelled: boolean;
  /** The interpreter was new for this call while earlier calls had set state: it is gone. */
  stateLost: boolean;
  isError: boolean;
}

/**
 * The bundled worker beside this bundle in dist/ (esbuild.mjs builds it as its own file); from
 * the sources (tests under tsx), the built one in the repository's dist/.
 */
function defaultWorkerFile(): string {
  const beside = path.join(__dirname, "pythonWorker.js");
  return existsSync(beside) ? beside : path.resolve(__dirname, "../../../dist/pythonWorker.js");
}

function pyodideDir(): string {
  return path.dirname(require.resolve("pyodide/package.json"));
}

export class PythonSandbox {
  private worker: Worker | undefined;
  private ready: Promise<void> | undefined;
  private nextId = 1;
  private runs = 0;
  private lost: boolean;
  private busy = false;
  private readonly workerFile: string;

  /**
   * `stateLost`: this conversation already ran python before this sandbox existed (a reload,
   * a restored chat), so the first call tells the model its variables are gone.
   */
  constructor(
    private readonly limits: PythonLimits = DEFAULT_PYTHON_LIMITS,
    options: { stateLost?: boolean; workerFile?: string } = {},
  ) {
    this.lost = options.stateLost ?? false;
    this.workerFile = options.workerFile ?? defaultWorkerFile();
  }

  async run(code: string, signal?: AbortSignal): Promise<PythonRun> {
    if (this.busy) throw new Error("the python sandbox is already running a call");
    this.busy = true;
    try {
      return await this.runOnce(code, signal);
    } finally {
      this.busy = false;
    }
  }

  /** Ends the interpreter (New Chat, the view closing). The next call starts a fresh one. */
  dispose(): void {
    this.kill();
    this.runs = 0;
    this.lost = false;
  }

  private kill(): void {
    const worker = this.worker;
    this.worker = undefined;
    this.ready = undefined;
    if (worker) void worker.terminate();
  }

  private start(): Promise<void> {
    if (this.ready) return this.ready;
    if (!existsSync(this.workerFile)) return Promise.reject(new Error(`Python could not start: ${this.workerFile} is missing (run the build)`));
    const init: WorkerInit = { pyodideDir: pyodideDir(), maxMemoryBytes: this.limits.maxMemoryBytes, maxOutputChars: this.limits.maxOutputChars };
    const worker = new Worker(this.workerFile, {
      workerData: init,
      // Nothing of the host's environment, no stdin; its console output is not ours to show.
      env: {},
      stdin: false,
      stdout: true,
      stderr: true,
      resourceLimits: { maxOldGenerationSizeMb: this.limits.maxHeapMb, maxYoungGenerationSizeMb: 32 },
    });
    this.worker = worker;
    worker.stdout.resume();
    worker.stderr.resume();
    this.ready = new Promise<void>((resolve, reject) => {
      const onMessage = (message: WorkerToHost) => {
        if (message.type === "ready") {
          worker.off("message", onMessage);
          resolve();
        } else if (message.type === "failed") {
          reject(new Error(`Python could not start: ${message.message}`));
        }
      };
      worker.on("message", onMessage);
      worker.once("error", (error) => reject(new Error(`Python could not start: ${error.message}`)));
      worker.once("exit", (code) => reject(new Error(`Python could not start (the worker exited with ${code})`)));
    });
    // A start that fails leaves nothing behind (only if this worker is still the current one).
    this.ready.catch(() => {
      if (this.worker === worker) this.kill();
    });
    return this.ready;
  }

  private async runOnce(code: string, signal: AbortSignal | undefined): Promise<PythonRun> {
    const fresh = this.worker === undefined;
    const stateLost = fresh && (this.lost || this.runs > 0);
    const notes: string[] = [];
    if (stateLost) notes.push("[The python session was restarted: variables, imports and files from earlier calls are gone. Run what you need again.]");
    this.lost = false;
    if (signal?.aborted) return { output: "Cancelled before it ran.", timedOut: false, cancelled: true, stateLost, isError: true };

    let output = "";
    const ended = await new Promise<{ kind: "done"; message: Extract<WorkerToHost, { type: "done" }> } | { kind: "timeout" | "cancel" | "crash"; detail?: string }>((resolve) => {
      let settled = false;
      const finish = (value: Parameters<typeof resolve>[0]) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        this.worker?.off("message", onMessage);
        this.worker?.off("exit", onExit);
        resolve(value);
      };
      const id = this.nextId++;
      const onMessage = (message: WorkerToHost) => {
        if (message.type === "output" && message.id === id) output += message.text;
        else if (message.type === "done" && message.id === id) finish({ kind: "done", message });
      };
      const onExit = (exitCode: number) => finish({ kind: "crash", detail: `the interpreter stopped (exit code ${exitCode}; out of memory?)` });
      const onAbort = () => finish({ kind: "cancel" });
      // The time limit counts the code, not the interpreter's start-up (seconds on a slow
      // machine), which has its own, longer limit.
      let timer = setTimeout(() => finish({ kind: "crash", detail: "the interpreter did not start in time" }), START_TIMEOUT_MS);
      signal?.addEventListener("abort", onAbort, { once: true });
      this.start().then(
        () => {
          if (settled || !this.worker) return;
          clearTimeout(timer);
          timer = setTimeout(() => finish({ kind: "timeout" }), this.limits.timeoutMs);
          this.worker.on("message", onMessage);
          this.worker.once("exit", onExit);
          this.worker.postMessage({ type: "run", id, code } satisfies HostToWorker);
        },
        (error: Error) => finish({ kind: "crash", detail: error.message }),
      );
    });

    if (ended.kind !== "done") {
      // Whatever ran is stopped now; its state cannot be trusted or kept.
      this.kill();
      this.runs++;
      const seconds = Math.round(this.limits.timeoutMs / 100) / 10;
      const note =
        ended.kind === "timeout"
          ? `[Timed out after ${seconds} seconds: execution was stopped. The python session was restarted, so earlier variables are gone.]`
          : ended.kind === "cancel"
            ? "[Cancelled by the user: execution was stopped and the python session restarted.]"
            : `[Error: ${ended.detail}. The python session was restarted.]`;
      return { output: [...notes, output.trimEnd(), note].filter(Boolean).join("\n"), timedOut: ended.kind === "timeout", cancelled: ended.kind === "cancel", stateLost, isError: true };
    }
    this.runs++;
    const { message } = ended;
    const parts = [...notes];
    if (output) parts.push(output.trimEnd());
    if (message.droppedChars > 0) parts.push(`[... ${message.droppedChars} more characters of output were cut]`);
    if (message.error) parts.push(message.error);
    else if (message.result !== undefined) parts.push(message.result);
    if (parts.length === notes.length) parts.push("[No output. Use print() to see values.]");
    return { output: parts.join("\n"), timedOut: false, cancelled: false, stateLost, isError: message.error !== undefined };
  }
}
