// The one loaded model, shared by everything that generates. Loads lazily on the first lease
// (one load at a time, however many ask), lends its sequences through the scheduler, unloads
// after an idle time, and reports its state for the status bar. No vscode here: settings come
// in through `resolveOptions`, so the CLI or a test could host the model the same way.
import type { Backend, GenerationSlot } from "./backend";
import { EngineError, errorText, isEngineError } from "./errors";
import { type EngineOptions, type LoadStage, loadEngine } from "./load";
import { describeLoad, type LoadReport } from "./loadReport";
import { laneOfPriority, type Lane } from "./lanes";
import { runOnLease, type ModelRun } from "./modelRun";
import { type Lease, type Priority, Scheduler } from "./scheduler";
import { connectServer, type ServerOptions } from "./server/serverBackend";

export type HostState =
  | { kind: "idle" }
  | { kind: "loading"; stage: LoadStage; progress: number | undefined }
  | { kind: "ready"; report: LoadReport; tokensPerSecond: number | undefined }
  | { kind: "error"; message: string; code: string | undefined };

export interface ModelHostOptions {
  /**
   * What to load, from the user's settings; may download the model first (with consent).
   * Undefined: there is nothing to load now (declined, cancelled), not an error.
   */
  resolveOptions(signal: AbortSignal): Promise<BackendOptions | undefined>;
  /** Unload after this long without a lease; 0 keeps the model loaded. */
  idleUnloadMs(): number;
  log(level: "error" | "warn" | "info" | "debug", message: string): void;
}

/** The local engine's options, or a shared server to use instead (`gptOss.backend: server`). */
export type BackendOptions = EngineOptions | { server: ServerOptions };

/** A lease on one sequence of the loaded model. */
export type SequenceLease = Lease<GenerationSlot>;

export interface LeaseOptions {
  /** The caller's lane; default from the priority (chat -> chat, action -> other, completion -> completion). */
  lane?: Lane;
  /** The conversation asking: it gets the sequence it used last when that is free (its prefix stays warm). */
  conversation?: string;
}

export interface RunOptions<T> extends LeaseOptions {
  /** The generation speed `value` shows, for the status bar (chat and vscode.lm report theirs). */
  speedOf?(value: T): number | undefined;
}

export class ModelHost {
  private current: HostState = { kind: "idle" };
  private engine: Backend | undefined;
  private scheduler: Scheduler<GenerationSlot> | undefined;
  private loading: Promise<Scheduler<GenerationSlot> | undefined> | undefined;
  private loadAbort: AbortController | undefined;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly listeners = new Set<(state: HostState) => void>();

  constructor(private readonly options: ModelHostOptions) {}

  get state(): HostState {
    return this.current;
  }

  onState(listener: (state: HostState) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /**
   * A sequence for `priority`, loading the model first if needed. Undefined when there is no
   * model to load (the user declined a download). Throws EngineError when loading fails, and
   * SchedulerAbort when the request is cancelled or superseded while it waits.
   */
  async lease(priority: Priority, signal?: AbortSignal, options: LeaseOptions = {}): Promise<SequenceLease | undefined> {
    const scheduler = await this.ensureLoaded();
    if (!scheduler) return undefined;
    this.cancelIdleTimer();
    const lease = await scheduler.acquire(priority, signal, {
      lane: options.lane ?? laneOfPriority(priority),
      ...(options.conversation !== undefined ? { affinity: options.conversation } : {}),
    });
    return {
      slot: lease.slot,
      priority: lease.priority,
      signal: lease.signal,
      release: () => {
        lease.release();
        if (scheduler.busy.length === 0 && scheduler.queued === 0) this.startIdleTimer();
      },
    };
  }

  /**
   * Runs `work` on a sequence at `priority`: loads the model if needed, waits for a sequence,
   * gives the work a signal that fires on the caller's `signal` or when the lease is taken back,
   * releases the sequence however the work ends, and reports its speed. The one way features use
   * the model (chat, Fix, vscode.lm, completions).
   */
  async run<T>(
    priority: Priority,
    signal: AbortSignal | undefined,
    work: (slot: GenerationSlot, signal: AbortSignal) => Promise<T>,
    options: RunOptions<T> = {},
  ): Promise<ModelRun<T>> {
    const { lane, conversation } = options;
    const leaseOptions: LeaseOptions = { ...(lane !== undefined ? { lane } : {}), ...(conversation !== undefined ? { conversation } : {}) };
    const run = await runOnLease((p, s) => this.lease(p, s, leaseOptions), priority, signal, work);
    const speed = run.kind === "done" ? options.speedOf?.(run.value) : undefined;
    if (speed !== undefined) this.reportSpeed(speed);
    return run;
  }

  /** Loads the model now (e.g. when the chat opens), if it is not loaded or loading. */
  async ensureLoaded(): Promise<Scheduler<GenerationSlot> | undefined> {
    if (this.scheduler) return this.scheduler;
    this.loading ??= this.load().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  /**
   * The loaded model's tokenizer (loading the model first if needed), for counting tokens without
   * taking a sequence from a generation. Undefined when there is no model to load.
   */
  async tokenizer(): Promise<((text: string) => number[]) | undefined> {
    if (!(await this.ensureLoaded())) return undefined;
    const engine = this.engine;
    return engine ? (text) => engine.tokenizeText(text) : undefined;
  }

  /** The latest generation speed, shown with the ready state. */
  reportSpeed(tokensPerSecond: number): void {
    if (this.current.kind === "ready") this.setState({ ...this.current, tokensPerSecond });
  }

  /**
   * Frees the model: stops a load in progress, aborts every lease (generation stops within a
   * token) and waits for them to be released before disposing. The next lease loads again.
   */
  async unload(reason: string): Promise<void> {
    this.cancelIdleTimer();
    // Everything that stops work happens before the first await, so leases see it at once.
    const { scheduler, engine } = this;
    this.scheduler = undefined;
    this.engine = undefined;
    scheduler?.close();
    this.loadAbort?.abort(new EngineError("disposed", `Loading was stopped: ${reason}.`));
    await this.loading?.catch(() => undefined);
    if (engine) {
      await scheduler?.drained();
      await engine.dispose();
      this.options.log("info", `Model unloaded (${reason}).`);
    }
    // A failed load's error clears too: unloading follows a settings change, which may fix it.
    this.setState({ kind: "idle" });
  }

  async dispose(): Promise<void> {
    await this.unload("the extension is shutting down");
    this.listeners.clear();
  }

  private async load(): Promise<Scheduler<GenerationSlot> | undefined> {
    const abort = new AbortController();
    this.loadAbort = abort;
    try {
      const options = await this.options.resolveOptions(abort.signal);
      if (!options) {
        this.setState({ kind: "idle" });
        return undefined;
      }
      this.setState({ kind: "loading", stage: "checking", progress: undefined });
      const engine =
        "server" in options
          ? await connectServer(options.server, abort.signal)
          : await loadEngine({
              ...options,
              signal: abort.signal,
              onStage: (stage) => this.setState({ kind: "loading", stage, progress: undefined }),
              onLoadProgress: (progress) => {
                if (this.current.kind === "loading") this.setState({ ...this.current, progress });
              },
            });
      if (abort.signal.aborted) {
        // Unloaded while the last stage finished: nobody may use this engine.
        await engine.dispose();
        return undefined;
      }
      const lanes = engine.report.lanes?.sequences;
      const slots: GenerationSlot[] = lanes ? lanes.map((lane) => engine.openSlot(lane.lane)) : Array.from({ length: engine.report.sequences }, () => engine.openSlot());
      this.engine = engine;
      this.scheduler = new Scheduler<GenerationSlot>(slots, (slot) => slot.lane);
      for (const line of describeLoad(engine.report)) this.options.log("info", line);
      this.setState({ kind: "ready", report: engine.report, tokensPerSecond: undefined });
      this.startIdleTimer();
      return this.scheduler;
    } catch (error) {
      if (abort.signal.aborted) return undefined;
      const message = errorText(error);
      this.options.log("error", `Loading the model failed: ${message}`);
      this.setState({ kind: "error", message, code: isEngineError(error) ? error.code : undefined });
      throw error;
    } finally {
      if (this.loadAbort === abort) this.loadAbort = undefined;
    }
  }

  private startIdleTimer(): void {
    this.cancelIdleTimer();
    const ms = this.options.idleUnloadMs();
    if (ms <= 0 || !this.engine) return;
    this.idleTimer = setTimeout(() => void this.unload(`idle for ${Math.round(ms / 60_000)} min`), ms);
    // An idle timer must not keep a CLI process (or a test) alive.
    this.idleTimer.unref?.();
  }

  private cancelIdleTimer(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }

  private setState(state: HostState): void {
    this.current = state;
    for (const listener of this.listeners) listener(state);
  }
}
