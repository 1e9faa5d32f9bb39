// What a generation call takes and what it reports, event by event. The VS Code layer and the
// agent consume these; nothing here depends on node-llama-cpp at run time.
import type { ParsedHeader, ParsedMessage } from "../core/harmony/index";
import type { PromptEvaluation } from "./promptEvaluation";

/**
 * Why the turn ended: the model's `<|return|>` (also `<|endoftext|>`) or `<|call|>`; the caller's
 * abort; the `maxTokens` cap; or the context window filled up (never overflowed).
 */
export type StopReason = "return" | "call" | "abort" | "max-tokens" | "context-full";

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

/** A complete tool call: the model addressed `recipient` and its arguments text ended. */
export interface ToolCall {
  /** `functions.read_file` */
  recipient: string;
  /** `read_file` when the recipient is in the `functions` namespace, else the recipient. */
  name: string;
  /** The arguments exactly as generated (validate them with the tool's zod schema). */
  arguments: string;
  channel?: string;
  contentType?: string;
  /** True when the arguments were generated under the tool's grammar. */
  constrained: boolean;
}

export interface GenerationStats {
  promptTokens: number;
  /** Prompt tokens found in the KV cache and not evaluated again. */
  reusedTokens: number;
  /** Prompt tokens llama.cpp evaluated (token meter), hidden re-evaluations included. */
  promptEvaluatedTokens: number;
  promptChunks: number;
  promptMs: number;
  /** Tokens the model produced (a recorded end token not counted). */
  generatedTokens: number;
  generationMs: number;
  /** generatedTokens / generation time. */
  tokensPerSecond: number;
  /** Everything llama.cpp evaluated for this call (token meter). */
  evaluatedTokens: number;
  /** Tokens sampled inside headers under the header constraint, and the time they took (absent when it was off). */
  headerTokens?: number;
  headerMs?: number;
}

export interface GenerationResult {
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

export type GenerationEvent =
  /** The prompt is in the KV cache (or the abort stopped it); generation starts. */
  | { type: "prompt"; evaluation: PromptEvaluation; ms: number }
  | { type: "message-start"; header: ParsedHeader }
  /** Message text as it streams; `channel` is `analysis` (reasoning), `commentary` or `final`. */
  | { type: "text"; text: string; channel: string | undefined; recipient: string | undefined }
  | { type: "message-end"; message: ParsedMessage }
  | { type: "tool-call"; call: ToolCall }
  /** Something worth a log line (e.g. a schema part the grammar cannot enforce). */
  | { type: "warning"; message: string }
  | { type: "done"; result: GenerationResult };

/** A generation in progress: iterate its events; the last one is `done`. */
export type GenerationStream = AsyncGenerator<GenerationEvent, GenerationResult, void>;
