// The agent's events as the chat view receives them: the same order, trimmed to what a view shows
// (a tool result's start, not a whole file; a diff's size, not its text).
import type { AgentEvent, AgentRunResult } from "./agent/types";
import { runsCodeReason } from "./tools/runsCode";
import { visibleName, visibleText } from "./tools/visibleText";
import type { ChangePreview, ChatEvent } from "./protocol";
import type { ProposedChange } from "./tools/contract";

/** Characters of a tool result the card previews. */
export const RESULT_PREVIEW_CHARS = 2_000;

/** Lines added and removed between two texts: the changed middle once common lines at both ends are set aside. */
export function lineChangeCounts(before: string, after: string): { added: number; removed: number } {
  if (before === after) return { added: 0, removed: 0 };
  const a = before === "" ? [] : before.split("\n");
  const b = after === "" ? [] : after.split("\n");
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  return { added: endB - start, removed: endA - start };
}

export function changePreview(change: ProposedChange): ChangePreview {
  // Hidden characters (bidi overrides, controls) are shown as escapes: an approval shows what is there.
  if (change.kind === "command") return { kind: "command", command: visibleText(change.command), cwd: visibleName(change.cwdLabel) };
  if (change.kind === "external") return { kind: "external", source: visibleName(change.source), tool: visibleName(change.tool), arguments: visibleText(change.arguments) };
  const why = runsCodeReason(change);
  if (change.kind === "patch") {
    const files = change.files.map((file) => ({
      path: visibleName(file.path),
      action: file.movedFrom ? ("move" as const) : file.action,
      ...lineChangeCounts(file.before, file.after),
    }));
    const total = (key: "added" | "removed") => files.reduce((sum, file) => sum + file[key], 0);
    const create = change.files.every((file) => file.action === "add");
    const path = files.map((file) => file.path).join(", ");
    return { kind: "edit", path, create, added: total("added"), removed: total("removed"), files, ...(why ? { why: visibleText(why) } : {}) };
  }
  return { kind: "edit", path: visibleName(change.path), create: change.create, ...lineChangeCounts(change.before, change.after), ...(why ? { why: visibleText(why) } : {}) };
}

/** Maps one agent event to what the view shows; undefined for events the view does not show. */
export function toChatEvent(event: AgentEvent): ChatEvent | undefined {
  switch (event.type) {
    case "step-start":
      return { kind: "step", step: event.step };
    case "text":
      return { kind: "text", channel: event.channel, text: event.text };
    case "tool-call":
      return { kind: "toolCall", callId: event.callId, name: event.name, invocation: event.invocation, arguments: event.arguments, ...(event.risk ? { risk: event.risk } : {}) };
    case "approval-requested":
      return { kind: "approvalRequested", callId: event.callId, preview: changePreview(event.change) };
    case "approval":
      return event.decision.approved
        ? { kind: "approval", callId: event.callId, approved: true, ...(event.decision.always ? { always: true } : {}) }
        : { kind: "approval", callId: event.callId, approved: false, ...(event.decision.reason ? { reason: event.decision.reason } : {}) };
    case "tool-result": {
      const { result } = event;
      const preview = result.content.length > RESULT_PREVIEW_CHARS ? `${result.content.slice(0, RESULT_PREVIEW_CHARS)}…` : result.content;
      const summary = result.summary ?? (result.isError ? firstLine(result.content) : `${event.name} done`);
      return { kind: "toolResult", callId: event.callId, isError: result.isError === true, summary, preview, durationMs: event.durationMs };
    }
    case "context-trimmed":
      return { kind: "contextTrimmed", detail: event.detail };
    case "warning":
      return { kind: "notice", level: "warning", text: event.message };
    case "error":
      return { kind: "notice", level: "error", text: event.message };
    case "message-start":
    case "message-end":
      return undefined;
    default:
      return event satisfies never;
  }
}

/** The view's last event of a turn, from the run's result: why it ended, and the last step's speed. */
export function doneChatEvent(result: Pick<AgentRunResult, "reason" | "steps" | "stats">): ChatEvent {
  const tokensPerSecond = result.stats?.tokensPerSecond;
  return { kind: "done", reason: result.reason, steps: result.steps, ...(tokensPerSecond !== undefined ? { tokensPerSecond } : {}) };
}

function firstLine(text: string): string {
  const line = text.split("\n", 1)[0] ?? "";
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}
