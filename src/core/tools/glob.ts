// A tiny glob matcher for the path patterns users write in settings (secret patterns and their
// allow-list) and the model writes in find_files/search_text. Node 20's path.matchesGlob is
// experimental, and these patterns need one fixed, documented meaning on every platform, so the
// matcher is ours.
//
// The language, on paths written with "/" (relative to a workspace folder):
//   *       any run of characters inside one path segment (a leading dot included)
//   ?       one character inside a segment
//   [abc] [a-z] [!a] [^a]   one character from (or not from) a class
//   **      as a whole segment: zero or more segments
//   \x      the character x, literally
//   /p      a leading "/" anchors the pattern to the folder root; without it the pattern
//           may start at any depth ("*.pem" and "a/b" match "x/y.pem" and "x/a/b")
// A trailing "/" is ignored; braces ({a,b}) are not special. Case folding is the caller's choice.
//
// Time: never backtracking. Patterns used to become JavaScript RegExps ("[\s\S]*a[\s\S]*a...b"),
// and V8's backtracking engine took minutes on "*a*a*a*a*a*a*a*a*a*b" against a long name, with
// the extension host's event loop frozen meanwhile. Both levels (characters inside a segment,
// segments inside a path) now use the classic wildcard walk that remembers only the LAST star:
// when a later star is reached, an earlier star never needs to take more, because whatever it
// would take the later star can take instead (stars match any run, and the pieces between stars
// are fixed-length). So a failed match backs up to the last star once per input position:
// at most O(pattern length × input length) steps, whatever the pattern.

/** One character position of a segment pattern. */
type CharToken = { kind: "star" } | { kind: "one"; test(c: string): boolean };

export interface GlobOptions {
  /** Fold case when matching (secret patterns do, so ".ENV" is refused like ".env"). */
  readonly caseInsensitive?: boolean;
}

/** One segment's pattern ("*.pem"), matched against one path segment. */
export interface SegmentMatcher {
  test(segment: string): boolean;
}

export interface PathGlob {
  readonly pattern: string;
  /** Whether the whole path (already split on "/") matches. */
  matches(segments: readonly string[]): boolean;
  /** Set when the pattern is one unanchored segment ("*.pem"): a path matches iff its last segment does. */
  readonly lastSegment?: SegmentMatcher;
}

type Segment = SegmentMatcher | "**";

export function compileGlob(pattern: string, options: GlobOptions = {}): PathGlob {
  const anchored = pattern.startsWith("/");
  const parts = pattern.split("/").filter((part) => part !== "");
  const fold = options.caseInsensitive ?? false;
  const segments: Segment[] = anchored ? [] : ["**"];
  for (const part of parts) {
    const segment: Segment = part === "**" ? "**" : compileSegment(part, fold);
    // Consecutive ** mean the same as one.
    if (segment === "**" && segments[segments.length - 1] === "**") continue;
    segments.push(segment);
  }
  // An empty pattern (or just "/") matches nothing rather than everything.
  if (parts.length === 0) return { pattern, matches: () => false };
  // The common shape, "*.pem" or ".env" at any depth: only the last segment can match.
  const last = segments[1];
  if (segments.length === 2 && segments[0] === "**" && last !== "**" && last !== undefined) {
    return { pattern, lastSegment: last, matches: (path) => path.length > 0 && last.test(path[path.length - 1]!) };
  }
  return {
    pattern,
    matches: (path) =>
      wildcardMatch(
        segments,
        path,
        (token) => token === "**",
        (token, segment) => (token as SegmentMatcher).test(segment),
      ),
  };
}

/** Splits a "/"-separated relative path into segments, dropping "", "." and a leading "./". */
export function pathSegments(relativePath: string): string[] {
  return relativePath.split("/").filter((part) => part !== "" && part !== ".");
}

/**
 * Whether `input` matches `tokens`, where star tokens match any run of inputs and the others
 * exactly one. The last-star walk described at the top: O(tokens × input) in the worst case.
 */
export function wildcardMatch<T, I>(
  tokens: readonly T[],
  input: readonly I[],
  isStar: (token: T) => boolean,
  matchesOne: (token: T, item: I) => boolean,
): boolean {
  let t = 0;
  let i = 0;
  let starToken = -1; // the last star seen
  let starInput = 0; // where the input stood when that star was reached (it has taken starInput..i)
  while (i < input.length) {
    if (t < tokens.length && isStar(tokens[t]!)) {
      starToken = t++;
      starInput = i;
    } else if (t < tokens.length && matchesOne(tokens[t]!, input[i]!)) {
      t++;
      i++;
    } else if (starToken >= 0) {
      // Let the last star take one more item and retry what follows it from there.
      t = starToken + 1;
      i = ++starInput;
    } else {
      return false;
    }
  }
  while (t < tokens.length && isStar(tokens[t]!)) t++;
  return t === tokens.length;
}

function compileSegment(part: string, fold: boolean): SegmentMatcher {
  const tokens = segmentTokens(part, fold);
  // A segment without wildcards is a string comparison.
  if (tokens.every((token) => token.kind === "one") && !/[*?[\\]/.test(part)) {
    const literal = fold ? part.toLowerCase() : part;
    return { test: (segment) => (fold ? segment.toLowerCase() : segment) === literal };
  }
  return {
    test: (segment) =>
      wildcardMatch(
        tokens,
        Array.from(segment), // code points: "?" is one character, not half of an emoji
        (token) => token.kind === "star",
        (token, c) => token.kind === "one" && token.test(c),
      ),
  };
}

function segmentTokens(part: string, fold: boolean): CharToken[] {
  const chars = Array.from(part);
  const tokens: CharToken[] = [];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (c === "\\" && i + 1 < chars.length) {
      tokens.push(literal(chars[++i]!, fold));
    } else if (c === "*") {
      while (chars[i + 1] === "*") i++;
      tokens.push({ kind: "star" });
    } else if (c === "?") {
      tokens.push({ kind: "one", test: () => true });
    } else if (c === "[") {
      const end = classEnd(chars, i);
      if (end < 0) {
        tokens.push(literal(c, fold));
      } else {
        tokens.push(characterClass(chars.slice(i + 1, end), fold));
        i = end;
      }
    } else {
      tokens.push(literal(c, fold));
    }
  }
  return tokens;
}

function literal(c: string, fold: boolean): CharToken {
  if (!fold) return { kind: "one", test: (x) => x === c };
  const lower = c.toLowerCase();
  return { kind: "one", test: (x) => x === c || x.toLowerCase() === lower };
}

/** Index of the "]" closing the class opened at `open`, or -1 (then "[" is literal). */
function classEnd(chars: readonly string[], open: number): number {
  let j = open + 1;
  if (chars[j] === "!" || chars[j] === "^") j++;
  if (chars[j] === "]") j++; // "[]a]": a leading "]" is a member, as in POSIX globs
  return chars.indexOf("]", j);
}

function characterClass(body: string[], fold: boolean): CharToken {
  let negate = false;
  if (body[0] === "!" || body[0] === "^") {
    negate = true;
    body = body.slice(1);
  }
  const singles = new Set<string>();
  const ranges: Array<[number, number]> = [];
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (body[i + 1] === "-" && i + 2 < body.length) {
      // A reversed range ("z-a") is empty, as in POSIX.
      ranges.push([c.codePointAt(0)!, body[i + 2]!.codePointAt(0)!]);
      i += 2;
    } else {
      singles.add(c);
    }
  }
  const inClass = (x: string) => {
    if (singles.has(x)) return true;
    const code = x.codePointAt(0)!;
    return ranges.some(([low, high]) => code >= low && code <= high);
  };
  const member = fold ? (x: string) => inClass(x) || inClass(x.toLowerCase()) || inClass(x.toUpperCase()) : inClass;
  return { kind: "one", test: (x) => member(x) !== negate };
}
