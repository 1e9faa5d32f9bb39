// Forcing a script response token by token: before each sampling step, a +1000 logit on the next
// scripted token (measured to win at temperature 0, 1 and 2). node-llama-cpp's TokenBias ignores
// end-of-generation tokens, so the final `<|return|>` / `<|call|>` is never forced: the engine
// stops once the forced tokens have come out and records that end token itself.
import type { LlamaModel, Token, TokenBias } from "node-llama-cpp" with { "resolution-mode": "import" };
import { EngineError } from "./errors";
import type { NodeLlamaCpp } from "./llamaModule";
import { splitLongText } from "./safeTokenizer";
import type { ScriptResponse } from "./script";

/** Beats any logit a model produces. */
export const SCRIPT_LOGIT = 1000;

export class ScriptedTurn {
  private readonly biases: Array<TokenBias | undefined>;

  constructor(
    private readonly nlc: NodeLlamaCpp,
    private readonly model: LlamaModel,
    readonly response: ScriptResponse,
    /** The tokens to force, in order. */
    readonly forced: readonly Token[],
    /** The end-of-generation token the response ends with, recorded rather than forced. */
    readonly endToken: Token | undefined,
  ) {
    this.biases = new Array<TokenBias | undefined>(forced.length);
  }

  /** The bias for the token at `position` of the reply, or undefined once the script has run out. */
  biasAt(position: number): TokenBias | undefined {
    const token = this.forced[position];
    if (token === undefined) return undefined;
    let bias = this.biases[position];
    if (!bias) {
      bias = new this.nlc.TokenBias(this.model.tokenizer).set(token, { logit: SCRIPT_LOGIT });
      this.biases[position] = bias;
    }
    return bias;
  }

  /** Throws when the model emitted something else than the script's token at `position`. */
  check(position: number, token: Token): void {
    const expected = this.forced[position];
    if (expected === undefined || expected === token) return;
    const show = (t: Token) => JSON.stringify(this.model.detokenize([t], true));
    throw new EngineError(
      "script-mismatch",
      `Script response ${this.response.index + 1}: token ${position + 1} should be ${expected} ${show(expected)} but the model produced ${token} ${show(token)}. ` +
        "A grammar may forbid the scripted text (scripted tool arguments are not grammar-constrained unless the script ends at the header).",
    );
  }
}

/** Tokenizes a response (special tokens spelled out, as harmony text) into what to force and how it ends. */
export function compileScript(nlc: NodeLlamaCpp, model: LlamaModel, response: ScriptResponse): ScriptedTurn {
  const tokens = tokenizeScript(model, response.text);
  const last = tokens.at(-1);
  const endToken = last !== undefined && model.isEogToken(last) ? last : undefined;
  const forced = endToken === undefined ? tokens : tokens.slice(0, -1);
  const early = forced.findIndex((token) => model.isEogToken(token));
  if (early !== -1) {
    throw new EngineError(
      "script-invalid",
      `Script response ${response.index + 1} has ${model.detokenize([forced[early]!], true) || `end token ${forced[early]}`} before its end (token ${early + 1}); ` +
        "a turn ends at <|return|> or <|call|>, so put what follows in the next response.",
    );
  }
  return new ScriptedTurn(nlc, model, response, forced, endToken);
}

/** A special token's spelling in script text ("<|channel|>"), tokenized on its own. */
const SPECIAL_SPELLING = /<\|[A-Za-z0-9_]+\|>/g;

/**
 * Script text to tokens with special tokens spelled out, but through the same long-text cutting
 * as the prompt (safeTokenizer.ts): llama.cpp's pre-tokenizer kills the process on one ~32,000
 * character pre-token, and a scripted reply holding a 40,000-character run of one letter
 * crashed the extension host. Special spellings are tokenized alone, the text between them in
 * pieces of at most MAX_TOKENIZER_PIECE characters.
 */
export function tokenizeScript(model: LlamaModel, text: string): Token[] {
  const out: Token[] = [];
  const text_ = (piece: string) => {
    for (const part of splitLongText(piece)) if (part !== "") for (const token of model.tokenize(part, true)) out.push(token);
  };
  let last = 0;
  for (const match of text.matchAll(SPECIAL_SPELLING)) {
    const at = match.index ?? 0;
    text_(text.slice(last, at));
    for (const token of model.tokenize(match[0], true)) out.push(token);
    last = at + match[0].length;
  }
  text_(text.slice(last));
  return out;
}
