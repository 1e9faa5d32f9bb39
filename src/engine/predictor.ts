// Speculative decoding by prompt lookup: node-llama-cpp's InputLookupTokenPredictor finds the
// last generated tokens in the prompt and proposes the tokens that followed them there; one batch
// evaluates the proposals and keeps those the sampler would have picked anyway. Much of what the
// agent writes copies what it just read (a Fix rewriting a function, apply_patch context, a
// completion repeating a nearby line), and there several tokens come out of one evaluation.
//
// The predictor belongs to a sequence from its creation; `enabled` switches it per turn. Greedy
// output is token for token the same; sampled output follows the same distribution (each position
// is sampled from the model's own probabilities and a proposal is kept only if the sample equals
// it), but validating proposals draws extra random numbers, so with a seed set above temperature 0
// the predictor is off and the seed gives exactly the tokens it gives without prediction (measured:
// it would not). Also off under a tool's grammar (node-llama-cpp checks proposals against a copy of
// the grammar state; we keep that path as it was), and whenever a caller asks.
//
// A draft stops before the first special token. The header constraint (headerBias.ts) biases each
// sampling step from the tokens accepted so far, but a speculative batch samples the positions
// after the proposals before any of them is accepted: a drafted `<|end|>` taken as proposed would
// let the model sample the next header unconstrained. Ordinary text never moves the header
// tracker while the model writes content, and prediction is off while it writes a header, so
// without special tokens in a draft every drafted position is biased as it would be one by one.
import type { Token } from "node-llama-cpp" with { "resolution-mode": "import" };
import { FIRST_SPECIAL_ID } from "../core/harmony/index";
import type { NodeLlamaCpp } from "./llamaModule";

/** What generation needs to know about a sequence's predictor. */
export interface PredictionSwitch {
  /** False: the predictor proposes nothing (generation is one token per evaluation, as without it). */
  enabled: boolean;
  /** The turn's prompt: where proposals are looked up (its last LOOKUP_WINDOW tokens). */
  setInput(prompt: readonly Token[]): void;
}

/**
 * The lookup scans the prompt for every proposal (JS, linear in its length): the last 16,384
 * tokens hold what an answer copies (the file just read, the function to fix) at ~0.1 ms a scan.
 */
export const LOOKUP_WINDOW = 16_384;

export interface PromptLookupOptions {
  /** Shortest run of generated tokens looked up in the prompt. Longer: fewer wrong guesses on free text. */
  minPattern: number;
  /** Tokens proposed per evaluation at most. */
  maxPrediction: number;
}

/**
 * One proposal per evaluation, after a 1-token match. node-llama-cpp 3.22.1 accepts at most one
 * proposal per evaluation whatever the length: `_speculativeEvaluate` compares the proposal at
 * position i > 1 with `validatedTokens.at(-1)`, an array it never fills (LlamaContext.js, lines
 * 1713 and 1853), so every proposal after the first is refuted and was evaluated for nothing.
 * Measured with bench:speculative (bench model, 1 CPU thread, a function copied with small
 * changes): up to 8 proposed, 84 of 384 accepted and slower than without; 1 proposed, 84 of 106
 * accepted, 1.72 tokens per evaluation. A 2-token match finds no more on free text and fewer copies.
 */
export const DEFAULT_PROMPT_LOOKUP: PromptLookupOptions = { minPattern: 1, maxPrediction: 1 };

export function createPromptLookupPredictor(nlc: NodeLlamaCpp, options: PromptLookupOptions = DEFAULT_PROMPT_LOOKUP) {
  class SwitchedInputLookup extends nlc.InputLookupTokenPredictor implements PredictionSwitch {
    enabled = true;

    override predictTokens(): Token[] {
      if (!this.enabled) return [];
      const draft = super.predictTokens();
      const special = draft.findIndex((token) => token >= FIRST_SPECIAL_ID);
      return special === -1 ? draft : draft.slice(0, special);
    }

    setInput(prompt: readonly Token[]): void {
      this.updateInputTokens(prompt.slice(-LOOKUP_WINDOW) as Token[]);
    }
  }
  return new SwitchedInputLookup({
    patternLength: { min: options.minPattern },
    predictionLength: { min: 1, max: options.maxPrediction },
  });
}
