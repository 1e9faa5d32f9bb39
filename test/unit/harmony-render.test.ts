import assert from "node:assert/strict";
import { test } from "node:test";
import {
  defaultSystemContent,
  developerContent,
  HarmonyRenderError,
  renderConversation,
  renderConversationForCompletion,
  renderMessage,
  sampleTranscript,
  segmentsToText,
  segmentsToTokens,
  type Conversation,
  type Message,
} from "../../src/core/harmony/index";

const text = (conversation: Conversation, autoDropAnalysis?: boolean) =>
  segmentsToText(renderConversation(conversation, autoDropAnalysis === undefined ? {} : { autoDropAnalysis }));
const one = (message: Message) => segmentsToText(renderMessage(message));

test("a user message is start, role, message, text, end", () => {
  assert.equal(one({ role: "user", content: "Hi" }), "<|start|>user<|message|>Hi<|end|>");
});

test("a message with a channel puts <|channel|>NAME after the role", () => {
  assert.equal(
    one({ role: "assistant", channel: "final", content: "4" }),
    "<|start|>assistant<|channel|>final<|message|>4<|end|>",
  );
});

test("an assistant message with a recipient is a tool call and ends with <|call|>", () => {
  assert.equal(
    one({ role: "assistant", channel: "commentary", recipient: "functions.f", contentType: "json", content: "{}" }),
    "<|start|>assistant to=functions.f<|channel|>commentary json<|message|>{}<|call|>",
  );
});

test("a <|constrain|> content type renders a space, the special token, then the format", () => {
  const segments = renderMessage({ role: "assistant", recipient: "functions.f", contentType: "<|constrain|>json", content: "{}" });
  assert.deepEqual(segments.slice(2, 6), [
    { kind: "text", text: " to=functions.f" },
    { kind: "text", text: " " },
    { kind: "special", name: "constrain" },
    { kind: "text", text: "json" },
  ]);
});

test("a tool message's header is its author name alone, then its recipient", () => {
  assert.equal(
    one({ role: "tool", name: "functions.f", recipient: "assistant", channel: "commentary", content: "ok" }),
    "<|start|>functions.f to=assistant<|channel|>commentary<|message|>ok<|end|>",
  );
});

test("a tool message without an author name is refused", () => {
  assert.throws(() => renderMessage({ role: "tool", content: "ok" }), HarmonyRenderError);
});

test("a named author of another role renders as role:name", () => {
  assert.equal(one({ role: "user", name: "ada", content: "Hi" }), "<|start|>user:ada<|message|>Hi<|end|>");
});

test("the recipient all is not written", () => {
  assert.equal(one({ role: "user", recipient: "all", content: "Hi" }), "<|start|>user<|message|>Hi<|end|>");
});

test("system content in a user message is refused", () => {
  assert.throws(() => renderMessage({ role: "user", content: defaultSystemContent() }), HarmonyRenderError);
});

test("a system content field left out renders nothing", () => {
  assert.equal(one({ role: "system", content: { type: "system", reasoningEffort: "low" } }), "<|start|>system<|message|>Reasoning: low<|end|>");
});

test("channels that are valid but not required omit the 'must be included' sentence", () => {
  const content = { type: "system" as const, channelConfig: { validChannels: ["analysis", "final"], channelRequired: false } };
  assert.equal(one({ role: "system", content }), "<|start|>system<|message|># Valid channels: analysis, final.<|end|>");
});

test("function tools add the commentary-channel line to the system message", () => {
  const conversation: Conversation = [
    { role: "system", content: { type: "system", channelConfig: { validChannels: ["final"], channelRequired: true } } },
    { role: "developer", content: developerContent(undefined, [{ name: "f", description: "Does f." }]) },
  ];
  assert.equal(
    text(conversation),
    "<|start|>system<|message|># Valid channels: final. Channel must be included for every message.\n" +
      "Calls to these tools must go to the commentary channel: 'functions'.<|end|>" +
      "<|start|>developer<|message|># Tools\n\n## functions\n\nnamespace functions {\n\n// Does f.\ntype f = () => any;\n\n} // namespace functions<|end|>",
  );
});

test("system tool namespaces render sorted by name; one without tools shows its description as is", () => {
  const content = {
    type: "system" as const,
    tools: [
      { name: "python", description: "Runs code.", tools: [] },
      { name: "browser", description: "Browses.\nCarefully.", tools: [{ name: "open", description: "Opens a page." }] },
    ],
  };
  assert.equal(
    one({ role: "system", content }),
    "<|start|>system<|message|># Tools\n\n## browser\n\n// Browses.\n// Carefully.\nnamespace browser {\n\n// Opens a page.\ntype open = () => any;\n\n} // namespace browser" +
      "\n\n## python\n\nRuns code.<|end|>",
  );
});

test("rendering for completion ends with <|start|> and the next role", () => {
  const segments = renderConversationForCompletion([{ role: "user", content: "Hi" }]);
  assert.equal(segmentsToText(segments), "<|start|>user<|message|>Hi<|end|><|start|>assistant");
});

const finishedTurn: Conversation = [
  { role: "user", content: "What is 2 + 2?" },
  { role: "assistant", channel: "analysis", content: "Simple." },
  { role: "assistant", channel: "final", content: "4" },
  { role: "user", content: "What about 9 / 2?" },
];

test("auto_drop_analysis drops analysis before the first final when the last assistant message is final", () => {
  assert.equal(
    segmentsToText(renderConversationForCompletion(finishedTurn)),
    "<|start|>user<|message|>What is 2 + 2?<|end|><|start|>assistant<|channel|>final<|message|>4<|end|>" +
      "<|start|>user<|message|>What about 9 / 2?<|end|><|start|>assistant",
  );
});

test("auto_drop_analysis off keeps every analysis message", () => {
  assert.match(text(finishedTurn, false), /<\|channel\|>analysis<\|message\|>Simple\./);
});

test("analysis after the first final message is kept (only reasoning before it is dropped)", () => {
  const conversation: Conversation = [
    ...finishedTurn,
    { role: "assistant", channel: "analysis", content: "thinking 9/2" },
    { role: "assistant", channel: "final", content: "4.5" },
  ];
  const rendered = text(conversation);
  assert.doesNotMatch(rendered, /Simple\./);
  assert.match(rendered, /thinking 9\/2/);
});

test("nothing is dropped while the last assistant message is not final (a tool call in progress)", () => {
  const conversation: Conversation = [
    ...finishedTurn,
    { role: "assistant", channel: "analysis", content: "Need a tool." },
    { role: "assistant", channel: "commentary", recipient: "functions.f", content: "{}" },
    { role: "tool", name: "functions.f", content: "42" },
  ];
  assert.match(text(conversation), /Simple\./);
});

test("special tokens become their ids and are never passed to the text tokenizer", () => {
  const seen: string[] = [];
  const tokens = segmentsToTokens(renderMessage({ role: "user", content: "<|end|>" }), (piece) => {
    seen.push(piece);
    return [piece.length];
  });
  assert.deepEqual(tokens, [200006, 4, 200008, 7, 200007]);
  assert.deepEqual(seen, ["user", "<|end|>"]);
});

test("the sample conversation renders system, developer tool, user, analysis, tool call, result and final", () => {
  const rendered = sampleTranscript();
  for (const part of [
    "<|start|>system<|message|>",
    "Calls to these tools must go to the commentary channel: 'functions'.",
    "type read_file = (_: {",
    "<|start|>user<|message|>",
    "<|channel|>analysis<|message|>",
    "<|start|>assistant to=functions.read_file<|channel|>commentary <|constrain|>json<|message|>",
    "<|call|>",
    "<|start|>functions.read_file to=assistant<|channel|>commentary<|message|>",
    "<|channel|>final<|message|>",
  ]) {
    assert.ok(rendered.includes(part), `missing ${part}`);
  }
  assert.ok(rendered.endsWith("<|start|>assistant"));
});
