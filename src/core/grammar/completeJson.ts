// "Is the text one complete JSON value yet?" — asked after every generated token of tool
// arguments, so the engine can stop and record `<|call|>` itself (the grammar has nothing left
// to allow but an end token, and forcing one by bias is slow). A small scanner tracks strings,
// escapes and nesting; JSON.parse confirms only when the scanner sees the value close.

/**
 * Feeds text piece by piece (each generated token's text); `complete` turns true once the text
 * so far is exactly one JSON value, optionally surrounded by whitespace. Costs O(piece).
 * A top-level number is complete only once whitespace follows it (`12` may still become `123`).
 */
export class JsonValueScanner {
  private text = "";
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** "none" before the value, "open" inside it, "closed" after it (only whitespace may follow). */
  private phase: "none" | "open" | "closed" = "none";
  /** Top-level literal or number being read (true, false, null, -12.5e3). */
  private bare = false;
  private word = "";
  private broken = false;
  private verdict: boolean | undefined;

  push(piece: string): boolean {
    this.text += piece;
    this.verdict = undefined;
    for (const ch of piece) {
      if (this.broken) break;
      this.step(ch);
    }
    return this.complete;
  }

  get complete(): boolean {
    if (this.verdict !== undefined) return this.verdict;
    this.verdict = !this.broken && this.phase === "closed" && parses(this.text);
    return this.verdict;
  }

  private step(ch: string): void {
    if (this.inString) {
      if (this.escaped) this.escaped = false;
      else if (ch === "\\") this.escaped = true;
      else if (ch === '"') {
        this.inString = false;
        if (this.depth === 0) this.phase = "closed";
      }
      return;
    }
    const space = ch === " " || ch === "\n" || ch === "\r" || ch === "\t";
    if (this.phase === "closed") {
      if (!space) this.broken = true;
      return;
    }
    if (this.bare) {
      if (space) {
        this.bare = false;
        this.phase = "closed";
        return;
      }
      if (/[0-9a-zA-Z.+-]/.test(ch)) {
        this.word += ch;
        // true/false/null cannot grow: complete as soon as they are spelled out.
        if (this.word === "true" || this.word === "false" || this.word === "null") {
          this.bare = false;
          this.phase = "closed";
        }
        return;
      }
      this.broken = true;
      return;
    }
    if (space) return;
    if (ch === '"') {
      this.inString = true;
      this.phase = "open";
    } else if (ch === "{" || ch === "[") {
      this.depth++;
      this.phase = "open";
    } else if (ch === "}" || ch === "]") {
      if (this.depth === 0) this.broken = true;
      else if (--this.depth === 0) this.phase = "closed";
    } else if (this.phase === "none") {
      this.phase = "open";
      this.bare = true;
      this.word = ch;
    }
  }
}

/** True when `text` is exactly one complete JSON value (see JsonValueScanner for numbers). */
export function isCompleteJsonValue(text: string): boolean {
  return new JsonValueScanner().push(text);
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
