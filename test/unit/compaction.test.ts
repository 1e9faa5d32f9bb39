// Compact keeps the last turns verbatim and puts the model's summary in front of them; the usage
// figures add up to what the conversation takes.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { Conversation } from "../../src/core/harmony/index";
import { compactedConversation, compactionSplit, conversationBody, summaryRequest } from "../../src/core/prompts/compaction";
import { contextUsage, usageDescription } from "../../src/core/prompts/contextUsage";

const turns: Conversation = [
  { role: "system", content: "sys" },
  { role: "developer", content: "dev" },
  { role: "user", content: "first" },
  { role: "assistant", channel: "final", content: "one" },
  { role: "user", content: "second" },
  { role: "assistant", channel: "final", content: "two" },
  { role: "user", content: "third" },
  { role: "assistant", channel: "final", content: "three" },
] as Conversation;

test("the last two user turns are kept verbatim; the older ones go to the summary request", () => {
  const body = conversationBody(turns);
  const split = compactionSplit(body)!;
  assert.deepEqual(body.slice(split).map((m) => m.content), ["second", "two", "third", "three"]);
  const request = summaryRequest(body.slice(0, split), "2026-12-08");
  assert.deepEqual(request.slice(2).map((m) => m.content), ["first", "one", "Summarize our conversation so far as instructed."]);
  const compacted = compactedConversation(" The user asked first. ", body.slice(split));
  assert.match(String(compacted[0]!.content), /^Summary of our earlier conversation[^\n]*\n\nThe user asked first\.$/);
  assert.deepEqual(compacted.slice(1), body.slice(split));
});

test("nothing to compact with two turns or fewer", () => {
  assert.equal(compactionSplit(conversationBody(turns.slice(0, 6))), undefined);
});

test("usage: the parts add up to what the conversation takes", () => {
  const count = (c: Conversation) => c.reduce((sum, m) => sum + String(m.content).length, 0);
  const usage = contextUsage(
    {
      headWithoutInstructions: turns.slice(0, 2),
      head: [turns[0]!, { role: "developer", content: "dev + AGENTS.md" }] as Conversation,
      conversation: [...turns, { role: "user", content: "with a file attached" }] as Conversation,
      attachments: [[{ role: "user", content: "attached!" }]] as Conversation[],
      emptyUser: [{ role: "user", content: "" }] as Conversation,
      window: 100,
    },
    count,
  );
  assert.equal(usage.parts.reduce((s, p) => s + p.tokens, 0), usage.used);
  assert.deepEqual(usage.parts.map((p) => p.tokens), [6, 12, 42, 9].map((n, i) => (i === 2 ? usage.used - 6 - 12 - 9 : n)));
  assert.equal(usage.reserved, 50, "a quarter of the window, at least 1,024 tokens, at most half");
  assert.match(usageDescription(usage), /^Context: \d+ of 50 tokens \(\d+%\)\n\(a 100-token window, 50 kept for the answer\)\nSystem and tools: 6\nInstructions: 12/);
});
