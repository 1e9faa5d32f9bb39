// What the agent used and kept around a turn: the project instructions in its prompt (chips that
// open the files) and the checkpoint taken before its changes (Restore and Compare).
import type { ChatEvent } from "../core/protocol";
import { button, h } from "./dom";
import { icons } from "./icons";
import { send } from "./vscodeApi";

type Instructions = Extract<ChatEvent, { kind: "instructions" }>;

export function renderInstructions(event: Instructions): HTMLElement {
  return h(
    "p",
    { class: "instructions-used", "data-testid": "instructions" },
    h("span", { class: "instructions-label" }, "Instructions:"),
    ...event.files.map((file) =>
      file.path
        ? button(file.label, () => send({ type: "openWorkspaceFile", path: file.path! }), { icon: icons.file(), className: "chip instructions-chip", title: `Open ${file.path}`, testId: "instructions-chip" })
        : h("span", { class: "chip instructions-chip", title: "From your settings" }, file.label),
    ),
  );
}

/** Under the user's message: the workspace can go back to before it. */
export function renderCheckpoint(turnId: string): HTMLElement {
  return h(
    "div",
    { class: "checkpoint-bar", "data-testid": "checkpoint" },
    icons.history(),
    h("span", { class: "checkpoint-label" }, "Checkpoint before changes"),
    button("Restore checkpoint", () => send({ type: "restoreCheckpoint", turnId }), {
      secondary: true,
      className: "checkpoint-action",
      testId: "restore-checkpoint",
      title: "Put the workspace back as it was before this message (asks first and lists the files)",
    }),
    button("Compare", () => send({ type: "compareCheckpoint", turnId }), {
      secondary: true,
      className: "checkpoint-action",
      testId: "compare-checkpoint",
      title: "Show every file changed since before this message",
    }),
  );
}
