// A tiny glob matcher for the path patterns users write in settings (secret patterns and their
// allow-list). Node 20's path.matchesGlob is experimental, and these patterns need one fixed,
// documented meaning on every platform, so the matcher is ours.
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

const GLOBSTAR = Symbol("**");
type Segment = RegExp | typeof GLOBSTAR;

export interface GlobOptions {
  /** Fold case when matching (secret patterns do, so ".ENV" is refused like ".env"). */
  readonly caseInsensitive?: boolean;
}

export interface PathGlob {
  readonly pattern: string;
  /** Whether the whole path (already split on "/") matches. */
  matches(segments: readonly string[]): boolean;
  /** Set when the pattern is one unanchored segment ("*.pem"): a path matches iff its last segment does. */
  readonly lastSegment?: RegExp;
}

export function compileGlob(pattern: string, options: GlobOptions = {}): PathGlob {
  const anchored = pattern.startsWith("/");
  const parts = pattern.split("/").filter((part) => part !== "");
  const flags = options.caseInsensitive ? "i" : "";
  const segments: Segment[] = anchored ? [] : [GLOBSTAR];
  for (const part of parts) {
    const segment = part === "**" ? GLOBSTAR : segmentRegExp(part, flags);
    // Consecutive ** mean the same as one and would only slow matching down.
    if (segment === GLOBSTAR && segments[segments.length - 1] === GLOBSTAR) continue;
    segments.push(segment);
  }
  // An empty pattern (or just "/") matches nothing rather than everything.
  const empty = parts.length === 0;
  if (empty) return { pattern, matches: () => false };
  // The common shape, "*.pem" or ".env" at any depth: only the last segment can match, so test
  // just that (a search checks every result against dozens of such patterns).
  const last = segments[1];
  if (segments.length === 2 && segments[0] === GLOBSTAR && last !== GLOBSTAR && last !== undefined) {
    return { pattern, lastSegment: last, matches: (path) => path.length > 0 && last.test(path[path.length - 1]!) };
  }
  return { pattern, matches: (path) => matchFrom(segments, 0, path, 0) };
}

/** Splits a "/"-separated relative path into segments, dropping "", "." and a leading "./". */
export function pathSegments(relativePath: string): string[] {
  return relativePath.split("/").filter((part) => part !== "" && part !== ".");
}

function matchFrom(pattern: readonly Segment[], pi: number, path: readonly string[], si: number): boolean {
  if (pi === pattern.length) return si === path.length;
  const segment = pattern[pi]!;
  if (segment === GLOBSTAR) {
    for (let k = si; k <= path.length; k++) if (matchFrom(pattern, pi + 1, path, k)) return true;
    return false;
  }
  return si < path.length && segment.test(path[si]!) && matchFrom(pattern, pi + 1, path, si + 1);
}

function segmentRegExp(part: string, flags: string): RegExp {
  let source = "";
  for (let i = 0; i < part.length; i++) {
    const c = part[i]!;
    if (c === "\\" && i + 1 < part.length) {
      source += escapeRegExp(part[++i]!);
    } else if (c === "*") {
      while (part[i + 1] === "*") i++;
      source += "[\\s\\S]*";
    } else if (c === "?") {
      source += "[\\s\\S]";
    } else if (c === "[") {
      const end = classEnd(part, i);
      if (end < 0) {
        source += "\\[";
      } else {
        source += classSource(part.slice(i + 1, end));
        i = end;
      }
    } else {
      source += escapeRegExp(c);
    }
  }
  return new RegExp(`^${source}$`, flags);
}

/** Index of the "]" closing the class opened at `open`, or -1 (then "[" is literal). */
function classEnd(part: string, open: number): number {
  let j = open + 1;
  if (part[j] === "!" || part[j] === "^") j++;
  if (part[j] === "]") j++; // "[]a]": a leading "]" is a member, as in POSIX globs
  return part.indexOf("]", j);
}

function classSource(body: string): string {
  let negate = false;
  if (body.startsWith("!") || body.startsWith("^")) {
    negate = true;
    body = body.slice(1);
  }
  let out = "";
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (body[i + 1] === "-" && i + 2 < body.length) {
      const last = body[i + 2]!;
      // A reversed range ("z-a") is empty, as in POSIX; RegExp would throw on it.
      if (c <= last) out += `${escapeClassChar(c)}-${escapeClassChar(last)}`;
      i += 2;
    } else {
      out += escapeClassChar(c);
    }
  }
  if (out === "") return negate ? "[\\s\\S]" : "[^\\s\\S]";
  return `[${negate ? "^" : ""}${out}]`;
}

function escapeClassChar(c: string): string {
  return /[\\\]\[^-]/.test(c) ? `\\${c}` : c;
}

function escapeRegExp(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}
