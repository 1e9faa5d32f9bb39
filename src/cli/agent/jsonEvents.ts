// `chat --json`: one JSON object per line for every agent event, for scripts and tests. Large
// payloads (an edit's whole before/after text) are summarised as the chat view shows them.
import type { AgentEvent, AgentRunResult } from "../../core/agent/types";
import { changePreview } from "../../core/chatEvents";

export type JsonEvent = Record<string, unknown> & { event: string };

/** The last line: how the run ended, from its result. */
export function finalJsonEvent(result: AgentRunResult): JsonEvent {
  return { event: "final", reason: result.reason, steps: result.steps, answer: result.answer };
}

export function toJsonEvent(event: AgentEvent): JsonEvent | undefined {
  switch (event.type) {
    case "step-start":
      return { event: "step", step: event.step };
    case "text":
      return { event: event.channel === "analysis" ? "reasoning" : event.channel === "final" ? "answer" : "commentary", text: event.text };
    case "message-start":
      return undefined;
    case "message-end":
      return { event: "message", channel: event.channel ?? null, recipient: event.recipient ?? null, content: event.content };
    case "tool-call":
      return { event: "tool-call", id: event.callId, name: event.name, arguments: event.arguments, risk: event.risk ?? null };
    case "approval-requested":
      return { event: "approval-asked", id: event.callId, change: changePreview(event.change) };
    case "approval":
      return event.decision.approved
        ? { event: "approval-given", id: event.callId, always: event.decision.always === true }
        : { event: "approval-denied", id: event.callId, reason: event.decision.reason ?? null };
    case "tool-result":
      return {
        event: "tool-result",
        id: event.callId,
        name: event.name,
        isError: event.result.isError === true,
        summary: event.result.summary ?? null,
        content: event.result.content,
        ms: Math.round(event.durationMs),
      };
    case "context-trimmed":
      return { event: "context-trimmed", detail: event.detail, tokensBefore: event.tokensBefore, tokensAfter: event.tokensAfter };
    case "warning":
      return { event: "warning", message: event.message };
    case "error":
      return { event: "error", message: event.message };
    default:
      return event satisfies never;
  }
}
