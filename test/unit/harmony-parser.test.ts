// The streaming parser's events, and strict mode as the reference (openai/harmony v0.0.8
// StreamableParser) behaves. Inputs are fed one character per token to exercise streaming.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  HarmonyParseError,
  HarmonyStreamParser,
  parseTokens,
  renderConversation,
  sampleConversation,
  segmentsToText,
  SPECIAL_TOKENS,
  textToSegments,
  type HarmonyEvent,
  type HarmonyToken,
  type ParserOptions,
} from "../../src/core/harmony/index";

function tokens(text: string): HarmonyToken[] {
  return textToSegments(text).flatMap((s): HarmonyToken[] =>
    s.kind === "special" ? [{ id: SPECIAL_TOKENS[s.name].id }] : [...s.text].map((char) => ({ id: 1, text: char })),
  );
}

function events(text: string, options: ParserOptions = {}): HarmonyEvent[] {
  const parser = new HarmonyStreamParser(options);
  const out: HarmonyEvent[] = [];
  for (const token of tokens(text)) out.push(...parser.push(token));
  out.push(...parser.end());
  return out;
}

const parse = (text: string, options: ParserOptions = {}) =>
  parseTokens(tokens(text), options).map(({ headerText: _h, end: _e, problems: _p, recovered: _r, ...m }) => m);

test("a message emits start with its header, a delta per text token, then end with the whole message", () => {
  const seen = events("<|start|>assistant<|channel|>final<|message|>Hi<|end|>", { role: null });
  assert.deepEqual(seen.slice(0, 3), [
    { type: "message-start", header: { role: "assistant", channel: "final" } },
    { type: "content-delta", text: "H" },
    { type: "content-delta", text: "i" },
  ]);
  const last = seen[3];
  assert.equal(last?.type, "message-end");
  assert.deepEqual(last?.type === "message-end" && last.message, {
    role: "assistant",
    channel: "final",
    content: "Hi",
    end: "end",
    headerText: "assistant<|channel|>final",
  });
});

test("a message ends with the reason its stop token gives: end, call or return", () => {
  const ends = parseTokens(
    tokens("<|start|>assistant<|message|>a<|end|><|start|>assistant to=f<|message|>b<|call|><|start|>assistant<|message|>c<|return|>"),
    { role: null },
  ).map((m) => m.end);
  assert.deepEqual(ends, ["end", "call", "return"]);
});

test("the end of input closes an open message with reason eos", () => {
  const [message] = parseTokens(tokens("<|channel|>final<|message|>2 + 2 = 4."), { role: "assistant", strict: true });
  assert.equal(message?.end, "eos");
  assert.equal(message?.content, "2 + 2 = 4.");
});

test("with a known role the input starts inside the header; later messages name their role", () => {
  assert.deepEqual(parse("<|channel|>analysis<|message|>think<|end|><|start|>assistant<|channel|>final<|message|>done", { role: "assistant", strict: true }), [
    { role: "assistant", channel: "analysis", content: "think" },
    { role: "assistant", channel: "final", content: "done" },
  ]);
});

test("current shows the open message's header and content so far", () => {
  const parser = new HarmonyStreamParser({ role: "assistant" });
  for (const token of tokens("<|channel|>final<|message|>Hel")) parser.push(token);
  assert.deepEqual(parser.current, { header: { role: "assistant", channel: "final" }, content: "Hel" });
});

test("a constrained final answer: strict reads the lone <|constrain|>json as the recipient, as the reference does; lenient as the content type", () => {
  const input = '<|start|>assistant<|channel|>final <|constrain|>json<|message|>{"result":true}<|return|>';
  assert.deepEqual(parse(input, { role: null, strict: true }), [
    { role: "assistant", channel: "final", recipient: "<|constrain|>json", content: '{"result":true}' },
  ]);
  assert.deepEqual(parse(input, { role: null, strict: false }), [
    { role: "assistant", channel: "final", contentType: "<|constrain|>json", content: '{"result":true}' },
  ]);
});

test("a header whose first word is not a role is a tool's, named by that word", () => {
  assert.deepEqual(parse("<|start|>functions.f to=assistant<|channel|>commentary<|message|>42<|end|>", { role: null, strict: true }), [
    { role: "tool", name: "functions.f", recipient: "assistant", channel: "commentary", content: "42" },
  ]);
});

test("strict: text before any <|start|> fails", () => {
  assert.throws(() => parse("hello", { role: null, strict: true }), HarmonyParseError);
});

test("strict: a special token other than <|start|> between messages fails", () => {
  assert.throws(() => parse("<|start|>user<|message|>a<|end|><|end|>", { role: null, strict: true }), /Unexpected token 200007 while expecting start token 200006/);
});

test("strict: the end of input inside a header fails", () => {
  assert.throws(() => parse("<|channel|>commentary Hello<|end|>", { role: "assistant", strict: true }), /Unexpected EOS while waiting for message header/);
});

test("strict: a stop token inside a header is kept and leaves words the header cannot place", () => {
  const text = "I must refuse<|end|><|start|>assistant<|channel|>final<|message|>Sorry.<|return|>";
  assert.throws(() => parse(text, { role: "assistant", strict: true }), /unexpected tokens remaining in message header/);
});

test("strict: a header with a lone unknown word fails as an unknown role", () => {
  assert.throws(() => parse("<|start|>robot<|message|>hi", { role: null, strict: true }), /Unknown role: robot/);
});

test("strict: <|channel|> with no name fails", () => {
  assert.throws(() => parse("<|start|>assistant<|channel|> x<|message|>hi", { role: null, strict: true }), /no channel value/);
});

test("strict: special tokens inside content stay text, as in the reference", () => {
  assert.deepEqual(parse("<|start|>assistant<|message|>a<|start|>b<|channel|>c", { role: null, strict: true }), [
    { role: "assistant", content: "a<|start|>b<|channel|>c" },
  ]);
});

test("the reference's missing-<|message|> cases recover in lenient mode", () => {
  const rest = "<|start|>assistant<|channel|>analysis<|message|>We must refuse<|end|><|start|>assistant<|channel|>final<|message|>No.<|return|>";
  assert.deepEqual(parse(`I must refuse<|end|>${rest}`, { role: "assistant" }).map((m) => [m.channel, m.content]), [
    [undefined, "I must refuse"],
    ["analysis", "We must refuse"],
    ["final", "No."],
  ]);
  assert.deepEqual(parse(`<|channel|>analysis I must refuse<|end|>${rest}`, { role: "assistant" })[0], {
    role: "assistant",
    channel: "analysis",
    content: "I must refuse",
  });
});

test("a tool call after a header-less preamble keeps both (reference: missing message token, tool call)", () => {
  const text = `... Let's use the tool.<|end|><|start|>assistant to=functions.get_weather<|channel|>commentary json<|message|>{"location": "Tokyo"}<|call|>`;
  assert.deepEqual(parse(text, { role: "assistant" }), [
    { role: "assistant", content: "... Let's use the tool." },
    { role: "assistant", recipient: "functions.get_weather", channel: "commentary", contentType: "json", content: '{"location": "Tokyo"}' },
  ]);
});

test("parsing a rendered conversation gives back every message's header and text", () => {
  const conversation = sampleConversation();
  const rendered = segmentsToText(renderConversation(conversation, { autoDropAnalysis: false }));
  const parsed = parse(rendered, { role: null, strict: true });
  assert.equal(parsed.length, conversation.length);
  conversation.forEach((message, i) => {
    const { content, ...header } = message;
    assert.deepEqual(parsed[i], { ...header, ...(typeof content === "string" ? { content } : { content: parsed[i]!.content }) });
  });
});
