// Suggestions already made, so that typing the characters of a shown suggestion keeps it without
// asking the model again (VS Code asks the provider anew at every keystroke). An entry remembers
// the text before and after the cursor it was made for; a later request in the same document
// whose text before the cursor is that text plus a start of the suggestion, with the same text
// after the cursor, gets the rest of the suggestion. Least recently used entries go first.

export interface SuggestionEntry {
  /** The document's URI. */
  document: string;
  /** The line the text before starts on (the completion window's start). */
  beforeStartLine: number;
  /** From `beforeStartLine` to the cursor. */
  before: string;
  /** From the cursor to the end of the window after it. */
  after: string;
  /** What was suggested ("" when the model had nothing: asking again at the same spot is pointless). */
  text: string;
}

export interface CacheQuery {
  document: string;
  /** The text from `line` (0-based) to the cursor, as the document holds it now. */
  textBefore(line: number): string;
  after: string;
}

export class SuggestionCache {
  private readonly entries = new Map<string, SuggestionEntry>();

  constructor(private readonly capacity = 64) {}

  get size(): number {
    return this.entries.size;
  }

  /** The rest of an earlier suggestion that fits here, or undefined (ask the model). */
  lookup(query: CacheQuery): string | undefined {
    const before = new Map<number, string>();
    // Newest first: the suggestion on screen is the likeliest match.
    for (const [key, entry] of [...this.entries].reverse()) {
      if (entry.document !== query.document || entry.after !== query.after) continue;
      let current = before.get(entry.beforeStartLine);
      if (current === undefined) {
        current = query.textBefore(entry.beforeStartLine);
        before.set(entry.beforeStartLine, current);
      }
      if (!current.startsWith(entry.before)) continue;
      const typed = current.slice(entry.before.length);
      if (!entry.text.startsWith(typed)) continue;
      // Typed through to its end: the user wants what comes next, a new suggestion.
      if (typed.length > 0 && typed.length === entry.text.length) continue;
      this.entries.delete(key);
      this.entries.set(key, entry);
      return entry.text.slice(typed.length);
    }
    return undefined;
  }

  store(entry: SuggestionEntry): void {
    const key = `${entry.document}\u0000${entry.beforeStartLine}\u0000${entry.before}\u0000${entry.after}`;
    this.entries.delete(key);
    this.entries.set(key, entry);
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  /** Forgets a document's suggestions (it was closed). */
  forget(document: string): void {
    for (const [key, entry] of this.entries) if (entry.document === document) this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}
