// The system and developer messages every agent conversation starts with.
import assert from "node:assert/strict";
import { test } from "node:test";
import { renderConversation, segmentsToText } from "../../src/core/harmony/index";
import { conversationHead, developerInstructions, withHead } from "../../src/core/prompts/conversationHead";

const tool = { name: "read_file", description: "Reads a file.", parameters: { type: "object", properties: { path: { type: "string" } }, required: ["path"] } };

test("the head renders the effort, the date, the instructions and the tools in harmony", () => {
  const text = segmentsToText(renderConversation(conversationHead({ effort: "high", tools: [tool], folders: ["app"], date: "2026-11-25" })));
  assert.match(text, /Reasoning: high/);
  assert.match(text, /Current date: 2026-11-25/);
  assert.match(text, /# Instructions\n\nYou are a coding assistant/);
  assert.match(text, /type read_file = \(_: \{/);
});

test("multi-root workspaces tell the model to start paths with the folder name", () => {
  assert.match(developerInstructions({ tools: [tool], folders: ["api", "web"] }), /2 folders: "api", "web"\. Start paths with the folder name/);
});

test("without tools the instructions do not mention calling them; a restriction note is passed on", () => {
  const text = developerInstructions({ tools: [], folders: [], restrictedNote: "Restricted Mode: read only." });
  assert.doesNotMatch(text, /edit_file/);
  assert.match(text, /Restricted Mode: read only\./);
});

test("withHead replaces the old head and keeps the rest in order", () => {
  const head = conversationHead({ effort: "low", tools: [], folders: [], date: "2026-01-01" });
  const old = [...conversationHead({ effort: "high", tools: [tool], folders: [], date: "2025-01-01" }), { role: "user" as const, content: "hi" }, { role: "assistant" as const, channel: "final", content: "hello" }];
  const next = withHead(head, old);
  assert.equal(next.length, 4);
  assert.equal(next[0], head[0]);
  assert.deepEqual(next.slice(2), old.slice(2));
});
