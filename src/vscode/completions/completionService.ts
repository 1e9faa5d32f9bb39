// Inline completions without VS Code: cache, then a completion-priority run on the shared model,
// generation under the stop rules, the insert text trimmed, remembered and logged. The provider
// (provider.ts) adds what only VS Code knows (settings, debounce on its cancellation token, the
// chat's state); the benchmark drives this class directly. No `vscode` import here on purpose.
import {
  buildCompletionPrompt,
  completionContext,
  cutCompletion,
  finishCompletion,
  linesText,
  SuggestionCache,
  type CompletionContext,
  type CursorPosition,
  type DocumentLines,
} from "../../core/completion/index";
import { generateCompletion, type CompletionGeneration } from "../../engine/completionTurns";
import { errorText } from "../../engine/errors";
import type { GenerationStats } from "../../engine/generationTypes";
import type { ModelHost } from "../../engine/modelHost";
import { runOnLease } from "../../engine/modelRun";

export interface CompletionLog {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string | Error, ...args: unknown[]): void;
}

export interface CompletionServiceOptions {
  host: Pick<ModelHost, "lease">;
  log: CompletionLog;
  /** Generated tokens per suggestion at most (setting gptOss.inlineCompletions.maxTokens). */
  maxTokens(): number;
}

export interface CompletionRequest {
  /** The document's URI (the cache's key). */
  document: string;
  lines: DocumentLines;
  position: CursorPosition;
  file: { path: string; languageId: string };
  signal?: AbortSignal;
}

export type CompletionSource = "cache" | "model" | "cancelled" | "no-model" | "error";

export interface CompletionAnswer {
  /** The text to insert at the cursor; undefined: show nothing. */
  text: string | undefined;
  source: CompletionSource;
  /** The model's figures, when it generated. */
  stats?: GenerationStats;
  stopReason?: CompletionGeneration["stopReason"];
}

export interface CompletionCounters {
  requests: number;
  cacheHits: number;
  /** Requests that reached the model (a lease and a generation). */
  modelCalls: number;
  cancelled: number;
  errors: number;
  /** Tokens the engine evaluated for completions (prompt and generation, token meter). */
  evaluatedTokens: number;
}

export class CompletionService {
  readonly counters: CompletionCounters = { requests: 0, cacheHits: 0, modelCalls: 0, cancelled: 0, errors: 0, evaluatedTokens: 0 };
  private readonly cache = new SuggestionCache();
  private readonly busyListeners = new Set<(busy: boolean) => void>();
  private generating = 0;

  constructor(private readonly options: CompletionServiceOptions) {}

  /** Told when the model starts and stops working on a completion (the status item's spinner). */
  onBusy(listener: (busy: boolean) => void): { dispose(): void } {
    this.busyListeners.add(listener);
    return { dispose: () => this.busyListeners.delete(listener) };
  }

  /**
   * The rest of a suggestion already made for this spot, without the model; undefined when there
   * is none. Counts the request: every request the editor makes starts here.
   */
  cached(request: CompletionRequest): CompletionAnswer | undefined {
    this.counters.requests++;
    const context = this.contextOf(request);
    const cached = this.cache.lookup({
      document: request.document,
      textBefore: (line) => linesText(request.lines, line, request.position.line) + context.linePrefix,
      after: afterKey(context),
    });
    if (cached === undefined) return undefined;
    this.counters.cacheHits++;
    this.options.log.debug(`Completion at ${where(request)}: from the cache (no model call).`);
    return { text: cached === "" ? undefined : cached, source: "cache" };
  }

  /** Cache first, then the model. Never throws: failures are logged and show nothing. */
  async complete(request: CompletionRequest): Promise<CompletionAnswer> {
    return this.cached(request) ?? (await this.generate(request));
  }

  /** The model's suggestion (after a cache miss). Never throws: failures are logged and show nothing. */
  async generate(request: CompletionRequest): Promise<CompletionAnswer> {
    if (request.signal?.aborted) return this.cancelled();
    const context = this.contextOf(request);
    const run = await runOnLease((priority, signal) => this.options.host.lease(priority, signal), "completion", request.signal, async (slot, signal) => {
      this.counters.modelCalls++;
      this.setBusy(+1);
      try {
        if (signal.aborted) return undefined;
        return await generateCompletion(slot, {
          segments: buildCompletionPrompt(context).segments,
          maxTokens: Math.max(1, this.options.maxTokens()),
          signal,
          shouldStop: (text) => cutCompletion(text, context, false).done,
        });
      } finally {
        this.setBusy(-1);
      }
    });
    let generation: CompletionGeneration;
    switch (run.kind) {
      case "done":
        if (!run.value) return this.cancelled();
        generation = run.value;
        break;
      case "no-model":
        return { text: undefined, source: "no-model" };
      case "cancelled":
        return this.cancelled();
      case "load-failed":
        return this.failed(run.error);
      case "failed":
        return run.aborted ? this.cancelled() : this.failed(run.error);
      default:
        return run satisfies never;
    }
    this.counters.evaluatedTokens += generation.stats.evaluatedTokens;
    // Stopped from outside (a newer request, preempted by the chat): show nothing, remember nothing.
    if (generation.stopReason === "abort") return this.cancelled(generation.stats);

    const text = finishCompletion(cutCompletion(generation.text, context, true).text, context, { truncated: generation.stopReason === "max-tokens" });
    this.cache.store({
      document: request.document,
      beforeStartLine: context.beforeStartLine,
      before: context.before + context.linePrefix,
      after: afterKey(context),
      text,
    });
    this.options.log.info(describe(request, generation, text));
    return { text: text === "" ? undefined : text, source: "model", stats: generation.stats, stopReason: generation.stopReason };
  }

  /** Forgets a closed document's suggestions. */
  forget(document: string): void {
    this.cache.forget(document);
  }

  clearCache(): void {
    this.cache.clear();
  }

  private contextOf(request: CompletionRequest): CompletionContext {
    return completionContext(request.lines, request.position, request.file);
  }

  private cancelled(stats?: GenerationStats): CompletionAnswer {
    this.counters.cancelled++;
    return { text: undefined, source: "cancelled", ...(stats ? { stats } : {}) };
  }

  private failed(error: unknown): CompletionAnswer {
    this.counters.errors++;
    this.options.log.warn(`Completion failed: ${errorText(error)}`);
    return { text: undefined, source: "error" };
  }

  private setBusy(delta: number): void {
    const was = this.generating > 0;
    this.generating += delta;
    const now = this.generating > 0;
    if (was !== now) for (const listener of this.busyListeners) listener(now);
  }
}

/** The text after the cursor that a cached suggestion must still have after it. */
function afterKey(context: CompletionContext): string {
  return `${context.lineSuffix}\n${context.after}`;
}

function where(request: CompletionRequest): string {
  return `${request.file.path}:${request.position.line + 1}:${request.position.character + 1}`;
}

function describe(request: CompletionRequest, generation: CompletionGeneration, text: string): string {
  const { stats } = generation;
  const preview = text.length > 60 ? `${text.slice(0, 57)}...` : text;
  return (
    `Completion at ${where(request)}: ${stats.generatedTokens} token(s) in ${Math.round(stats.promptMs + stats.generationMs)} ms ` +
    `(prompt ${stats.promptTokens.toLocaleString("en-US")} tokens, ${stats.promptEvaluatedTokens.toLocaleString("en-US")} evaluated, ` +
    `${stats.reusedTokens.toLocaleString("en-US")} reused; stop: ${generation.stopReason}) ${JSON.stringify(preview)}`
  );
}
