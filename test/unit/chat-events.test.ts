// What the chat view receives for the agent's events: the same order, payloads cut to what a view shows.
import assert from "node:assert/strict";
import { test } from "node:test";
import { changePreview, lineChangeCounts, RESULT_PREVIEW_CHARS, toChatEvent, doneChatEvent } from "../../src/core/chatEvents";
import { ChatEvent } from "../../src/core/protocol";

test("line counts: an edit in the middle counts only the changed lines", () => {
  assert.deepEqual(lineChangeCounts("a\nb\nc\nd", "a\nB\nB2\nc\nd"), { added: 2, removed: 1 });
});

test("line counts: identical texts change nothing; a new file adds every line", () => {
  assert.deepEqual(lineChangeCounts("x\ny", "x\ny"), { added: 0, removed: 0 });
  assert.deepEqual(lineChangeCounts("", "one\ntwo\nthree"), { added: 3, removed: 0 });
});

test("line counts: a deletion at the end removes only those lines", () => {
  assert.deepEqual(lineChangeCounts("a\nb\nc", "a"), { added: 0, removed: 2 });
});

test("an edit's preview names the file and its size of change, never its whole text", () => {
  const preview = changePreview({ kind: "edit", path: "src/a.ts", absolute: "/w/src/a.ts", before: "x\n".repeat(1000), after: "y\n" + "x\n".repeat(999), create: false });
  assert.deepEqual(preview, { kind: "edit", path: "src/a.ts", create: false, added: 1, removed: 1 });
});

test("a command's preview shows the command and its folder as the user reads it", () => {
  assert.deepEqual(changePreview({ kind: "command", command: "npm test", cwd: "/w/app", cwdLabel: "app" }), { kind: "command", command: "npm test", cwd: "app" });
});

test("a long tool result reaches the view as a preview of fixed size, and the event is valid protocol", () => {
  const event = toChatEvent({ type: "tool-result", callId: "c1", name: "read_file", result: { content: "z".repeat(50_000), summary: "50,000 chars" }, durationMs: 3 });
  assert.equal(event?.kind, "toolResult");
  assert.ok(event?.kind === "toolResult" && event.preview.length === RESULT_PREVIEW_CHARS + 1);
  assert.ok(ChatEvent.safeParse(event).success);
});

test("a failed tool result without a summary shows its first line", () => {
  const event = toChatEvent({ type: "tool-result", callId: "c1", name: "read_file", result: { content: "Error: no such file\nmore", isError: true }, durationMs: 1 });
  assert.ok(event?.kind === "toolResult");
  assert.equal(event.summary, "Error: no such file");
  assert.equal(event.isError, true);
});

test("a denial keeps its reason; an always-approval says so", () => {
  assert.deepEqual(toChatEvent({ type: "approval", callId: "c", decision: { approved: false, reason: "wrong file" } }), { kind: "approval", callId: "c", approved: false, reason: "wrong file" });
  assert.deepEqual(toChatEvent({ type: "approval", callId: "c", decision: { approved: true, always: true } }), { kind: "approval", callId: "c", approved: true, always: true });
});

test("message boundaries are not shown; every shown event is valid protocol", () => {
  assert.equal(toChatEvent({ type: "message-start", channel: "final", recipient: undefined }), undefined);
  const shown = [
    toChatEvent({ type: "step-start", step: 2 }),
    toChatEvent({ type: "text", channel: "analysis", text: "hmm" }),
    toChatEvent({ type: "tool-call", callId: "c", name: "edit_file", arguments: "{}", risk: "edit", invocation: "Editing a.ts" }),
    toChatEvent({ type: "context-trimmed", detail: "2 old tool results shortened", tokensBefore: 10, tokensAfter: 5 }),
    toChatEvent({ type: "warning", message: "w" }),
    doneChatEvent({ reason: "step-limit", steps: 25 }),
    doneChatEvent({ reason: "final", steps: 2, stats: { promptTokens: 1, reusedTokens: 0, generatedTokens: 3, tokensPerSecond: 12.5 } }),
  ];
  for (const event of shown) assert.ok(ChatEvent.safeParse(event).success, JSON.stringify(event));
});
