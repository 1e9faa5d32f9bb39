// Where a hunk's lines are in a file. Models copy context imperfectly in known ways, so lines are
// compared in tiers, strictest first (the tiers Codex's applier uses): exactly, then ignoring
// trailing whitespace, then ignoring surrounding whitespace, then with Unicode punctuation
// normalised (typographic quotes and dashes, non-breaking spaces). The first tier that finds the
// lines decides; more than one place at that tier is ambiguous and the caller refuses it.

export type MatchTier = "exact" | "trailing-whitespace" | "surrounding-whitespace" | "unicode-punctuation";

const PUNCTUATION: Record<string, string> = {
  "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
  "\u2018": "'", "\u2019": "'", "\u201A": "'", "\u201B": "'", "\u2032": "'",
  "\u201C": '"', "\u201D": '"', "\u201E": '"', "\u201F": '"', "\u2033": '"',
  "\u00A0": " ", "\u2002": " ", "\u2003": " ", "\u2004": " ", "\u2005": " ", "\u2006": " ", "\u2007": " ",
  "\u2008": " ", "\u2009": " ", "\u200A": " ", "\u202F": " ", "\u205F": " ", "\u3000": " ",
  "\u2026": "...",
};
const PUNCTUATION_PATTERN = new RegExp(`[${Object.keys(PUNCTUATION).join("")}]`, "g");

export function normalisePunctuation(line: string): string {
  return line.replace(PUNCTUATION_PATTERN, (c) => PUNCTUATION[c]!);
}

export const TIERS: ReadonlyArray<{ tier: MatchTier; key(line: string): string }> = [
  { tier: "exact", key: (line) => line },
  { tier: "trailing-whitespace", key: (line) => line.trimEnd() },
  { tier: "surrounding-whitespace", key: (line) => line.trim() },
  { tier: "unicode-punctuation", key: (line) => normalisePunctuation(line).trim() },
];

export interface SeekResult {
  tier: MatchTier;
  /** 0-based starts of every match at that tier (one means found; more means ambiguous). */
  starts: number[];
}

/**
 * Every place at or after `from` where `pattern` matches `lines`, at the first tier that finds
 * any. `atEnd` (the hunk closed with End of File) only accepts a match ending at the last line.
 */
export function seekLines(lines: readonly string[], pattern: readonly string[], from: number, atEnd = false): SeekResult | undefined {
  if (pattern.length === 0 || pattern.length > lines.length) return undefined;
  for (const { tier, key } of TIERS) {
    const wanted = pattern.map(key);
    const starts: number[] = [];
    const first = atEnd ? lines.length - pattern.length : from;
    for (let start = Math.max(first, from); start + pattern.length <= lines.length; start++) {
      let ok = true;
      for (let k = 0; k < pattern.length && ok; k++) ok = key(lines[start + k]!) === wanted[k];
      if (ok) starts.push(start);
    }
    if (starts.length > 0) return { tier, starts };
  }
  return undefined;
}

/**
 * The place in `lines` most like `pattern` (most lines equal ignoring surrounding whitespace and
 * punctuation), for the message when a hunk is not found. Undefined when nothing is alike.
 */
export function nearestLines(lines: readonly string[], pattern: readonly string[]): { start: number; length: number } | undefined {
  const key = TIERS[3]!.key;
  const wanted = pattern.map(key).filter((line) => line !== "");
  if (wanted.length === 0 || lines.length === 0) return undefined;
  const keys = lines.map(key);
  const wantedSet = new Set(wanted);
  let best = { start: -1, score: 0 };
  for (let start = 0; start < lines.length; start++) {
    let score = 0;
    for (let k = 0; k < pattern.length && start + k < lines.length; k++) if (keys[start + k] !== "" && wantedSet.has(keys[start + k]!)) score++;
    if (score > best.score) best = { start, score };
  }
  if (best.start === -1) return undefined;
  return { start: best.start, length: Math.min(pattern.length, lines.length - best.start) };
}
