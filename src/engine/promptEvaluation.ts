// Getting a prompt into a sequence's KV cache: keep the longest common token prefix already
// evaluated, erase the rest, then evaluate what is new in chunks so that an abort lands between
// chunks (a single evaluate of a few thousand tokens cannot be interrupted). The prompt's last
// token is left for the generating evaluate. Counts come from node-llama-cpp's token meter: an
// erase that lands before the sliding-window cache silently re-evaluates the whole prefix, and
// only the meter shows it.
import type { LlamaContextSequence, Token } from "node-llama-cpp" with { "resolution-mode": "import" };

import type { PromptEvaluation } from "../core/agent/types";

export const DEFAULT_PROMPT_CHUNK = 256;

export interface PromptEvaluationOptions {
  chunkSize?: number;
  signal?: AbortSignal;
  /** Called after each chunk (progress, tests). */
  onChunk?(evaluated: number, total: number): void;
}

export function meteredTokens(sequence: LlamaContextSequence): number {
  const { usedInputTokens, usedOutputTokens } = sequence.tokenMeter.getState();
  return usedInputTokens + usedOutputTokens;
}

/**
 * Evaluates `tokens` but its last one into `sequence`, reusing the common prefix. Afterwards the
 * sequence holds exactly `tokens.slice(0, -1)` unless aborted. `tokens` must not be empty.
 */
export async function evaluatePrompt(
  sequence: LlamaContextSequence,
  tokens: readonly Token[],
  options: PromptEvaluationOptions = {},
): Promise<PromptEvaluation> {
  const chunkSize = Math.max(1, Math.floor(options.chunkSize ?? DEFAULT_PROMPT_CHUNK));
  const meterBefore = meteredTokens(sequence);
  const head = tokens.slice(0, -1);
  if (options.signal?.aborted) {
    return { promptTokens: tokens.length, reusedTokens: 0, evaluatedTokens: 0, chunks: 0, aborted: true };
  }

  // At least the last token must be evaluated (its logits give the first generated token).
  const firstDifferent = Math.min(sequence.compareContextTokens(head).firstDifferentIndex, head.length);
  if (firstDifferent < sequence.nextTokenIndex) {
    await sequence.eraseContextTokenRanges([{ start: firstDifferent, end: sequence.nextTokenIndex }]);
  }
  const reusedTokens = sequence.nextTokenIndex;
  const rest = head.slice(reusedTokens);

  let chunks = 0;
  let aborted = false;
  for (let start = 0; start < rest.length; start += chunkSize) {
    if (options.signal?.aborted) {
      aborted = true;
      break;
    }
    await sequence.evaluateWithoutGeneratingNewTokens(rest.slice(start, start + chunkSize));
    chunks++;
    options.onChunk?.(Math.min(start + chunkSize, rest.length), rest.length);
  }
  // A checkpoint here lets the next turn roll back to the end of this prompt (dropping this
  // turn's reasoning) without losing the sliding-window cache and re-evaluating everything.
  // Chosen over `swaFullCache: true`, which fixes the same trap by keeping the full KV cache in
  // the sliding-window layers too: ~0.8 GB more for gpt-oss-20b at 32K tokens, while a
  // checkpoint holds only the window (0.07 MB on the bench model) and takes ~0.2 ms.
  // Generation speed measured the same either way (bench/engine.ts).
  if (!aborted && rest.length > 0 && sequence.needsCheckpoints) await sequence.takeCheckpoint();

  return {
    promptTokens: tokens.length,
    reusedTokens,
    evaluatedTokens: meteredTokens(sequence) - meterBefore,
    chunks,
    aborted,
  };
}
