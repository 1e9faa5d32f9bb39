// Multi-byte UTF-8 split across tokens. Tokens carry their raw bytes (o200k_base's bytes for
// each id); the reference's streaming tests around token 9552 (bytes 20 F0 9F: a space and
// the first half of a four-byte character) must give the same text.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { encode } from "gpt-tokenizer/encoding/o200k_harmony";
import { HarmonyStreamParser, parseTokens, SPECIAL_TOKENS, type HarmonyToken } from "../../src/core/harmony/index";

const tokenBytes: Uint8Array[] = readFileSync(require.resolve("gpt-tokenizer/data/o200k_base.tiktoken"), "utf8")
  .split("\n")
  .filter(Boolean)
  .map((line) => Buffer.from(line.split(" ")[0]!, "base64"));

const byId = (id: number): HarmonyToken => ({ id, bytes: tokenBytes[id]! });
const text = (s: string): HarmonyToken[] => encode(s).map(byId);
const special = (name: keyof typeof SPECIAL_TOKENS): HarmonyToken => ({ id: SPECIAL_TOKENS[name].id });
const assistantMessage = (...body: HarmonyToken[][]): HarmonyToken[] => [special("start"), ...text("assistant"), special("message"), ...body.flat()];

function contentAndDeltas(tokens: HarmonyToken[]): { content: string; deltas: string } {
  const parser = new HarmonyStreamParser({ role: null, strict: true });
  let deltas = "";
  for (const token of [...tokens]) for (const e of parser.push(token)) if (e.type === "content-delta") deltas += e.text;
  for (const e of parser.end()) if (e.type === "content-delta") deltas += e.text;
  return { content: parser.messages[0]?.content ?? "", deltas };
}

test("token 9552 is a space and half a character, as the reference's tests assume", () => {
  assert.deepEqual([...tokenBytes[9552]!], [32, 240, 159]);
});

test("incomplete characters become U+FFFD and the text after them is kept", () => {
  const { content } = contentAndDeltas(assistantMessage([byId(9552), byId(9552)], text("worked"), [special("end")]));
  assert.equal(content, " \uFFFD \uFFFDworked");
});

test("an incomplete character before ordinary tokens costs one U+FFFD, not the following text", () => {
  assert.equal(contentAndDeltas(assistantMessage([byId(9552)], text("XY"), [special("end")])).content, " \uFFFDXY");
  assert.equal(contentAndDeltas(assistantMessage([byId(9552)], text(" interesting"), [special("end")])).content, " \uFFFD interesting");
});

test("without a stop token the deltas still add up to the content", () => {
  const { content, deltas } = contentAndDeltas(assistantMessage([byId(9552)], text(" interesting"), text(" story")));
  assert.equal(content, " \uFFFD interesting story");
  assert.equal(deltas, content);
});

test("text in many scripts and emoji survives token by token, in content and in deltas", () => {
  const tricky =
    "Hello Müller, Γειά σου, Привет, שלום, مرحبا, नमस्ते, こんにちは, 안녕하세요, 你好. Normalized (naïve) vs. decomposed (naïve) characters. Some emojis: 😊👋🏾👨‍👩‍👧‍👦🇺🇸.";
  const { content, deltas } = contentAndDeltas(assistantMessage(text(tricky), [special("end")]));
  assert.equal(content, tricky);
  assert.equal(deltas, tricky);
});

test("a character split over two byte tokens is joined, and the delta waits for its second half", () => {
  const parser = new HarmonyStreamParser({ role: "assistant" });
  parser.push(special("message"));
  assert.deepEqual(parser.push({ id: 1, bytes: Uint8Array.of(0xc3) }), []);
  assert.deepEqual(parser.push({ id: 2, bytes: Uint8Array.of(0xa9) }), [{ type: "content-delta", text: "é" }]);
});

test("a text token after half a character flushes it as U+FFFD first", () => {
  const messages = parseTokens([special("message"), { id: 1, bytes: Uint8Array.of(0xe2, 0x82) }, { id: 2, text: "ok" }], { role: "assistant" });
  assert.equal(messages[0]?.content, "\uFFFDok");
});

test("half a character before a stop token ends the message with U+FFFD", () => {
  const messages = parseTokens([special("message"), { id: 1, bytes: Uint8Array.of(0xf0, 0x9f) }, special("end")], { role: "assistant" });
  assert.equal(messages[0]?.content, "\uFFFD");
});

test("a byte-order mark written by the model is text, not stripped", () => {
  const messages = parseTokens([special("message"), { id: 1, bytes: Uint8Array.of(0xef, 0xbb, 0xbf, 0x41) }], { role: "assistant" });
  assert.equal(messages[0]?.content, "\uFEFFA");
});

test("header text split inside a character is joined before the header is read", () => {
  const channel = Buffer.from("análisis", "utf8");
  const messages = parseTokens(
    [special("channel"), { id: 1, bytes: channel.subarray(0, 3) }, { id: 2, bytes: channel.subarray(3) }, special("message"), { id: 3, text: "x" }],
    { role: "assistant", strict: true },
  );
  assert.equal(messages[0]?.channel, "análisis");
});

test("bytes split at random points decode exactly as one streaming WHATWG decoder over the whole run", () => {
  let seed = 7;
  const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
  const pieces = [[0x41], [0xc3, 0xa9], [0xe2, 0x82, 0xac], [0xf0, 0x9f, 0x98, 0x8a], [0xed, 0xa0, 0x80], [0xf4, 0x90], [0xc0], [0xff], [0xe0, 0x80]];
  for (let run = 0; run < 20_000; run++) {
    const bytes = Uint8Array.from(Array.from({ length: 1 + Math.floor(random() * 6) }, () => pieces[Math.floor(random() * pieces.length)]!).flat());
    const tokens: HarmonyToken[] = [special("message")];
    for (let at = 0; at < bytes.length; ) {
      const size = 1 + Math.floor(random() * 3);
      tokens.push({ id: 1, bytes: bytes.subarray(at, at + size) });
      at += size;
    }
    const expected = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
    assert.equal(parseTokens(tokens, { role: "assistant" })[0]?.content ?? "", expected, `bytes ${Buffer.from(bytes).toString("hex")}`);
  }
});
