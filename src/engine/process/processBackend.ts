// The local engine in a child process: the same Backend the in-process engine and the server
// offer, so chat, tools, completions and vscode.lm do not know the difference. node-llama-cpp and
// the model live in the child (child.ts, bundled as dist/engineHost.js), reached over Node's IPC
// pipe. When the child dies (a llama.cpp assert, an out-of-memory kill, any signal), every
// generation and a load in progress fail with an `engine-crashed` EngineError that says how it
// ended, what llama.cpp printed last and what to try; `onCrash` tells the owner, which starts a
// fresh child on the next request.
import { fork, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { segmentsToTokens, renderConversationForCompletion } from "../../core/harmony/index";
import type { TurnEvent } from "../../core/agent/types";
import { drainGenerator } from "../../core/drainGenerator";
import type { Backend, GenerationSlot } from "../backend";
import { EngineError, type EngineErrorCode } from "../errors";
import type { GenerateOptions, GenerateRequest, GenerationResult, GenerationStream } from "../generationTypes";
import type { Lane } from "../lanes";
import type { EngineOptions } from "../load";
import type { LoadReport } from "../loadReport";
import { scriptPathFromEnvironment } from "../script";
import { textTokens } from "../server/textTokens";
import { describeCrash, OutputTail } from "./crashReport";
import { asEventMessage, FromChild, FromChildBatch, type ToChild, type WireError } from "./protocol";

export interface ProcessEngineOptions extends EngineOptions {
  /** Called once when the child dies after loading (not when it is disposed). */
  onCrash?(error: EngineError, backend: ProcessBackend): void;
  /** The child's entry script; default: found by `engineProcessEntry`. */
  entry?: EngineEntry;
}

export interface EngineEntry {
  script: string;
  /** Node options for the child (e.g. `--import tsx` when running from source). */
  execArgv: string[];
}

/** How long a disposed child may take to free the model before it is killed. */
const DISPOSE_GRACE_MS = 5_000;

/**
 * Where the child's code is: `engineHost.js` beside the running bundle (dist/extension.js,
 * dist/cli.js), else in the repository's dist/ above it (test suites bundled elsewhere), or the
 * TypeScript source run through tsx when this module itself runs from source (tests, benches).
 */
export function engineProcessEntry(): EngineEntry {
  if (__filename.endsWith(".ts")) return { script: path.join(__dirname, "child.ts"), execArgv: ["--import", "tsx"] };
  for (let dir = __dirname, i = 0; i < 6; i++, dir = path.dirname(dir)) {
    for (const candidate of [path.join(dir, "engineHost.js"), path.join(dir, "dist", "engineHost.js")]) {
      if (existsSync(candidate)) return { script: candidate, execArgv: [] };
    }
  }
  throw new EngineError("no-binary", `The engine's process script (engineHost.js) is missing beside ${__filename}: the extension is incompletely installed. Reinstall it.`);
}

/** Starts the child, loads the model in it and resolves when it is ready. Throws EngineError. */
export async function startEngineProcess(options: ProcessEngineOptions): Promise<ProcessBackend> {
  const backend = new ProcessBackend(options);
  try {
    await backend.loaded;
  } catch (error) {
    await backend.dispose();
    throw error;
  }
  return backend;
}

/** A generation's events as they arrive from the child, or the error that ended it. */
/** An event, or the generation's end with its result. */
type Arrival = { event: TurnEvent } | { result: GenerationResult };

class EventQueue {
  private readonly items: Arrival[] = [];
  private waiter: { resolve(arrival: Arrival): void; reject(error: unknown): void } | undefined;
  private error: unknown;

  push(arrival: Arrival): void {
    const waiter = this.waiter;
    this.waiter = undefined;
    if (waiter) waiter.resolve(arrival);
    else this.items.push(arrival);
  }

  fail(error: unknown): void {
    this.error ??= error;
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.reject(this.error);
  }

  next(): Promise<Arrival> {
    const item = this.items.shift();
    if (item) return Promise.resolve(item);
    if (this.error !== undefined) return Promise.reject(this.error);
    return new Promise((resolve, reject) => (this.waiter = { resolve, reject }));
  }
}

interface Generation {
  queue: EventQueue;
  onPromptProgress: ((evaluated: number, total: number) => void) | undefined;
}

export class ProcessBackend implements Backend {
  /** Resolves when the model is loaded in the child. */
  readonly loaded: Promise<void>;
  private loadedReport: LoadReport | undefined;
  private readonly child: ChildProcess;
  private readonly tail = new OutputTail();
  private readonly generations = new Map<number, Generation>();
  private nextId = 1;
  private slotsOpened = 0;
  private readonly lanesOpened = new Set<number>();
  private loading: { resolve(): void; reject(error: unknown): void } | undefined;
  private disposing: Promise<void> | undefined;
  /** Set when we end the child ourselves (dispose, a cancelled load): its exit is no crash. */
  private stopping = false;
  private crash: EngineError | undefined;
  private readonly closed: Promise<void>;

  constructor(private readonly options: ProcessEngineOptions) {
    const entry = options.entry ?? engineProcessEntry();
    this.loaded = new Promise((resolve, reject) => (this.loading = { resolve, reject }));
    // Handled by whoever awaits it; a crash during disposal must not be an unhandled rejection.
    this.loaded.catch(() => undefined);
    this.child = fork(entry.script, [], {
      execArgv: entry.execArgv,
      stdio: ["ignore", "pipe", "pipe", "ipc"],
      serialization: "advanced",
      // Inside VS Code the parent is Electron: run the child as plain Node, never as an editor window.
      env: { ...process.env, ELECTRON_RUN_AS_NODE: "1" },
    });
    for (const stream of [this.child.stdout, this.child.stderr]) {
      stream?.setEncoding("utf8");
      stream?.on("data", (chunk: string) => {
        for (const line of this.tail.write(chunk)) options.log?.("warn", `engine process: ${line}`);
      });
    }
    this.child.on("message", (raw) => this.receive(raw));
    this.closed = new Promise((resolve) => this.child.once("close", (code: number | null, signal: NodeJS.Signals | null) => {
      this.exited(code, signal);
      resolve();
    }));
    this.child.on("error", (error) => this.options.log?.("error", `engine process: ${error.message}`));
    const signal = options.signal;
    if (signal) {
      const onAbort = () => {
        if (!this.loading) return;
        this.loading.reject(signal.reason ?? new EngineError("disposed", "Loading was cancelled."));
        this.loading = undefined;
        this.stopping = true;
        this.child.kill("SIGKILL");
      };
      if (signal.aborted) onAbort();
      else signal.addEventListener("abort", onAbort, { once: true });
    }
    const script = options.script === false ? false : (options.script ?? scriptPathFromEnvironment() ?? false);
    this.send({
      type: "load",
      options: {
        modelPath: options.modelPath,
        ...(options.gpu !== undefined ? { gpu: options.gpu } : {}),
        ...(options.threads !== undefined ? { threads: options.threads } : {}),
        ...(options.contextSize !== undefined ? { contextSize: options.contextSize } : {}),
        ...(options.sequences !== undefined ? { sequences: options.sequences } : {}),
        ...(options.lanes !== undefined ? { lanes: options.lanes } : {}),
        ...(options.laneLayout !== undefined ? { laneLayout: options.laneLayout } : {}),
        ...(options.speculative !== undefined ? { speculative: options.speculative } : {}),
        script,
        ...(options.log ? { logLevel: options.logLevel ?? "warn" } : {}),
      },
    });
  }

  get report(): LoadReport {
    if (!this.loadedReport) throw new EngineError("disposed", "The engine process has not loaded a model.");
    return this.loadedReport;
  }

  /** The child's process id (for tests and the log). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Set once the child has died on its own. */
  get crashed(): EngineError | undefined {
    return this.crash;
  }

  openSlot(lane?: Lane): GenerationSlot {
    // The child opened its slots at load, one per lane (in the report's order) or per sequence.
    const lanes = this.report.lanes?.sequences;
    if (lanes) {
      const index = lanes.findIndex((entry) => entry.lane === lane);
      if (index < 0 || this.lanesOpened.has(index)) throw new EngineError("no-sequence", `The ${lane ?? "model's"} sequence is in use or absent; dispose one first.`);
      this.lanesOpened.add(index);
      return new ProcessSlot(this, index, lanes[index]!.contextSize, lane);
    }
    const index = this.slotsOpened++;
    if (index >= this.report.sequences) {
      throw new EngineError("no-sequence", `All ${this.report.sequences} sequence(s) of the context are in use; dispose one first.`);
    }
    return new ProcessSlot(this, index, this.report.contextSize, undefined);
  }

  /**
   * Text as tokens, computed here without a round trip: counting is synchronous (the agent budgets
   * the context between steps). gpt-oss's o200k_harmony reads ordinary text as o200k_base does,
   * so these are the model's own counts; the child tokenizes the real prompt itself.
   */
  tokenizeText(text: string): number[] {
    return textTokens(text);
  }

  dispose(): Promise<void> {
    this.disposing ??= (async () => {
      this.stopping = true;
      if (this.child.exitCode === null && this.child.signalCode === null) {
        if (this.child.connected) this.send({ type: "dispose" });
        const timer = setTimeout(() => this.child.kill("SIGKILL"), DISPOSE_GRACE_MS);
        await this.closed;
        clearTimeout(timer);
      }
    })();
    return this.disposing;
  }

  /** Starts a generation in the child; its events arrive in the returned queue. */
  start(slot: number, request: GenerateRequest, options: GenerateOptions): { id: number; queue: EventQueue } {
    const queue = new EventQueue();
    if (this.crash || this.stopping) {
      queue.fail(this.crash ?? new EngineError("disposed", "The model was unloaded; load it again to generate."));
      return { id: 0, queue };
    }
    const id = this.nextId++;
    this.generations.set(id, { queue, onPromptProgress: options.onPromptProgress });
    const { signal: _signal, onPromptProgress, ...rest } = options;
    this.send({ type: "generate", id, slot, request, options: { ...rest, progress: onPromptProgress !== undefined } });
    return { id, queue };
  }

  abort(id: number): void {
    if (this.generations.has(id)) this.send({ type: "abort", id });
  }

  finish(id: number): void {
    this.generations.delete(id);
  }

  private send(message: ToChild): void {
    if (!this.child.connected) return;
    this.child.send(message, (error) => {
      // The pipe broke: the child is going away, and its exit reports why.
      if (error) this.options.log?.("debug", `engine process: ${error.message}`);
    });
  }

  private receive(raw: unknown): void {
    const messages: FromChild[] = [];
    for (const item of Array.isArray(raw) ? raw : [raw]) {
      const event = Array.isArray(raw) ? asEventMessage(item) : undefined;
      if (event) {
        messages.push(event);
        continue;
      }
      const parsed = Array.isArray(raw) ? FromChild.safeParse(item) : FromChildBatch.safeParse(raw);
      if (!parsed.success) {
        this.options.log?.("error", `engine process: unreadable message (${parsed.error.message}); stopping it.`);
        this.tail.push("(the engine process sent a message outside the protocol)");
        this.child.kill("SIGKILL");
        return;
      }
      if (Array.isArray(parsed.data)) messages.push(...parsed.data);
      else messages.push(parsed.data);
    }
    for (const message of messages) this.handle(message);
  }

  private handle(message: FromChild): void {
    switch (message.type) {
      case "stage":
        this.options.onStage?.(message.stage);
        break;
      case "load-progress":
        this.options.onLoadProgress?.(message.fraction);
        break;
      case "log":
        if (message.level === "error" || message.level === "warn") this.tail.push(message.message);
        this.options.log?.(message.level, message.message);
        break;
      case "loaded":
        this.loadedReport = message.report;
        this.loading?.resolve();
        this.loading = undefined;
        break;
      case "load-failed":
        this.loading?.reject(rebuildError(message.error));
        this.loading = undefined;
        break;
      case "event":
        this.generations.get(message.id)?.queue.push({ event: message.event });
        break;
      case "result":
        this.generations.get(message.id)?.queue.push({ result: message.result });
        break;
      case "prompt-progress":
        this.generations.get(message.id)?.onPromptProgress?.(message.evaluated, message.total);
        break;
      case "failed":
        this.generations.get(message.id)?.queue.fail(rebuildError(message.error));
        break;
    }
  }

  private exited(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.stopping) {
      const gone = new EngineError("disposed", "The model was unloaded.");
      this.loading?.reject(gone);
      for (const generation of this.generations.values()) generation.queue.fail(gone);
      return;
    }
    const during = this.loading ? "loading" : this.generations.size > 0 ? "generating" : "idle";
    this.crash = new EngineError(
      "engine-crashed",
      describeCrash({ code, signal, during, modelFile: path.basename(this.options.modelPath), output: this.tail.text, gpu: this.loadedReport?.device.gpu ?? undefined }),
    );
    const wasLoading = this.loading !== undefined;
    this.loading?.reject(this.crash);
    this.loading = undefined;
    for (const generation of this.generations.values()) generation.queue.fail(this.crash);
    if (!wasLoading && this.loadedReport) this.options.onCrash?.(this.crash, this);
  }
}

/** One sequence of the model in the child, as a GenerationSlot. */
class ProcessSlot implements GenerationSlot {
  private busy = false;

  constructor(
    private readonly backend: ProcessBackend,
    private readonly index: number,
    readonly contextSize: number,
    readonly lane: Lane | undefined,
  ) {}

  tokenize(request: GenerateRequest): number[] {
    const segments = "conversation" in request ? renderConversationForCompletion(request.conversation, "assistant", request.renderConfig) : request.segments;
    return segmentsToTokens(segments, textTokens);
  }

  generate(request: GenerateRequest, options: GenerateOptions = {}): GenerationStream {
    return this.run(request, options);
  }

  complete(request: GenerateRequest, options: GenerateOptions = {}, onEvent?: (event: TurnEvent) => void): Promise<GenerationResult> {
    return drainGenerator(this.generate(request, options), onEvent);
  }

  private async *run(request: GenerateRequest, options: GenerateOptions): GenerationStream {
    if (this.busy) throw new EngineError("busy", "This sequence is already generating; wait for it or abort it first.");
    this.busy = true;
    const { id, queue } = this.backend.start(this.index, request, options);
    const onAbort = () => this.backend.abort(id);
    options.signal?.addEventListener("abort", onAbort, { once: true });
    if (options.signal?.aborted) onAbort();
    let finished = false;
    try {
      for (;;) {
        const arrival = await queue.next();
        if ("result" in arrival) {
          finished = true;
          return arrival.result;
        }
        yield arrival.event;
      }
    } finally {
      options.signal?.removeEventListener("abort", onAbort);
      // Left early (the consumer broke out): the child stops within a token, as in-process.
      if (!finished) this.backend.abort(id);
      this.backend.finish(id);
      this.busy = false;
    }
  }
}

const ENGINE_ERROR_CODES = new Set<string>([
  "no-binary", "model-file", "model-load", "insufficient-memory", "prompt-too-long", "context-full", "busy", "disposed",
  "no-sequence", "script-invalid", "script-exhausted", "script-mismatch", "engine-crashed",
] satisfies EngineErrorCode[]);

/** The child's error as the parent's: an EngineError when it had a code, else a plain Error. */
function rebuildError(error: WireError): Error {
  if (error.code && ENGINE_ERROR_CODES.has(error.code)) {
    return new EngineError(error.code as EngineErrorCode, error.message, error.fileProblem ? { fileProblem: error.fileProblem as never } : {});
  }
  const rebuilt = new Error(error.message);
  rebuilt.name = error.name;
  return rebuilt;
}
