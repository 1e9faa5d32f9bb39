// The header constraint as token biases, per sampling step: while the model writes a header (or
// the `<|start|>assistant` after an `<|end|>`), every token that keeps it a valid prefix gets the
// script's +1000 logit, so only those can be sampled (in the model's own proportions among them).
// Allowed texts become tokens as the tokenizer would split them (the first token of each). In
// content nothing is biased, except that a message addressed to a recipient cannot end with
// `<|end|>` (it ends with `<|call|>`). Biases are built once per state and reused.
import type { LlamaModel, Token, TokenBias } from "node-llama-cpp" with { "resolution-mode": "import" };
import { HeaderTracker, SPECIAL_TOKENS, specialTokenName, type HeaderRules } from "../core/harmony/index";
import type { NodeLlamaCpp } from "./llamaModule";
import { SCRIPT_LOGIT } from "./scriptBias";

export class HeaderConstraint {
  readonly tracker: HeaderTracker;
  private readonly biases = new Map<string, TokenBias>();
  private readonly firstTokens = new Map<string, Token | undefined>();
  private recipientContent: TokenBias | undefined;

  constructor(
    private readonly nlc: NodeLlamaCpp,
    private readonly model: LlamaModel,
    rules: HeaderRules,
  ) {
    this.tracker = new HeaderTracker(rules);
  }

  /** Feeds one token (prompt or generated) to the tracker. */
  push(token: Token): void {
    const name = specialTokenName(token);
    if (name !== undefined) this.tracker.pushSpecial(name);
    // Text matters only inside a header (ASCII there: one token decodes on its own).
    else if (this.tracker.constraining) this.tracker.pushText(this.model.detokenize([token], false));
  }

  /** The bias for the token about to be sampled; undefined where the model is free. */
  bias(): TokenBias | undefined {
    const next = this.tracker.continuations();
    if (next === undefined) {
      if (this.tracker.phase !== "content" || !this.tracker.recipient) return undefined;
      this.recipientContent ??= new this.nlc.TokenBias(this.model.tokenizer).set(SPECIAL_TOKENS.end.id as Token, "never");
      return this.recipientContent;
    }
    const key = `${next.specials.join(",")}\u0000${next.texts.join("\u0000")}`;
    let bias = this.biases.get(key);
    if (!bias) {
      bias = new this.nlc.TokenBias(this.model.tokenizer);
      for (const name of next.specials) bias.set(SPECIAL_TOKENS[name].id as Token, { logit: SCRIPT_LOGIT });
      for (const text of next.texts) {
        const token = this.firstToken(text);
        if (token !== undefined) bias.set(token, { logit: SCRIPT_LOGIT });
      }
      this.biases.set(key, bias);
    }
    return bias;
  }

  private firstToken(text: string): Token | undefined {
    if (!this.firstTokens.has(text)) this.firstTokens.set(text, this.model.tokenize(text, false)[0]);
    return this.firstTokens.get(text);
  }
}
