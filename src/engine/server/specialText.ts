// A server streams text, so harmony's special tokens arrive spelled out (`<|channel|>`), maybe cut
// between two chunks. This splits streamed text into ordinary text and whole special-token
// spellings, holding back a tail that could still become one.
import { SPECIAL_TOKENS } from "../../core/harmony/index";

const SPELLINGS: ReadonlySet<string> = new Set(Object.values(SPECIAL_TOKENS).map((token) => token.text));
const LONGEST = Math.max(...[...SPELLINGS].map((s) => s.length));
const SPECIAL = /<\|[A-Za-z0-9_]+\|>/g;

export class SpecialTextSplitter {
  private held = "";

  /** Pieces ready to parse: text runs and whole special spellings, in order. */
  push(text: string): string[] {
    const input = this.held + text;
    this.held = "";
    const pieces: string[] = [];
    let last = 0;
    for (const match of input.matchAll(SPECIAL)) {
      if (!SPELLINGS.has(match[0])) continue;
      if (match.index > last) pieces.push(input.slice(last, match.index));
      pieces.push(match[0]);
      last = match.index + match[0].length;
    }
    let rest = input.slice(last);
    const tail = possibleSpecialStart(rest);
    if (tail > 0) {
      this.held = rest.slice(rest.length - tail);
      rest = rest.slice(0, rest.length - tail);
    }
    if (rest !== "") pieces.push(rest);
    return pieces;
  }

  /** The stream ended: what was held back is text after all. */
  flush(): string[] {
    const held = this.held;
    this.held = "";
    return held === "" ? [] : [held];
  }

  reset(): void {
    this.held = "";
  }
}

/** Length of the longest suffix of `text` that is a proper prefix of some special spelling. */
function possibleSpecialStart(text: string): number {
  const from = Math.max(0, text.length - LONGEST + 1);
  for (let at = text.indexOf("<", from); at !== -1; at = text.indexOf("<", at + 1)) {
    const suffix = text.slice(at);
    for (const spelling of SPELLINGS) if (spelling.length > suffix.length && spelling.startsWith(suffix)) return suffix.length;
  }
  return 0;
}
