// What a generation call takes and what it reports. It speaks core's turn types (TurnEvent,
// TurnResult, StopReason, ToolCall in core/agent/types.ts), with more figures on the result, so a
// generation is the agent's TurnGenerator as it is. Nothing here depends on node-llama-cpp.
import type { StopReason, ToolCall, TurnEvent, TurnResult, TurnStats } from "../core/agent/types";
import type { Conversation, ParsedMessage, RenderConfig, Segment } from "../core/harmony/index";

export interface SamplingOptions {
  /** Default 1.0 (the model card's). */
  temperature?: number;
  /** Default 1.0 (the model card's): off. */
  topP?: number;
  /**
   * Default 100. 0 samples from the whole vocabulary as the model card says, but sorting 201,088
   * candidates costs ~38 ms per token (measured: 25 tok/s vs ~500 on the tiny model).
   */
  topK?: number;
  /** Default 0: off. */
  minP?: number;
  /** Default: the current time. Set it for reproducible output. */
  seed?: number;
}

/**
 * The defaults SamplingOptions states, in one place for the local engine and the server backend.
 * Top-k 100: sampling from all 201,088 tokens costs ~38 ms per token on a CPU (25 tok/s instead of
 * ~500 on the tiny model), while the mass past the 100 likeliest tokens is negligible.
 */
export const SAMPLING_DEFAULTS = { temperature: 1, topP: 1, topK: 100, minP: 0 } as const;

/** `options`' sampling with every default filled in (the seed stays optional). */
export function samplingWithDefaults(options: SamplingOptions): Required<Omit<SamplingOptions, "seed">> & Pick<SamplingOptions, "seed"> {
  const sampling: Required<Omit<SamplingOptions, "seed">> & Pick<SamplingOptions, "seed"> = {
    temperature: options.temperature ?? SAMPLING_DEFAULTS.temperature,
    topP: options.topP ?? SAMPLING_DEFAULTS.topP,
    topK: options.topK ?? SAMPLING_DEFAULTS.topK,
    minP: options.minP ?? SAMPLING_DEFAULTS.minP,
  };
  if (options.seed !== undefined) sampling.seed = options.seed;
  return sampling;
}

export interface GenerateOptions extends SamplingOptions {
  /** Stops generation within one token, or the prompt between two chunks. */
  signal?: AbortSignal;
  /** Generated tokens at most (the turn then ends with `max-tokens`). Default: until the context is full. */
  maxTokens?: number;
  /** Prompt tokens evaluated per step; an abort lands between steps. Default 256. */
  promptChunkSize?: number;
  /** Called after each prompt chunk: tokens evaluated so far of those that were not in the cache. */
  onPromptProgress?(evaluated: number, total: number): void;
  /**
   * false: no speculative decoding for this call even where the sequence has a predictor (the
   * output is the same either way; for measuring). Default true.
   */
  speculative?: boolean;
  /**
   * The scripted response for this call (harmony completion text), instead of the engine's
   * script; `false`: no script even if the engine has one. Testing aid.
   */
  script?: string | false;
  /**
   * Constrain assistant headers while sampling to what the conversation allows (its channels,
   * declared recipients, trained aliases). Default true; false samples headers freely.
   */
  headerConstraint?: boolean;
}

export interface GenerationStats extends TurnStats {
  /** Prompt tokens llama.cpp evaluated (token meter), hidden re-evaluations included. */
  promptEvaluatedTokens: number;
  promptChunks: number;
  promptMs: number;
  generationMs: number;
  /** Everything llama.cpp evaluated for this call (token meter). */
  evaluatedTokens: number;
  /** Tokens sampled inside headers under the header constraint, and the time they took (absent when it was off). */
  headerTokens?: number;
  headerMs?: number;
}

/** A turn's result with the engine's figures; it arrives once, as the generation's return value. */
export interface GenerationResult extends TurnResult {
  stopReason: StopReason;
  /** The messages of this turn, as the lenient parser read them. */
  messages: ParsedMessage[];
  /** Set when the turn ended with a tool call. */
  toolCall?: ToolCall;
  /** The turn's tokens: generated ones plus the end token recorded for a scripted or grammar-ended turn. */
  tokens: number[];
  stats: GenerationStats;
  /** Which response of the script was played (0-based), when one was. */
  scriptResponse?: number;
}

/** A generation in progress: iterate its events; the result is the generator's return value. */
export type GenerationStream = AsyncGenerator<TurnEvent, GenerationResult, void>;

/** What to complete: a conversation (rendered for the assistant), or segments already rendered. */
export type GenerateRequest =
  | {
      conversation: Conversation;
      renderConfig?: RenderConfig;
      /** Parameter schemas by function name, beside (and over) those the developer message declares. */
      toolSchemas?: Record<string, unknown>;
    }
  | {
      /**
       * Must end inside the message to complete: `<|start|>assistant`, or further to prefill a
       * header (`<|channel|>final<|message|>` skips the reasoning; a tool-call header gets the tool's grammar).
       */
      segments: readonly Segment[];
      toolSchemas?: Record<string, unknown>;
    };
