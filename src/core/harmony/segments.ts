// Harmony text as segments: ordinary text pieces and special tokens. Rendering produces them,
// and a prompt becomes token ids from them without ever tokenizing a special token's spelling.
import { SPECIAL_SPELLING_PATTERN, SPECIAL_TOKENS, specialTokenBySpelling, type SpecialTokenName } from "./tokens";

export type Segment = { kind: "text"; text: string } | { kind: "special"; name: SpecialTokenName };

/** The text the model sees, special tokens spelled out. */
export function segmentsToText(segments: readonly Segment[]): string {
  let out = "";
  for (const s of segments) out += s.kind === "text" ? s.text : SPECIAL_TOKENS[s.name].text;
  return out;
}

/** Tokenizes ordinary text only (a special token's spelling in it must stay plain text). */
export type TextTokenizer = (text: string) => readonly number[];

/** Token ids: text pieces through `tokenizeText`, special tokens by their ids. */
export function segmentsToTokens(segments: readonly Segment[], tokenizeText: TextTokenizer): number[] {
  const out: number[] = [];
  for (const s of segments) {
    if (s.kind === "special") out.push(SPECIAL_TOKENS[s.name].id);
    else for (const id of tokenizeText(s.text)) out.push(id);
  }
  return out;
}

/**
 * Reads text that spells special tokens out (a transcript, a case file's `input_text`) back
 * into segments: every spelling becomes its special token, everything between is text.
 */
export function textToSegments(text: string): Segment[] {
  const out: Segment[] = [];
  let last = 0;
  for (const match of text.matchAll(SPECIAL_SPELLING_PATTERN)) {
    const index = match.index ?? 0;
    if (index > last) out.push({ kind: "text", text: text.slice(last, index) });
    out.push({ kind: "special", name: specialTokenBySpelling(match[0])! });
    last = index + match[0].length;
  }
  if (last < text.length) out.push({ kind: "text", text: text.slice(last) });
  return out;
}
