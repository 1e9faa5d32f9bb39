// Lanes: each kind of caller gets a KV-cache sequence of its own, sized for its job, so callers
// run side by side instead of in turns. A completion no longer evicts the chat's cache (the next
// chat turn evaluates only its new tokens), completions go on while an agent turn runs for
// minutes, and a vscode.lm request or a code action does not wait behind either.
// Pure data and arithmetic: the catalog uses it for the memory estimate before a download.
import type { Priority } from "./scheduler";

/** chat: the sidebar's conversations; completion: inline completions; other: vscode.lm and code actions. */
export type Lane = "chat" | "completion" | "other";

export const LANES: readonly Lane[] = ["chat", "completion", "other"];

export interface LaneSpec {
  lane: Lane;
  /** Tokens this lane's sequence holds; "auto" fits the chat's to free memory. */
  contextSize: number | "auto";
}

/**
 * Completions read a window of the file around the cursor (a few thousand tokens at most) and
 * write a line or a block; 4,096 holds that with room for the instructions.
 */
export const COMPLETION_LANE_TOKENS = 4096;
/** A Fix or Explain prompt (a function, its diagnostics) or a vscode.lm request from another extension. */
export const OTHER_LANE_TOKENS = 8192;

/** The lanes the extension loads: the chat at the user's size, the others at their fixed ones (never above the chat's). */
export function defaultLanes(chatContextSize: number | "auto"): LaneSpec[] {
  const cap = (size: number) => (chatContextSize === "auto" ? size : Math.min(size, chatContextSize));
  return [
    { lane: "chat", contextSize: chatContextSize },
    { lane: "completion", contextSize: cap(COMPLETION_LANE_TOKENS) },
    { lane: "other", contextSize: cap(OTHER_LANE_TOKENS) },
  ];
}

/** Where a caller goes when it does not name a lane: by its scheduling priority. */
export function laneOfPriority(priority: Priority): Lane {
  return priority === "chat" ? "chat" : priority === "completion" ? "completion" : "other";
}

/** What the KV cache's size depends on (from the GGUF header, or the catalog for a model not yet on disk). */
export interface KvShape {
  blocks: number;
  headsKv: number;
  /** Key and value head sizes (gpt-oss: 64 both). */
  keyLength: number;
  valueLength: number;
  /** gpt-oss alternates sliding-window and full-attention blocks; undefined: every block is full. */
  slidingWindow: number | undefined;
}

/** llama.cpp's default micro-batch: a sliding-window layer keeps window + ubatch cells. */
const UBATCH = 512;
/** F16 keys and values (node-llama-cpp's default cache type). */
const KV_BYTES_PER_VALUE = 2;

/**
 * KV-cache bytes of one sequence of `contextSize` tokens. Full-attention blocks keep every token;
 * sliding-window blocks (every other block in gpt-oss) keep the window plus one micro-batch.
 * gpt-oss-20b: ~24 KB per token (12 full blocks x 8 heads x 64 x 2 x 2 bytes) plus ~16 MB fixed.
 */
export function sequenceKvBytes(shape: KvShape, contextSize: number): number {
  const perTokenPerBlock = shape.headsKv * (shape.keyLength + shape.valueLength) * KV_BYTES_PER_VALUE;
  const swaBlocks = shape.slidingWindow ? Math.floor(shape.blocks / 2) : 0;
  const fullBlocks = shape.blocks - swaBlocks;
  const swaCells = shape.slidingWindow ? Math.min(contextSize, shape.slidingWindow + UBATCH) : 0;
  return perTokenPerBlock * (fullBlocks * contextSize + swaBlocks * swaCells);
}
