// Lenient parsing (the product's mode): malformed output seen from real gpt-oss servers
// (llama.cpp #27720, #25321, #15789) degrades to best-effort messages whose text is kept.
import assert from "node:assert/strict";
import { test } from "node:test";
import { HarmonyStreamParser } from "../../src/core/harmony/parser";
import { parseTokens, SPECIAL_TOKENS, textToSegments, type HarmonyToken, type ParsedMessage } from "../../src/core/harmony/index";

function tokens(text: string): HarmonyToken[] {
  return textToSegments(text).flatMap((s): HarmonyToken[] =>
    s.kind === "special" ? [{ id: SPECIAL_TOKENS[s.name].id }] : [...s.text].map((char) => ({ id: 1, text: char })),
  );
}

/** Parses lenient output of a turn that began with `<|start|>assistant` (the prompt's end). */
const lenient = (text: string, role: "assistant" | null = "assistant") => parseTokens(tokens(text), { role, strict: false });
const fields = ({ role, name, recipient, channel, contentType, content }: ParsedMessage) =>
  Object.fromEntries(Object.entries({ role, name, recipient, channel, contentType, content }).filter(([, v]) => v !== undefined));

test("a header cut by a stop token becomes a message whose text is the rest of the header", () => {
  const [message] = lenient("<|channel|>final The answer is 4.<|end|>");
  assert.deepEqual(fields(message!), { role: "assistant", channel: "final", content: "The answer is 4." });
  assert.equal(message?.recovered, true);
  assert.equal(message?.end, "end");
  assert.deepEqual(message?.problems, ["header cut short by <|end|>"]);
});

test("a recovered header keeps its own line breaks and spacing (the reference would join words with spaces)", () => {
  const [message] = lenient("<|channel|>final Code:\n\n    x = 1<|return|>");
  assert.equal(message?.content, "Code:\n\n    x = 1");
});

test("the recipient may come before or after the channel", () => {
  const before = lenient('<|start|>assistant to=functions.f<|channel|>commentary json<|message|>{"a":1}<|call|>', null);
  const after = lenient('<|start|>assistant<|channel|>commentary to=functions.f json<|message|>{"a":1}<|call|>', null);
  const expected = { role: "assistant", recipient: "functions.f", channel: "commentary", contentType: "json", content: '{"a":1}' };
  assert.deepEqual(before.map(fields), [expected]);
  assert.deepEqual(after.map(fields), [expected]);
});

test("a missing space before <|constrain|> still gives the constrained content type", () => {
  const [message] = lenient('<|channel|>commentary to=functions.f<|constrain|>json<|message|>{"a":1}<|call|>');
  assert.deepEqual(fields(message!), { role: "assistant", recipient: "functions.f", channel: "commentary", contentType: "<|constrain|>json", content: '{"a":1}' });
});

test("a malformed channel name (??) is kept as the channel and the text still arrives", () => {
  const [message] = lenient("<|channel|>??<|message|>Hello<|end|>");
  assert.deepEqual(fields(message!), { role: "assistant", channel: "??", content: "Hello" });
});

test("a malformed header (commentary?commentary?) cut by <|end|> does not hide the well-formed messages after it", () => {
  const messages = lenient(
    "<|channel|>commentary?commentary?<|end|><|start|>assistant<|channel|>analysis<|message|>Think.<|end|><|start|>assistant<|channel|>final<|message|>Answer.<|return|>",
  );
  assert.deepEqual(messages.map(fields), [
    { role: "assistant", channel: "commentary?commentary?", content: "" },
    { role: "assistant", channel: "analysis", content: "Think." },
    { role: "assistant", channel: "final", content: "Answer." },
  ]);
});

test("a doubled channel header keeps every word of it", () => {
  const [message] = lenient("<|channel|>commentary to=assistant<|channel|>commentary? more text<|end|>");
  assert.equal(message?.channel, "commentary");
  assert.equal(message?.content, "to=assistant<|channel|>commentary? more text");
});

test("an empty channel name is dropped instead of failing", () => {
  const [message] = lenient("<|start|>assistant<|channel|> <|message|>Hi", null);
  assert.deepEqual(fields(message!), { role: "assistant", content: "Hi" });
  assert.deepEqual(message?.problems, ["empty channel name"]);
});

test("plain text with no header at all is an assistant message", () => {
  assert.deepEqual(lenient("Just the answer, no channel.").map(fields), [{ role: "assistant", content: "Just the answer, no channel." }]);
});

test("text after a finished message with no <|start|> starts a new assistant message", () => {
  const messages = lenient("<|start|>assistant<|channel|>final<|message|>One.<|end|>Two.", null);
  assert.deepEqual(messages.map(fields), [
    { role: "assistant", channel: "final", content: "One." },
    { role: "assistant", content: "Two." },
  ]);
  assert.ok(messages[1]?.problems?.includes("no <|start|> before this message"));
});

test("a header that forgot <|start|> still reads its role and channel", () => {
  const messages = lenient("<|start|>assistant<|channel|>analysis<|message|>a<|end|>assistant<|channel|>final<|message|>b", null);
  assert.deepEqual(messages.map(fields)[1], { role: "assistant", channel: "final", content: "b" });
});

test("<|channel|> right after a finished message starts an assistant message without <|start|>", () => {
  const messages = lenient("<|channel|>analysis<|message|>a<|end|><|channel|>final<|message|>b<|return|>");
  assert.deepEqual(messages.map(fields)[1], { role: "assistant", channel: "final", content: "b" });
});

test("stray stop tokens between messages are ignored", () => {
  assert.deepEqual(lenient("<|end|><|return|><|start|>user<|message|>hi<|end|>", null).map(fields), [{ role: "user", content: "hi" }]);
});

test("<|start|> inside content ends that message and starts the next", () => {
  const messages = lenient("<|channel|>analysis<|message|>thinking<|start|>assistant<|channel|>final<|message|>done<|return|>");
  assert.deepEqual(messages.map(fields), [
    { role: "assistant", channel: "analysis", content: "thinking" },
    { role: "assistant", channel: "final", content: "done" },
  ]);
  assert.equal(messages[0]?.end, "interrupted");
});

test("<|channel|> inside content starts another message from the same author", () => {
  const messages = lenient("<|channel|>analysis<|message|>thinking<|channel|>final<|message|>done");
  assert.deepEqual(messages.map((m) => [m.channel, m.content]), [
    ["analysis", "thinking"],
    ["final", "done"],
  ]);
});

test("<|constrain|> or <|message|> inside content stays as its spelling", () => {
  assert.equal(lenient("<|message|>a<|constrain|>b<|message|>c")[0]?.content, "a<|constrain|>b<|message|>c");
});

test("<|endoftext|> ends the open message like the end of input", () => {
  const messages = lenient("<|channel|>final<|message|>bye<|endoftext|>");
  assert.deepEqual([messages[0]?.content, messages[0]?.end], ["bye", "eos"]);
});

test("a header <|start|> interrupts keeps its words as a message", () => {
  const messages = lenient("<|start|>assistant stray words<|start|>user<|message|>hi", null);
  assert.deepEqual(messages.map(fields), [
    { role: "assistant", content: "stray words" },
    { role: "user", content: "hi" },
  ]);
});

test("a header with too many words keeps them all in the content type instead of failing", () => {
  const [message] = lenient('<|start|>assistant<|channel|>commentary to=functions.f json extra<|message|>{"a":1}<|call|>', null);
  assert.deepEqual(fields(message!), { role: "assistant", recipient: "functions.f", channel: "commentary", contentType: "json extra", content: '{"a":1}' });
});

test("a lone unknown word after <|start|> is read as a tool's name instead of failing", () => {
  assert.deepEqual(fields(lenient("<|start|>robot<|message|>beep", null)[0]!), { role: "tool", name: "robot", content: "beep" });
});

test("text with | (a markdown table) is kept as it is, in content and in a recovered header", () => {
  const table = "| a | b |\n|---|---|\n| 1 | 2 |";
  assert.equal(lenient(`<|channel|>final<|message|>${table}<|end|>`)[0]?.content, table);
  assert.equal(lenient(`<|channel|>final ${table}<|end|>`)[0]?.content, table);
});

test("an empty header between two stop tokens produces no message", () => {
  assert.deepEqual(lenient("<|end|><|start|>\n<|end|>", null), []);
});

test("a reply with no header after a prompt ending in <|start|>assistant is the assistant's text, without 'assistant' glued to it", () => {
  const parser = new HarmonyStreamParser({ strict: false });
  // What the engine does: feed the prompt from its last <|start|>, then say the prompt ended.
  for (const token of tokens("<|start|>assistant")) parser.push(token);
  parser.promptEnded();
  for (const token of tokens("Hello there.<|return|>")) parser.push(token);
  parser.end();
  assert.equal(parser.messages.length, 1);
  assert.equal(parser.messages[0]!.role, "assistant");
  assert.equal(parser.messages[0]!.content, "Hello there.");
});

test("after promptEnded, a normal header still reads as before", () => {
  const parser = new HarmonyStreamParser({ strict: false });
  for (const token of tokens("<|start|>assistant")) parser.push(token);
  parser.promptEnded();
  for (const token of tokens("<|channel|>final<|message|>Done.<|return|>")) parser.push(token);
  parser.end();
  assert.deepEqual(fields(parser.messages[0]!), fields(lenient("<|channel|>final<|message|>Done.<|return|>")[0]!));
  assert.equal(parser.messages[0]!.content, "Done.");
});
