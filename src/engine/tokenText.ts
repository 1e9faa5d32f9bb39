// The text of generated tokens as they arrive. A multi-byte character can be split over several
// tokens, each of which detokenizes to U+FFFD alone: such tokens are held back and decoded
// together once the character is complete (at most 4 tokens, the longest UTF-8 sequence).
import type { Token } from "node-llama-cpp" with { "resolution-mode": "import" };

const REPLACEMENT = "\uFFFD";
const MAX_HELD = 4;

export class TokenTextDecoder {
  private held: Token[] = [];

  constructor(private readonly detokenize: (tokens: Token[]) => string) {}

  /** The text this token completes: "" while a character is still incomplete. */
  push(token: Token): string {
    this.held.push(token);
    const text = this.detokenize(this.held);
    if (text.endsWith(REPLACEMENT) && this.held.length < MAX_HELD) return "";
    this.held = [];
    return text;
  }

  /** Text still held (an incomplete character shows as U+FFFD), e.g. before a special token. */
  flush(): string {
    if (this.held.length === 0) return "";
    const text = this.detokenize(this.held);
    this.held = [];
    return text;
  }

  /** The last token held back, if any (its id goes to the parser with the flushed text). */
  get lastHeld(): Token | undefined {
    return this.held.at(-1);
  }
}
