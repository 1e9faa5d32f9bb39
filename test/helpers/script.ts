// The "scripted engine" technique: a random-weight model emits exactly the tokens a test wants
// when every sampling step gets a huge bias on the next scripted token. Everything else (the
// tokenizer, KV cache, sampler, our parser and agent loop) runs for real.
//
//   const script = await scriptBias(model, "<|channel|>final<|message|>Hello!<|return|>");
//   for await (const token of sequence.evaluate(prompt, { tokenBias: script.tokenBias, yieldEogToken: true })) {
//     reply.push(token);
//     if (script.done) break;
//   }
//   // reply equals script.forced; the turn ended with script.endToken (<|return|>)
import type { LlamaModel, Token, TokenBias } from "node-llama-cpp" with { "resolution-mode": "import" };

/**
 * Enough to beat any logit a model produces: the scripted token wins at every temperature
 * (measured at 0, 1 and 2).
 */
export const SCRIPT_LOGIT = 1000;

export interface ScriptedBias {
  /**
   * Pass as `tokenBias` to `sequence.evaluate` (or the engine's generate). node-llama-cpp calls it
   * once before each sampled token; each call forces the next scripted token, and once the script
   * has run out, nothing.
   */
  tokenBias: () => TokenBias;
  /** The tokens the bias forces: the script without its end token. */
  forced: readonly Token[];
  /**
   * The end-of-generation token the script ends with (`<|return|>`, `<|call|>`), if any. A bias
   * cannot force one (node-llama-cpp's TokenBias ignores them), so the caller stops once `done`
   * and records this token itself, as the engine does when it sees a real one.
   */
  endToken: Token | undefined;
  /** True once every forced token has been handed to the sampler: stop after the token that arrives. */
  readonly done: boolean;
  /** How many tokens have been forced so far. */
  readonly position: number;
}

/** Builds the bias for a script given as harmony text (special tokens on) or as token ids. */
export async function scriptBias(model: LlamaModel, script: string | readonly Token[]): Promise<ScriptedBias> {
  const { TokenBias } = await import("node-llama-cpp");
  const tokens = typeof script === "string" ? model.tokenize(script, true) : [...script];
  const last = tokens.at(-1);
  const endToken = last !== undefined && model.isEogToken(last) ? last : undefined;
  const forced = endToken === undefined ? tokens : tokens.slice(0, -1);
  const early = forced.find((token) => model.isEogToken(token));
  if (early !== undefined) {
    throw new Error(`The script has end-of-generation token ${early} (${model.detokenize([early], true)}) before its end; a bias cannot force it. End the script there and start a new one.`);
  }

  const biases = forced.map((token) => new TokenBias(model.tokenizer).set(token, { logit: SCRIPT_LOGIT }));
  const none = new TokenBias(model.tokenizer);
  let position = 0;
  return {
    tokenBias: () => (position < biases.length ? biases[position++]! : none),
    forced,
    endToken,
    get done() {
      return position >= biases.length;
    },
    get position() {
      return position;
    },
  };
}
