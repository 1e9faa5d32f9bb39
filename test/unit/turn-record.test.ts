// The host's record of a turn, the one copy a view is replayed from: streaming text merged into
// runs with the figures the Thinking header shows, everything else in the order it came.
import assert from "node:assert/strict";
import { test } from "node:test";
import { ChatEvent, HostToWebview } from "../../src/core/protocol";
import { recordChatEvent, replayTurn, type TranscriptTurn } from "../../src/core/turnRecord";

const text = (channel: "analysis" | "final", chunk: string): ChatEvent => ({ kind: "text", channel, text: chunk });

test("streamed text is merged into one run per channel, counting its chunks", () => {
  const events: ChatEvent[] = [];
  recordChatEvent(events, text("analysis", "The user"), 1000);
  recordChatEvent(events, text("analysis", " asks"), 1020);
  recordChatEvent(events, text("analysis", " why."), 1040);
  recordChatEvent(events, text("final", "Because"), 1300);
  assert.deepEqual(events.map((e) => e.kind === "text" && [e.channel, e.text, e.chunks]), [
    ["analysis", "The user asks why.", 3],
    ["final", "Because", 1],
  ]);
});

test("a run lasts until the next event: the time the view's Thinking header shows", () => {
  const events: ChatEvent[] = [];
  recordChatEvent(events, text("analysis", "Reading"), 5000);
  recordChatEvent(events, text("analysis", " the file."), 5100);
  assert.equal((events[0] as { ms?: number }).ms, 100, "while it streams: until its last chunk");
  recordChatEvent(events, { kind: "toolCall", callId: "c1", name: "read_file", invocation: "Reading a.ts", arguments: "{}" }, 5350);
  recordChatEvent(events, { kind: "toolResult", callId: "c1", isError: false, summary: "Read a.ts", preview: "", durationMs: 3 }, 9000);
  assert.equal((events[0] as { ms?: number }).ms, 350, "closed by the tool call, not stretched by what follows");
});

test("the live event is not changed by the merging (it was posted to the view as it came)", () => {
  const events: ChatEvent[] = [];
  const first = text("final", "Hello");
  recordChatEvent(events, first, 0);
  recordChatEvent(events, text("final", ", world"), 10);
  assert.deepEqual(first, { kind: "text", channel: "final", text: "Hello" });
});

test("text separated by another event starts a new run, even on the same channel", () => {
  const events: ChatEvent[] = [];
  recordChatEvent(events, text("final", "one"), 0);
  recordChatEvent(events, { kind: "step", step: 2 }, 5);
  recordChatEvent(events, text("final", "two"), 10);
  assert.deepEqual(events.map((e) => e.kind), ["text", "step", "text"]);
});

test("a recorded turn replays as its start and its events, marked as a replay, each a valid protocol message", () => {
  const turn: TranscriptTurn = { turnId: "t1", text: "Hi", attachments: [], events: [] };
  recordChatEvent(turn.events, text("final", "Hello"), 0);
  recordChatEvent(turn.events, text("final", "!"), 30);
  recordChatEvent(turn.events, { kind: "done", reason: "final", steps: 1 }, 40);
  const messages = replayTurn(turn);
  for (const message of messages) assert.equal(HostToWebview.safeParse(message).success, true, JSON.stringify(message));
  assert.deepEqual(messages, [
    { type: "turnStart", turnId: "t1", text: "Hi" },
    { type: "turnEvent", turnId: "t1", event: { kind: "text", channel: "final", text: "Hello!", chunks: 2, ms: 40 }, replayed: true },
    { type: "turnEvent", turnId: "t1", event: { kind: "done", reason: "final", steps: 1 }, replayed: true },
  ]);
});
