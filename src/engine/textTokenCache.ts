// Tokenizing is not free: each call into node-llama-cpp's tokenizer costs ~1.5 ms however short
// the text (measured on the tiny model, 1 thread), and ~10 ms for the ~6 KB of code before the
// cursor. An inline completion's prompt has a dozen text segments, nearly all the same at every
// keystroke (role names, instructions, the file window): tokenized afresh they cost more than
// the few tokens the keystroke then evaluates. So the tokens of texts seen lately are remembered.
import type { Token } from "node-llama-cpp" with { "resolution-mode": "import" };

export class TextTokenCache {
  private readonly entries = new Map<string, readonly Token[]>();

  /** A chat prompt has a few segments per message: room for a long conversation's. */
  constructor(private readonly capacity = 256) {}

  /** The tokens of `text`, from the cache or from `tokenize` (then remembered). */
  tokens(text: string, tokenize: (text: string) => readonly Token[]): readonly Token[] {
    const known = this.entries.get(text);
    if (known) {
      // Most recently used last: the first entry is the one to drop.
      this.entries.delete(text);
      this.entries.set(text, known);
      return known;
    }
    const fresh = tokenize(text);
    this.entries.set(text, fresh);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return fresh;
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }
}
