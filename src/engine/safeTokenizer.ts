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

/**
 * llama.cpp's pre-tokenizer crashes the whole process (SIGSEGV, measured: exit 139) on one
 * pre-token of ~32,000 characters: a run of one letter, punctuation mark or whitespace, as a
 * pasted log or a generated file can hold. Text longer than this is cut into pieces of at most
 * this many characters, each tokenized apart.
 */
export const MAX_TOKENIZER_PIECE = 4096;

/**
 * `text` in pieces of at most MAX_TOKENIZER_PIECE characters, cut where a new word starts (before
 * a whitespace character followed by a non-whitespace one, where o200k's pre-tokenizer starts a
 * new pre-token anyway, so ordinary text keeps its exact tokens). A run with no such place is cut
 * at the limit (never inside a surrogate pair): its tokens may differ slightly at the cut.
 */
export function splitLongText(text: string): string[] {
  if (text.length <= MAX_TOKENIZER_PIECE) return [text];
  const pieces: string[] = [];
  let start = 0;
  while (text.length - start > MAX_TOKENIZER_PIECE) {
    let cut = -1;
    for (let i = start + MAX_TOKENIZER_PIECE - 1; i > start; i--) {
      if (isSpace(text.charCodeAt(i)) && !isSpace(text.charCodeAt(i + 1))) {
        cut = i;
        break;
      }
    }
    if (cut === -1) {
      cut = start + MAX_TOKENIZER_PIECE;
      const code = text.charCodeAt(cut);
      if (code >= 0xdc00 && code <= 0xdfff) cut--;
    }
    pieces.push(text.slice(start, cut));
    start = cut;
  }
  pieces.push(text.slice(start));
  return pieces;
}

function isSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13) || code === 0xa0 || code === 0x3000 || (code >= 0x2000 && code <= 0x200a);
}

/** Tokenizes ordinary text with special tokens off and every special-token spelling kept as text. */
export function tokenizeTextSafely(model: LlamaModel, text: string): Token[] {
  if (text === "") return [];
  const pieces = splitSpecialSpellings(text).flatMap(splitLongText);
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
