// VS Code language-model requests as harmony: what another extension sends through vscode.lm
// must reach gpt-oss in the format it was trained on, tool round trips included.
import assert from "node:assert/strict";
import { test } from "node:test";
import { renderConversationForCompletion, segmentsToText } from "../../src/core/harmony/index";
import { lmConversation, lmMessages, type LmRequest } from "../../src/core/prompts/lmConversation";

const weather = {
  name: "get_weather",
  description: "Gets the weather for a city.",
  inputSchema: { type: "object", properties: { city: { type: "string", description: "The city." } }, required: ["city"] },
};

function request(overrides: Partial<LmRequest>): LmRequest {
  return { messages: [], tools: [], toolRequired: false, effort: "medium", date: "2026-12-04", ...overrides };
}

function rendered(r: LmRequest): string {
  return segmentsToText(renderConversationForCompletion(lmConversation(r), "assistant"));
}

test("a plain question renders a system message, the user message and the assistant's start, with no developer message", () => {
  const text = rendered(request({ messages: [{ role: "user", parts: [{ kind: "text", text: "Hi there" }] }] }));
  assert.match(text, /^<\|start\|>system<\|message\|>You are ChatGPT/);
  assert.match(text, /Reasoning: medium/);
  assert.match(text, /Current date: 2026-12-04/);
  assert.doesNotMatch(text, /<\|start\|>developer/);
  assert.ok(text.endsWith("<|start|>user<|message|>Hi there<|end|><|start|>assistant"), text.slice(-80));
});

test("request tools become harmony function tools with their JSON Schema, and the system message routes calls to commentary", () => {
  const text = rendered(request({ tools: [weather], messages: [{ role: "user", parts: [{ kind: "text", text: "Weather in Oslo?" }] }] }));
  assert.match(text, /Calls to these tools must go to the commentary channel: 'functions'\./);
  assert.match(text, /<\|start\|>developer<\|message\|># Tools\n\n## functions\n\nnamespace functions \{/);
  assert.match(text, /\/\/ Gets the weather for a city\.\ntype get_weather = \(_: \{\n\/\/ The city\.\ncity: string,\n\}\) => any;/);
});

test("a tool call and its result round-trip as a functions.NAME call in json and a message authored by that tool", () => {
  const conversation = lmConversation(
    request({
      tools: [weather],
      messages: [
        { role: "user", parts: [{ kind: "text", text: "Weather in Oslo?" }] },
        { role: "assistant", parts: [{ kind: "text", text: "Checking." }, { kind: "toolCall", callId: "c1", name: "get_weather", input: { city: "Oslo" } }] },
        { role: "user", parts: [{ kind: "toolResult", callId: "c1", text: "-3 C, snow" }] },
      ],
    }),
  );
  const text = segmentsToText(renderConversationForCompletion(conversation, "assistant"));
  assert.ok(
    text.endsWith(
      "<|start|>assistant<|channel|>commentary<|message|>Checking.<|end|>" +
        '<|start|>assistant to=functions.get_weather<|channel|>commentary <|constrain|>json<|message|>{"city":"Oslo"}<|call|>' +
        "<|start|>functions.get_weather to=assistant<|channel|>commentary<|message|>-3 C, snow<|end|>" +
        "<|start|>assistant",
    ),
    text.slice(-400),
  );
});

test("assistant text alone is a final message", () => {
  const messages = lmMessages([{ role: "assistant", parts: [{ kind: "text", text: "Done." }] }]);
  assert.deepEqual(messages, [{ role: "assistant", channel: "final", content: "Done." }]);
});

test("a result for a call the request does not hold still reaches the model, under a name that says so", () => {
  const [message] = lmMessages([{ role: "user", parts: [{ kind: "toolResult", callId: "call-9", text: "42" }] }]);
  assert.equal(message?.role, "tool");
  assert.equal(message?.name, "functions.unknown_call_call_9");
  assert.equal(message?.content, "42");
});

test("system-role messages become developer instructions; a required tool adds the rule to call one", () => {
  const conversation = lmConversation(
    request({
      tools: [weather],
      toolRequired: true,
      messages: [
        { role: "instructions", parts: [{ kind: "text", text: "Be brief." }] },
        { role: "user", parts: [{ kind: "text", text: "Oslo" }] },
      ],
    }),
  );
  const developer = conversation.find((m) => m.role === "developer");
  assert.ok(developer && typeof developer.content === "object" && developer.content.type === "developer");
  assert.equal(developer.content.instructions, "Be brief.\n\nYou must answer this request by calling one of the tools (get_weather).");
  assert.equal(conversation.filter((m) => m.role === "user").length, 1);
});

test("text around a tool result in one user message keeps its order", () => {
  const messages = lmMessages([
    { role: "assistant", parts: [{ kind: "toolCall", callId: "a", name: "get_weather", input: { city: "Rome" } }] },
    { role: "user", parts: [{ kind: "toolResult", callId: "a", text: "sunny" }, { kind: "text", text: "And tomorrow?" }] },
  ]);
  assert.deepEqual(
    messages.map((m) => `${m.role}:${m.name ?? m.recipient ?? m.channel}`),
    ["assistant:functions.get_weather", "tool:functions.get_weather", "user:undefined"],
  );
});

test("reasoning effort from the request reaches the system message", () => {
  assert.match(rendered(request({ effort: "high", messages: [{ role: "user", parts: [{ kind: "text", text: "x" }] }] })), /Reasoning: high/);
});
