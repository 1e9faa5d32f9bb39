// The small lines inside a turn that are not model text: progress before the first token,
// notices, a trimmed context, and the footer saying how the turn ended.
import type { ChatEvent } from "../core/protocol";
import { h } from "./dom";
import { icons } from "./icons";

type Done = Extract<ChatEvent, { kind: "done" }>;
type Notice = Extract<ChatEvent, { kind: "notice" }>;

const reasons: Record<Done["reason"], string> = {
  final: "",
  cancelled: "Stopped",
  "step-limit": "Step limit reached",
  "max-tokens": "Answer cut off at the token limit",
  "context-full": "The context window is full",
  "no-answer": "The model gave no answer",
  "repeated-calls": "Stopped: the same call repeated",
  error: "Stopped by an error",
};

export function renderProgress(text: string): HTMLElement {
  return h("p", { class: "progress", "data-testid": "progress" }, icons.spinner(), h("span", {}, text));
}

export function renderNotice(event: Notice): HTMLElement {
  const icon = event.level === "error" ? icons.error() : event.level === "warning" ? icons.warning() : icons.info();
  return h("p", { class: `note note-${event.level}`, role: "note", "data-testid": "notice" }, icon, h("span", {}, event.text));
}

export function renderContextTrimmed(detail: string): HTMLElement {
  return h("p", { class: "note note-info", role: "note", "data-testid": "context-trimmed" }, icons.trim(), h("span", {}, `Context trimmed: ${detail}`));
}

export function renderFooter(event: Done): HTMLElement {
  const parts = [reasons[event.reason]];
  if (event.steps > 1) parts.push(`${event.steps} steps`);
  if (event.tokensPerSecond !== undefined && Number.isFinite(event.tokensPerSecond) && event.tokensPerSecond > 0) {
    parts.push(`${event.tokensPerSecond.toFixed(event.tokensPerSecond < 10 ? 1 : 0)} tok/s`);
  }
  const text = parts.filter(Boolean).join(" · ");
  return h("p", { class: `turn-footer reason-${event.reason}`, "data-testid": "turn-footer" }, text);
}

/** What a screen reader hears when a turn ends. */
export function doneAnnouncement(event: Done): string {
  return reasons[event.reason] || "Answer complete";
}
