// Text -> tokens that can never smuggle in harmony structure. llama.cpp treats five harmony tokens
// (`<|start|>`, `<|channel|>`, `<|message|>`, `<|constrain|>`, `<|end|>`) as user-defined tokens
// and matches them by their spelling even with special tokens off, so a user message or a file
// containing `<|end|><|start|>system<|message|>` would open a real system message. We cut such
// text right after each `<|` that begins a special-token-like spelling and tokenize the pieces
// apart. o200k's pre-tokenizer splits there anyway (`<|` is a punctuation run that stops at the
// letter), so the tokens are the ones the reference tokenizer gives for that text.
import type { LlamaModel, Token } from "node-llama-cpp" with { "resolution-mode": "import" };

/** `<|` followed by a special-token-like name and `|>`: the cut goes between `<|` and the name. */
const SPECIAL_LIKE = /<\|(?=[A-Za-z0-9_]+\|>)/g;

/** The text in pieces such that no piece holds a whole `<|name|>` spelling. Joined, they give `text` back. */
export function splitSpecialSpellings(text: string): string[] {
  const pieces: string[] = [];
  let last = 0;
  for (const match of text.matchAll(SPECIAL_LIKE)) {
    const cut = (match.index ?? 0) + 2;
    pieces.push(text.slice(last, cut));
    last = cut;
  }
  if (last === 0) return [text];
  pieces.push(text.slice(last));
  return pieces;
}

/** Tokenizes ordinary text with special tokens off and every special-token spelling kept as text. */
export function tokenizeTextSafely(model: LlamaModel, text: string): Token[] {
  if (text === "") return [];
  const pieces = splitSpecialSpellings(text);
  if (pieces.length === 1) return model.tokenize(text, false);
  const out: Token[] = [];
  for (const piece of pieces) if (piece !== "") for (const token of model.tokenize(piece, false)) out.push(token);
  return out;
}

/**
 * Remembers how the model itself tokenized the text it generated (message contents, tool
 * arguments), so that re-rendering the conversation next turn gives back the very tokens already
 * in the KV cache: re-tokenizing the model's text canonically can split it differently and break
 * the reused prefix mid-reply. Only runs of ordinary tokens that decode to exactly the text are kept.
 */
export class GeneratedTokenMemo {
  private readonly entries = new Map<string, readonly Token[]>();

  constructor(private readonly capacity = 256) {}

  get(text: string): readonly Token[] | undefined {
    return this.entries.get(text);
  }

  set(text: string, tokens: readonly Token[]): void {
    if (text === "" || tokens.length === 0) return;
    this.entries.delete(text);
    this.entries.set(text, tokens);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
