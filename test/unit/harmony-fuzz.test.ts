// Fuzzing the lenient parser with 100,000 seeded token streams: half random, half mutations of
// well-formed harmony (the rendered sample and every conformance input, tokenized with the real
// o200k_harmony tokenizer). It must never throw and never lose text.
//
// "No text lost", precisely. Let T be the input's text: the concatenation of its ordinary
// tokens' text, with consecutive byte tokens decoded together (bytes that do not form a
// character become U+FFFD, as the parser does). Special tokens contribute nothing to T.
// Write nows(x) for x without whitespace (Unicode White_Space, which header parsing trims and
// splits on) and nospell(x) for x without special-token spellings (the parser keeps a stray
// special token inside content as its spelling; that is structure, not the model's text).
//  P1 (everything reaches a message, in order):
//     nows(nospell(T)) === nows(nospell(concat over messages of headerText + body))
//     where body is the content of a message read after <|message|> and empty for a message
//     recovered from a cut-off header.
//  P2 (a header's text reaches the message's fields): for every message, the characters of
//     nows(nospell(headerText)) are, as a multiset, contained in those of
//     role + name + "to=" + recipient + channel + contentType (+ content, when recovered).
//  P3 (streaming agrees with the result): the events are start, deltas, end per message, the
//     deltas concatenate to the message's content, and the ended messages are `messages`.
// The random text never contains "|", so no text can spell a special token and nospell only
// removes spellings the parser wrote; text with "|" is covered by the lenient unit tests.
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { encode } from "gpt-tokenizer/encoding/o200k_harmony";
import {
  HarmonyParseError,
  HarmonyStreamParser,
  parseTokens,
  renderConversation,
  sampleConversation,
  segmentsToText,
  SPECIAL_TOKEN_NAMES,
  SPECIAL_TOKENS,
  textToSegments,
  type HarmonyEvent,
  type HarmonyToken,
  type ParsedMessage,
} from "../../src/core/harmony/index";

const STREAMS = 100_000;
const CASES = path.join(__dirname, "../fixtures/harmony-conformance");

/** mulberry32: small, fast, seedable. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = prng(20250805);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

/** o200k_base token bytes by id, from gpt-tokenizer's copy of the tiktoken file. */
const tokenBytes: Uint8Array[] = readFileSync(require.resolve("gpt-tokenizer/data/o200k_base.tiktoken"), "utf8")
  .split("\n")
  .filter(Boolean)
  .map((line) => Buffer.from(line.split(" ")[0]!, "base64"));

/** Real tokens for harmony text; each ordinary token comes as bytes or as text at random. */
function realTokens(text: string): HarmonyToken[] {
  return textToSegments(text).flatMap((s): HarmonyToken[] =>
    s.kind === "special"
      ? [{ id: SPECIAL_TOKENS[s.name].id }]
      : encode(s.text).map((id) => ({ id, bytes: tokenBytes[id]! })),
  );
}

function seedStreams(): HarmonyToken[][] {
  const texts = [segmentsToText(renderConversation(sampleConversation(), { autoDropAnalysis: false }))];
  for (const file of readdirSync(CASES).filter((f) => f.endsWith(".json"))) {
    const data = JSON.parse(readFileSync(path.join(CASES, file), "utf8"));
    if (data.input_text) texts.push(data.input_text);
    if (data.expected_file) texts.push(readFileSync(path.join(CASES, data.expected_file), "utf8"));
  }
  return texts.map(realTokens);
}

const WORDS = [
  "assistant", "user", "system", "developer", "tool", "analysis", "commentary", "final", "to=",
  " to=functions.get_weather", "functions.lookup", "json", "code", " ", "  ", "\n", "\t", "\u00a0",
  "\u0085", "\ufeff", "Hello", "??", "?", "commentary?", '{"a": 1}', "<", ">", "é", "😊", "日本",
  "a", "x y", "\r\n",
];

function randomText(): string {
  if (random() < 0.7) return pick(WORDS);
  let s = "";
  const length = 1 + Math.floor(random() * 4);
  for (let i = 0; i < length; i++) {
    const cp = random() < 0.8 ? 0x20 + Math.floor(random() * 0x5f) : 0xa0 + Math.floor(random() * 0x1ff00);
    const char = String.fromCodePoint(cp >= 0xd800 && cp <= 0xdfff ? 0x41 : cp);
    s += char === "|" ? "!" : char;
  }
  return s;
}

/** A text token, or the same text as byte tokens split anywhere (even inside a character). */
function randomTextTokens(): HarmonyToken[] {
  const text = randomText();
  if (random() < 0.6) return [{ id: 1000, text }];
  const bytes = Buffer.from(text, "utf8");
  const out: HarmonyToken[] = [];
  let at = 0;
  while (at < bytes.length) {
    const size = 1 + Math.floor(random() * 3);
    out.push({ id: 1001, bytes: bytes.subarray(at, at + size) });
    at += size;
  }
  if (random() < 0.05) out.push({ id: 1002, bytes: Uint8Array.of(0xff, 0xc3) });
  return out;
}

function randomSpecial(): HarmonyToken {
  return { id: SPECIAL_TOKENS[pick(SPECIAL_TOKEN_NAMES)].id };
}

function randomStream(): HarmonyToken[] {
  const out: HarmonyToken[] = [];
  const length = 1 + Math.floor(random() * 24);
  while (out.length < length) {
    if (random() < 0.35) out.push(randomSpecial());
    else out.push(...randomTextTokens());
  }
  return out;
}

function mutate(seed: HarmonyToken[]): HarmonyToken[] {
  const out = [...seed];
  const edits = 1 + Math.floor(random() * 4);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(random() * (out.length + 1));
    const kind = random();
    if (kind < 0.3) out.splice(at, 1);
    else if (kind < 0.55) out.splice(at, 0, randomSpecial());
    else if (kind < 0.75) out.splice(at, 0, ...randomTextTokens());
    else if (kind < 0.9 && out[at]) out.splice(at, 0, out[at]!);
    else out.splice(at, out.length - at);
  }
  return out;
}

const WHITE_SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/g;
const SPELLINGS = new RegExp(SPECIAL_TOKEN_NAMES.map((n) => SPECIAL_TOKENS[n].text.replace(/\|/g, "\\|")).join("|"), "g");
const squeeze = (text: string): string => text.replace(SPELLINGS, "").replace(WHITE_SPACE, "");

const SPECIAL_IDS = new Set<number>(SPECIAL_TOKEN_NAMES.map((n) => SPECIAL_TOKENS[n].id));

function inputText(tokens: HarmonyToken[]): string {
  let text = "";
  let run: Uint8Array[] = [];
  const flush = () => {
    if (run.length) text += Buffer.concat(run).toString("utf8");
    run = [];
  };
  for (const token of tokens) {
    if (token.bytes) {
      run.push(token.bytes);
      continue;
    }
    flush();
    if (!SPECIAL_IDS.has(token.id)) text += token.text ?? "";
  }
  flush();
  return text;
}

/** Whether every character of `needed` can be taken from `available`, each at most once. */
function containsAll(available: string, needed: string): string | undefined {
  const pool = [...available];
  for (const char of needed) {
    const at = pool.indexOf(char);
    if (at === -1) return char;
    pool[at] = "";
  }
  return undefined;
}

function checkInvariants(tokens: HarmonyToken[], messages: readonly ParsedMessage[], events: HarmonyEvent[]): void {
  const output = messages.map((m) => m.headerText + (m.recovered ? "" : m.content)).join("");
  assert.equal(squeeze(output), squeeze(inputText(tokens)), "P1: text lost or reordered");

  for (const m of messages) {
    const fields = [m.role, m.name, "to=", m.recipient, m.channel, m.contentType, m.recovered ? m.content : ""].join("");
    const missing = containsAll(squeeze(fields), squeeze(m.headerText));
    if (missing !== undefined) assert.fail(`P2: header text ${JSON.stringify(m.headerText)} lost ${JSON.stringify(missing)}`);
  }

  const ended: ParsedMessage[] = [];
  let open = false;
  let content = "";
  for (const event of events) {
    if (event.type === "message-start") {
      assert.ok(!open, "P3: start inside a message");
      open = true;
      content = "";
    } else if (event.type === "content-delta") {
      assert.ok(open, "P3: delta outside a message");
      content += event.text;
    } else {
      assert.ok(open, "P3: end without start");
      assert.equal(content, event.message.content, "P3: deltas differ from content");
      ended.push(event.message);
      open = false;
    }
  }
  assert.ok(!open, "P3: message left open");
  assert.equal(ended.length, messages.length, "P3: ended messages differ from messages");
  ended.forEach((m, i) => assert.equal(m, messages[i], "P3: ended messages differ from messages"));
}

function lenientRun(tokens: HarmonyToken[], role: "assistant" | null): void {
  const parser = new HarmonyStreamParser({ role, strict: false });
  const events: HarmonyEvent[] = [];
  for (const token of tokens) events.push(...parser.push(token));
  events.push(...parser.end());
  checkInvariants(tokens, parser.messages, events);
}

test(`lenient parsing of ${STREAMS.toLocaleString("en")} random and mutated streams never throws and loses no text`, () => {
  const seeds = seedStreams();
  for (let i = 0; i < STREAMS; i++) {
    const tokens = i % 2 === 0 ? randomStream() : mutate(pick(seeds));
    const role = random() < 0.5 ? "assistant" : null;
    try {
      lenientRun(tokens, role);
    } catch (error) {
      const shown = tokens.map((t) => t.text ?? (t.bytes ? `<bytes ${Buffer.from(t.bytes).toString("hex")}>` : `#${t.id}`));
      throw new Error(`stream ${i} (role ${role}): ${JSON.stringify(shown)}\n${(error as Error).message}`);
    }
  }
});

test("strict parsing of random streams fails only with HarmonyParseError", () => {
  for (let i = 0; i < 10_000; i++) {
    const tokens = randomStream();
    try {
      parseTokens(tokens, { role: random() < 0.5 ? "assistant" : null, strict: true });
    } catch (error) {
      if (!(error instanceof HarmonyParseError)) throw error;
    }
  }
});
