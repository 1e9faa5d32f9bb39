// A small reference recognizer for GBNF: does a grammar accept a text? It reads the subset
// llama.cpp's grammar parser reads (rules, alternatives, groups, literals, character classes,
// `? * + {m} {m,} {m,n}`, comments) and matches by sets of end positions with memoized rules,
// which is exact for grammars without left recursion (llama.cpp rejects those too).
// Tests use it to state the language of generated grammars; it also lets code check a text
// (e.g. scripted tool arguments) against a grammar without a model. Not built for speed.
// Token terms `<[id]>` match a special token given as such in acceptsTokens' input; as in
// llama.cpp, character rules read a special token by its spelling.

type Element =
  | { kind: "literal"; codePoints: number[] }
  | { kind: "class"; negated: boolean; ranges: Array<[number, number]> }
  | { kind: "ref"; name: string }
  | { kind: "group"; alternatives: Sequence[] }
  | { kind: "token"; id: number };
interface Item {
  element: Element;
  min: number;
  max: number; // Infinity: unbounded
}
type Sequence = Item[];

export class GbnfMatcher {
  private readonly rules = new Map<string, Sequence[]>();
  /** Where each special token of the input being matched starts: its id and spelling's length. */
  private tokenStarts = new Map<number, { id: number; length: number }>();

  constructor(grammar: string) {
    new Parser(grammar, this.rules).parseAll();
    for (const alternatives of this.rules.values()) for (const sequence of alternatives) this.checkRefs(sequence);
  }

  /** True when the rule (default `root`) derives exactly `text`. */
  accepts(text: string, rule = "root"): boolean {
    return this.acceptsTokens([text], rule);
  }

  /** As accepts, for text with special tokens in it (`{ id, text }`: the token and its spelling). */
  acceptsTokens(units: ReadonlyArray<string | { id: number; text: string }>, rule = "root"): boolean {
    const input: number[] = [];
    this.tokenStarts = new Map();
    for (const unit of units) {
      const text = typeof unit === "string" ? unit : unit.text;
      const chars = [...text].map((ch) => ch.codePointAt(0)!);
      if (typeof unit !== "string") this.tokenStarts.set(input.length, { id: unit.id, length: chars.length });
      input.push(...chars);
    }
    const memo = new Map<string, Set<number>>();
    return this.matchRule(rule, 0, input, memo).has(input.length);
  }

  private checkRefs(sequence: Sequence): void {
    for (const { element } of sequence) {
      if (element.kind === "ref" && !this.rules.has(element.name)) throw new Error(`GBNF: undefined rule "${element.name}"`);
      if (element.kind === "group") for (const inner of element.alternatives) this.checkRefs(inner);
    }
  }

  private matchRule(name: string, pos: number, input: number[], memo: Map<string, Set<number>>): Set<number> {
    const key = `${name}@${pos}`;
    const known = memo.get(key);
    if (known) return known;
    memo.set(key, new Set()); // a rule reached again at the same position (left recursion) matches nothing
    const alternatives = this.rules.get(name);
    if (!alternatives) throw new Error(`GBNF: undefined rule "${name}"`);
    const ends = this.matchAlternatives(alternatives, pos, input, memo);
    memo.set(key, ends);
    return ends;
  }

  private matchAlternatives(alternatives: Sequence[], pos: number, input: number[], memo: Map<string, Set<number>>): Set<number> {
    const ends = new Set<number>();
    for (const sequence of alternatives) {
      let positions = new Set([pos]);
      for (const item of sequence) {
        positions = this.matchItem(item, positions, input, memo);
        if (positions.size === 0) break;
      }
      for (const end of positions) ends.add(end);
    }
    return ends;
  }

  private matchItem(item: Item, starts: Set<number>, input: number[], memo: Map<string, Set<number>>): Set<number> {
    const result = new Set<number>();
    let frontier = starts;
    const seen = new Set<number>();
    for (let count = 0; ; count++) {
      if (count >= item.min) for (const p of frontier) result.add(p);
      if (count >= item.max || frontier.size === 0) break;
      const next = new Set<number>();
      for (const p of frontier) for (const end of this.matchElement(item.element, p, input, memo)) next.add(end);
      if (count >= item.min) {
        // Unbounded repetition: stop once no new position appears.
        for (const p of [...next]) if (seen.has(p)) next.delete(p);
        for (const p of next) seen.add(p);
      }
      frontier = next;
    }
    return result;
  }

  private matchElement(element: Element, pos: number, input: number[], memo: Map<string, Set<number>>): Set<number> {
    switch (element.kind) {
      case "literal": {
        const { codePoints } = element;
        for (let i = 0; i < codePoints.length; i++) if (input[pos + i] !== codePoints[i]) return new Set();
        return new Set([pos + codePoints.length]);
      }
      case "class": {
        const ch = input[pos];
        if (ch === undefined) return new Set();
        const inRanges = element.ranges.some(([lo, hi]) => ch >= lo && ch <= hi);
        return inRanges !== element.negated ? new Set([pos + 1]) : new Set();
      }
      case "token": {
        const token = this.tokenStarts.get(pos);
        return token?.id === element.id ? new Set([pos + token.length]) : new Set();
      }
      case "ref":
        return this.matchRule(element.name, pos, input, memo);
      case "group":
        return this.matchAlternatives(element.alternatives, pos, input, memo);
    }
  }
}

class Parser {
  private pos = 0;

  constructor(
    private readonly src: string,
    private readonly rules: Map<string, Sequence[]>,
  ) {}

  parseAll(): void {
    this.skipSpace(true);
    while (this.pos < this.src.length) {
      const name = this.parseName();
      this.skipSpace(false);
      if (!this.src.startsWith("::=", this.pos)) this.fail('expected "::="');
      this.pos += 3;
      this.skipSpace(true);
      this.rules.set(name, this.parseAlternatives(false));
      this.skipSpace(true);
    }
  }

  private parseAlternatives(nested: boolean): Sequence[] {
    const alternatives = [this.parseSequence(nested)];
    while (this.src[this.pos] === "|") {
      this.pos++;
      this.skipSpace(true);
      alternatives.push(this.parseSequence(nested));
    }
    return alternatives;
  }

  private parseSequence(nested: boolean): Sequence {
    const sequence: Sequence = [];
    for (;;) {
      this.skipSpace(nested);
      const ch = this.src[this.pos];
      if (ch === undefined || ch === "|" || ch === ")" || ch === "\n" || ch === "\r") break;
      if (this.atRuleStart()) break;
      let element: Element;
      if (ch === '"') element = this.parseLiteral();
      else if (ch === "[") element = this.parseClass();
      else if (ch === "<") element = this.parseToken();
      else if (ch === "(") {
        this.pos++;
        this.skipSpace(true);
        element = { kind: "group", alternatives: this.parseAlternatives(true) };
        if (this.src[this.pos] !== ")") this.fail('expected ")"');
        this.pos++;
      } else if (/[a-zA-Z0-9-]/.test(ch)) element = { kind: "ref", name: this.parseName() };
      else this.fail(`unexpected "${ch}"`);
      sequence.push(this.parseRepetition(element));
    }
    return sequence;
  }

  private parseRepetition(element: Element): Item {
    const ch = this.src[this.pos];
    if (ch === "?" || ch === "*" || ch === "+") {
      this.pos++;
      return { element, min: ch === "+" ? 1 : 0, max: ch === "?" ? 1 : Infinity };
    }
    if (ch !== "{") return { element, min: 1, max: 1 };
    const match = /^\{\s*(\d+)\s*(?:(,)\s*(\d*)\s*)?\}/.exec(this.src.slice(this.pos));
    if (!match) this.fail("bad repetition");
    this.pos += match[0].length;
    const min = Number(match[1]);
    const max = match[2] === undefined ? min : match[3] ? Number(match[3]) : Infinity;
    return { element, min, max };
  }

  private parseLiteral(): Element {
    this.pos++;
    const codePoints: number[] = [];
    while (this.src[this.pos] !== '"') {
      if (this.pos >= this.src.length) this.fail("unterminated literal");
      codePoints.push(this.parseChar());
    }
    this.pos++;
    return { kind: "literal", codePoints };
  }

  private parseToken(): Element {
    const match = /^<\[(\d+)\]>/.exec(this.src.slice(this.pos));
    if (!match) this.fail("expected a token term <[id]> (tokens by text and !<...> are not supported here)");
    this.pos += match[0].length;
    return { kind: "token", id: Number(match[1]) };
  }

  private parseClass(): Element {
    this.pos++;
    const negated = this.src[this.pos] === "^";
    if (negated) this.pos++;
    const ranges: Array<[number, number]> = [];
    while (this.src[this.pos] !== "]") {
      if (this.pos >= this.src.length) this.fail("unterminated character class");
      const lo = this.parseChar();
      let hi = lo;
      if (this.src[this.pos] === "-" && this.src[this.pos + 1] !== "]") {
        this.pos++;
        hi = this.parseChar();
      }
      ranges.push([lo, hi]);
    }
    this.pos++;
    return { kind: "class", negated, ranges };
  }

  private parseChar(): number {
    const ch = this.src[this.pos]!;
    if (ch !== "\\") {
      const code = this.src.codePointAt(this.pos)!;
      this.pos += code > 0xffff ? 2 : 1;
      return code;
    }
    const kind = this.src[this.pos + 1];
    const hexLength = kind === "x" ? 2 : kind === "u" ? 4 : kind === "U" ? 8 : 0;
    if (hexLength) {
      const hex = this.src.slice(this.pos + 2, this.pos + 2 + hexLength);
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== hexLength) this.fail("bad escape");
      this.pos += 2 + hexLength;
      return parseInt(hex, 16);
    }
    this.pos += 2;
    const simple: Record<string, string> = { n: "\n", r: "\r", t: "\t", "\\": "\\", '"': '"', "[": "[", "]": "]" };
    const value = kind === undefined ? undefined : simple[kind];
    if (value === undefined) this.fail(`unknown escape "\\${kind}"`);
    return value.codePointAt(0)!;
  }

  private parseName(): string {
    const match = /^[a-zA-Z0-9-]+/.exec(this.src.slice(this.pos));
    if (!match) this.fail("expected a rule name");
    this.pos += match[0].length;
    return match[0];
  }

  private atRuleStart(): boolean {
    return /^[a-zA-Z0-9-]+\s*::=/.test(this.src.slice(this.pos, this.pos + 200));
  }

  /** Spaces and comments; newlines too inside groups or right after `::=` / `|`. */
  private skipSpace(newlines: boolean): void {
    for (;;) {
      const ch = this.src[this.pos];
      if (ch === " " || ch === "\t" || (newlines && (ch === "\n" || ch === "\r"))) this.pos++;
      else if (ch === "#") while (this.pos < this.src.length && this.src[this.pos] !== "\n") this.pos++;
      else break;
    }
  }

  private fail(message: string): never {
    throw new Error(`GBNF parse error at ${this.pos}: ${message}`);
  }
}
