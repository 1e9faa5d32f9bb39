// What the host sends a view that (re)opens, built the way ChatSession builds it: the live
// messages recorded by the host's own recorder (src/core/turnRecord.ts), then replayed.
import type { HostToWebview } from "../../src/core/protocol";
import { recordChatEvent, replayTurn, type TranscriptTurn } from "../../src/core/turnRecord";

/**
 * Records `live` as ChatSession.emit does, the i-th message arriving at `msPerMessage * i` on the
 * host's clock; returns the replay (cleared, every turn, the last chatState seen).
 */
export function hostReplay(live: readonly HostToWebview[], msPerMessage = 25): HostToWebview[] {
  const turns = new Map<string, TranscriptTurn>();
  let state: HostToWebview | undefined;
  live.forEach((message, i) => {
    if (message.type === "turnStart") turns.set(message.turnId, { turnId: message.turnId, text: message.text, attachments: message.attachments ?? [], events: [] });
    else if (message.type === "turnEvent") recordChatEvent(turns.get(message.turnId)!.events, message.event, i * msPerMessage);
    else if (message.type === "chatState") state = message;
  });
  return [{ type: "cleared" }, ...[...turns.values()].flatMap(replayTurn), state ?? { type: "chatState", busy: false, queued: 0 }];
}
