// A chat turn as the host records it, the one copy of what the view shows: a view that opens,
// is shown again or reloads gets it replayed, and saved chats store it. Streaming text is merged
// into runs (a replay is short and in order), each with the figures the Thinking header shows,
// measured here as the tokens arrive, so a replayed block says what the live one said.
import type { Attachment, ChatEvent, HostToWebview } from "./protocol";

export interface TranscriptTurn {
  turnId: string;
  text: string;
  attachments: Attachment[];
  events: ChatEvent[];
}

type TextEvent = Extract<ChatEvent, { kind: "text" }>;

/** When each recorded run's first chunk came; a run lasts until the event after it. */
const runStarts = new WeakMap<TextEvent, number>();

/** Appends one event to a turn's record; `now` in milliseconds (any clock, the same for a turn). */
export function recordChatEvent(events: ChatEvent[], event: ChatEvent, now: number): void {
  const last = events.at(-1);
  if (last?.kind === "text") {
    const started = runStarts.get(last);
    if (started !== undefined) last.ms = now - started;
    if (event.kind === "text" && last.channel === event.channel) {
      last.text += event.text;
      last.chunks = (last.chunks ?? 1) + (event.chunks ?? 1);
      return;
    }
  }
  if (event.kind !== "text") {
    events.push(event);
    return;
  }
  // A copy: the run grows as it merges, and the live event was posted as it came.
  const run: TextEvent = { ...event, chunks: event.chunks ?? 1 };
  runStarts.set(run, now);
  events.push(run);
}

/** The messages that show a recorded turn in a view, in order. */
export function replayTurn(turn: TranscriptTurn): HostToWebview[] {
  return [
    { type: "turnStart", turnId: turn.turnId, text: turn.text, ...(turn.attachments.length ? { attachments: turn.attachments } : {}) },
    ...turn.events.map((event): HostToWebview => ({ type: "turnEvent", turnId: turn.turnId, event, replayed: true })),
  ];
}
