// A loaded model with its context: hands out sequences (one per conversation or feature) and
// frees everything on dispose. Built by `loadEngine` (load.ts).
import type { Llama, LlamaContext, LlamaModel } from "node-llama-cpp" with { "resolution-mode": "import" };
import type { Backend } from "./backend";
import { EngineError } from "./errors";
import type { Lane } from "./lanes";
import { createPromptLookupPredictor, type PromptLookupOptions } from "./predictor";
import type { LoadReport } from "./loadReport";
import type { NodeLlamaCpp } from "./llamaModule";
import type { ScriptPlayer } from "./script";
import { tokenizeTextSafely } from "./safeTokenizer";
import { EngineSequence, type SequenceOwner } from "./sequence";
import { ToolGrammarCache } from "./toolGrammar";

export class Engine implements SequenceOwner, Backend {
  readonly grammars: ToolGrammarCache;
  private readonly sequences = new Set<EngineSequence>();
  private disposing: Promise<void> | undefined;

  constructor(
    readonly nlc: NodeLlamaCpp,
    readonly llama: Llama,
    readonly model: LlamaModel,
    readonly context: LlamaContext,
    /** How the load went: device, threads, context size, timings, warnings (for the log). */
    readonly report: LoadReport,
    /** The scripted-output player (testing aid), when a script was given. */
    readonly script: ScriptPlayer | undefined,
    /** The context serving each lane, when the model was loaded with lanes (`context` is the chat's). */
    readonly laneContexts: ReadonlyMap<Lane, LlamaContext> = new Map(),
    /** Prompt-lookup speculative decoding on every sequence opened from now on (predictor.ts); undefined: off. */
    readonly promptLookup: PromptLookupOptions | undefined = undefined,
  ) {
    this.grammars = new ToolGrammarCache(llama);
  }

  get disposed(): boolean {
    return this.disposing !== undefined || this.context.disposed;
  }

  /** Sequences still free in the context. */
  get sequencesLeft(): number {
    return this.context.sequencesLeft;
  }

  /** Every context this engine owns (one, or one per lane). */
  get contexts(): LlamaContext[] {
    return [...new Set([this.context, ...this.laneContexts.values()])];
  }

  /**
   * A sequence of its own for one user of the model (a chat, a completion provider). Its KV cache
   * persists across its turns; dispose it to give the slot back.
   */
  openSequence(lane?: Lane): EngineSequence {
    if (this.disposed) throw new EngineError("disposed", "The model was unloaded; load it again to generate.");
    const context = (lane !== undefined ? this.laneContexts.get(lane) : undefined) ?? this.context;
    if (context.sequencesLeft === 0) {
      throw new EngineError("no-sequence", `All ${context.totalSequences} sequence(s) of the ${lane ?? "model's"} context are in use; dispose one first.`);
    }
    const predictor = this.promptLookup ? createPromptLookupPredictor(this.nlc, this.promptLookup) : undefined;
    const llamaSequence = context.getSequence({
      ...(predictor ? { tokenPredictor: predictor } : {}),
      // Generation stops with `context-full` before llama.cpp would need room: a shift (erasing
      // the conversation's beginning behind our back) must never happen.
      contextShift: {
        strategy: () => {
          throw new EngineError("context-full", "The context window is full.");
        },
      },
    });
    const sequence = new EngineSequence(this, llamaSequence, this.laneContexts.has(lane!) ? lane : undefined, predictor);
    this.sequences.add(sequence);
    llamaSequence.onDispose.createListener(() => this.sequences.delete(sequence));
    return sequence;
  }

  openSlot(lane?: Lane): EngineSequence {
    return this.openSequence(lane);
  }

  tokenizeText(text: string): number[] {
    return tokenizeTextSafely(this.model, text);
  }

  /** Frees the context, the model and llama.cpp. Safe to call twice. */
  dispose(): Promise<void> {
    this.disposing ??= (async () => {
      for (const sequence of [...this.sequences]) await sequence.dispose();
      for (const context of this.contexts) await context.dispose();
      await this.model.dispose();
      await this.llama.dispose();
    })();
    return this.disposing;
  }
}
