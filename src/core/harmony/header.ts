// Reading a message header (the text between `<|start|>` and `<|message|>`), as openai/harmony
// v0.0.8 does in `parse_header_from_string`, plus the lenient fallbacks the product needs when
// the model writes a header the reference rejects. The reference works on the decoded string,
// special tokens spelled out (`assistant<|channel|>commentary to=f<|constrain|>json`); so do we.
import { isRole, type Role } from "./conversation";
import { SPECIAL_TOKENS } from "./tokens";

export interface ParsedHeader {
  role: Role;
  /** The author's name; set for a tool, read from the header's first word. */
  name?: string;
  recipient?: string;
  channel?: string;
  contentType?: string;
}

/** Input the strict parser (like the reference) refuses. */
export class HarmonyParseError extends Error {}

const CHANNEL = SPECIAL_TOKENS.channel.text;
const CONSTRAIN = SPECIAL_TOKENS.constrain.text;

/**
 * Rust's `char::is_whitespace` (Unicode White_Space), which `trim()` and the channel scan use.
 * JavaScript's \s differs: it has U+FEFF and lacks U+0085.
 */
function isWhiteSpace(code: number): boolean {
  return (
    (code >= 0x09 && code <= 0x0d) ||
    code === 0x20 ||
    (code >= 0x85 &&
      (code === 0x85 || code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) ||
        code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000))
  );
}

// `split_ascii_whitespace` splits on ASCII whitespace only (not \v, not U+00A0).
const ASCII_WHITE_SPACE_RUN = /[ \t\n\f\r]+/;

export function rustTrim(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isWhiteSpace(text.charCodeAt(start))) start++;
  while (end > start && isWhiteSpace(text.charCodeAt(end - 1))) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

/** Where the channel name ends: at whitespace or `<`. */
function channelEnd(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x3c || isWhiteSpace(code)) return i;
  }
  return text.length;
}

function splitAsciiWhitespace(text: string): string[] {
  return text.split(ASCII_WHITE_SPACE_RUN).filter((part) => part !== "");
}

export function isBlank(text: string): boolean {
  return rustTrim(text) === "";
}

/** Takes the channel (`<|channel|>NAME`, NAME up to whitespace or `<`) out of the header. */
function takeChannel(header: string, strict: boolean): { channel?: string; rest: string; problem?: string } {
  const index = header.indexOf(CHANNEL);
  if (index === -1) return { rest: header };
  const after = header.slice(index + CHANNEL.length);
  const end = channelEnd(after);
  const channel = after.slice(0, end);
  if (channel === "") {
    if (strict) throw new HarmonyParseError("channel marker present but no channel value found in header");
    // Lenient: drop the empty marker, keep the text around it.
    return { rest: header.slice(0, index) + after, problem: "empty channel name" };
  }
  return { channel, rest: header.slice(0, index) + after.slice(end) };
}

/** Header words after the channel is removed, with `<|constrain|>` split off as its own word. */
function headerWords(rest: string): string[] {
  let header = rustTrim(rest);
  if (header.includes(CONSTRAIN)) header = rustTrim(header.replaceAll(CONSTRAIN, ` ${CONSTRAIN}`));
  return splitAsciiWhitespace(header);
}

export interface HeaderReading {
  header: ParsedHeader;
  /** What the lenient reading had to work around; empty when the reference would accept it. */
  problems: string[];
}

/**
 * A complete header (ended by `<|message|>`). `knownRole` is the role given before the header
 * (the parser's initial role); otherwise the first word names it. `implicit`: no `<|start|>`
 * preceded this header (lenient only), so a first word that is not a role is not an author.
 */
export function readHeader(text: string, knownRole: Role | undefined, strict: boolean, implicit = false): HeaderReading {
  const problems: string[] = [];
  const { channel, rest, problem } = takeChannel(text, strict);
  if (problem) problems.push(problem);
  const parts = headerWords(rest);

  let role: Role;
  let name: string | undefined;
  if (knownRole !== undefined) {
    role = knownRole;
  } else {
    const first = parts[0];
    if (first === undefined) {
      if (strict) throw new HarmonyParseError("message header did not contain a role");
      role = "assistant";
      problems.push("no role in header");
    } else if (isRole(first)) {
      role = first;
    } else if (implicit) {
      role = "assistant";
      problems.push("no role in header");
    } else if (parts.length > 1 || first.startsWith("to=")) {
      // The reference reads an unknown first word followed by more as a tool's name.
      parts.shift();
      role = "tool";
      name = first;
    } else {
      if (strict) throw new HarmonyParseError(`Unknown role: ${first}`);
      parts.shift();
      role = "tool";
      name = first;
      problems.push(`unknown role ${first}`);
    }
  }
  if (parts[0] === role) parts.shift();

  const header: ParsedHeader = { role };
  if (name !== undefined) header.name = name;
  if (channel !== undefined) header.channel = channel;
  const words = [...parts];
  const remaining = assignRecipientAndContentType(header, parts, strict);
  if (remaining.length > 0) {
    if (strict) throw new HarmonyParseError(`unexpected tokens remaining in message header: ${remaining.join(" ")}`);
    delete header.recipient;
    delete header.contentType;
    assignLeniently(header, words);
    problems.push(`unexpected words in header: ${remaining.join(" ")}`);
  }
  return { header, problems };
}

/**
 * The reference's rule: last word is a recipient (`to=X`, or a lone word) or a content type.
 * Strict, a lone `<|constrain|>json` is the recipient too, as the reference reads it; lenient
 * reads it as what the model meant, a content type.
 */
function assignRecipientAndContentType(header: ParsedHeader, parts: string[], strict: boolean): string[] {
  if (parts.length === 0) return parts;
  const count = parts.length;
  const last = parts.pop()!;
  if (last.startsWith("to=")) {
    header.recipient = last.slice(3);
  } else if (count === 1 && (strict || !last.startsWith(CONSTRAIN))) {
    header.recipient = last;
  } else {
    header.contentType = last;
    const raw = parts.pop();
    if (raw !== undefined) header.recipient = raw.startsWith("to=") ? raw.slice(3) : raw;
  }
  return parts;
}

/**
 * Lenient placement when there are too many words: the first `to=` word is the recipient, and
 * every other word, in order, makes up the content type — nothing is dropped.
 */
function assignLeniently(header: ParsedHeader, words: string[]): void {
  const recipientIndex = words.findIndex((w) => w.startsWith("to="));
  if (recipientIndex !== -1) header.recipient = words.splice(recipientIndex, 1)[0]!.slice(3);
  if (words.length > 0) header.contentType = words.join(" ");
}

export interface RecoveredMessage {
  header: ParsedHeader;
  content: string;
  problems: string[];
}

/**
 * A header cut short by a stop token (or by the end of input): the reference's non-strict
 * recovery. The channel is taken from it, a leading role word is dropped, and the rest of the
 * header becomes the message's text. Unlike the reference, which joins the remaining words with
 * single spaces, the text keeps its own spacing (it may be a whole answer with code in it).
 */
export function recoverHeader(text: string, knownRole: Role | undefined): RecoveredMessage {
  const problems: string[] = [];
  const { channel, rest, problem } = takeChannel(text, false);
  if (problem) problems.push(problem);
  let body = rustTrim(rest);
  const firstWord = /^[^ \t\n\f\r]*/.exec(body)![0];
  let role: Role = knownRole ?? "assistant";
  if (knownRole === undefined && isRole(firstWord)) role = firstWord;
  if (firstWord === role) body = rustTrim(body.slice(firstWord.length));
  else if (knownRole === undefined) problems.push("no role in header");
  const header: ParsedHeader = { role };
  if (channel !== undefined) header.channel = channel;
  return { header, content: body, problems };
}
