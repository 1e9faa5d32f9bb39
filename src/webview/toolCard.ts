// One tool call in a turn: what the model asked for, whether it needs the user's approval, and
// what came back. The approval buttons post the decision; the card changes only when the host's
// `approval` event confirms it, so the view never claims a decision the host did not take.
import type { ChangePreview, ChatEvent } from "../core/protocol";
import { CodeBlockView } from "./codeBlock";
import { button, h } from "./dom";
import { icons } from "./icons";
import { send } from "./vscodeApi";

type ToolCall = Extract<ChatEvent, { kind: "toolCall" }>;
type Approval = Extract<ChatEvent, { kind: "approval" }>;
type ToolResult = Extract<ChatEvent, { kind: "toolResult" }>;


const riskLabels = { edit: "edits files", run: "runs a command", external: "outside tool" } as const;
export type ToolStatus = "running" | "awaiting" | "denied" | "done" | "failed" | "stopped";

const statusText: Record<ToolStatus, string> = {
  running: "Running",
  awaiting: "Awaiting approval",
  denied: "Denied",
  done: "Done",
  failed: "Failed",
  stopped: "Stopped",
};

const statusIcon: Record<ToolStatus, () => SVGElement> = {
  running: icons.spinner,
  awaiting: icons.question,
  denied: icons.denied,
  done: icons.check,
  failed: icons.error,
  stopped: icons.stopped,
};

/** A result preview longer than this is cut in the card (the model saw the host's own cut). */
const maxPreviewChars = 20_000;

export class ToolCard {
  readonly element: HTMLElement;
  private readonly statusIconSlot: HTMLElement;
  private readonly statusLabel: HTMLElement;
  private readonly body: HTMLElement;
  private approvalArea: HTMLElement | undefined;
  private status: ToolStatus = "running";

  constructor(
    readonly call: ToolCall,
    /** Says something to screen readers (approval needed...); live only, not on restore. */
    private readonly announce: (text: string) => void,
  ) {
    this.statusIconSlot = h("span", { class: "tool-status-icon" });
    this.statusLabel = h("span", { class: "tool-status", "data-testid": "tool-status" });
    this.body = h("div", { class: "tool-body" });
    const title = h("span", { class: "tool-invocation" }, call.invocation || call.name);
    this.element = h(
      "section",
      { class: "tool-card", "data-testid": "tool-card", "data-call-id": call.callId, "aria-label": `Tool call: ${call.invocation || call.name}` },
      h("div", { class: "tool-head" }, this.statusIconSlot, title, this.statusLabel),
      h(
        "div",
        { class: "tool-meta" },
        h("code", { class: "tool-name" }, call.name),
        call.risk && call.risk !== "read" ? h("span", { class: `tool-risk risk-${call.risk}` }, riskLabels[call.risk]) : false,
      ),
      isPythonCall(call) ? this.renderCode(call.arguments) : this.renderArguments(call.arguments),
      this.body,
    );
    if (isPythonCall(call)) this.element.classList.add("python-card");
    this.setStatus("running");
  }

  get isOpen(): boolean {
    return this.status === "running" || this.status === "awaiting";
  }

  requestApproval(preview: ChangePreview, live: boolean): void {
    this.setStatus("awaiting");
    this.approvalArea?.remove();
    this.approvalArea = this.renderApproval(preview);
    this.body.append(this.approvalArea);
    if (live) this.announce(`Approval needed: ${this.call.invocation || this.call.name}`);
  }

  approval(event: Approval): void {
    this.approvalArea?.remove();
    this.approvalArea = undefined;
    if (event.approved) {
      this.setStatus("running");
      if (event.always) this.body.append(h("p", { class: "tool-note" }, "Allowed from now on without asking."));
    } else {
      this.setStatus("denied");
      this.body.append(h("p", { class: "tool-note" }, event.reason ? `Denied: ${event.reason}` : "Denied."));
    }
  }

  result(event: ToolResult): void {
    // A denied call's result is the refusal the model reads: the card stays "Denied".
    if (this.status !== "denied") this.setStatus(event.isError ? "failed" : "done");
    const summary = h("p", { class: "tool-summary", "data-testid": "tool-summary" }, event.summary, h("span", { class: "tool-duration" }, formatDuration(event.durationMs)));
    this.body.append(summary);
    if (event.preview) {
      const shown = event.preview.length > maxPreviewChars ? `${event.preview.slice(0, maxPreviewChars)}\n…` : event.preview;
      // Python's output is the point of the card: shown open, under the code.
      const attributes: Record<string, string> = { class: "tool-output", "data-testid": "tool-output" };
      if (isPythonCall(this.call)) attributes.open = "";
      this.body.append(
        h("details", attributes, h("summary", {}, icons.chevron(), h("span", {}, event.isError ? "Error output" : "Output")), h("pre", { tabindex: "0" }, shown)),
      );
    }
  }

  /** The turn ended while the tool was still running or waiting: it will not finish now. */
  stop(): void {
    if (!this.isOpen) return;
    this.approvalArea?.remove();
    this.approvalArea = undefined;
    this.setStatus("stopped");
  }

  private setStatus(status: ToolStatus): void {
    this.status = status;
    this.element.dataset.status = status;
    this.statusIconSlot.replaceChildren(statusIcon[status]());
    this.statusLabel.textContent = statusText[status];
  }

  private renderArguments(raw: string): HTMLElement | false {
    if (!raw.trim() || raw.trim() === "{}") return false;
    let pretty = raw;
    try {
      pretty = JSON.stringify(JSON.parse(raw), null, 2);
      // Hidden characters in the model's strings (bidi overrides, controls) show as JSON escapes.
      pretty = pretty.replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff]/g, (c) => (c === "\n" ? c : `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`));
    } catch {
      // Not JSON (the model wrote something else): shown as written.
    }
    const code = new CodeBlockView("json");
    code.update(pretty, true);
    return h("details", { class: "tool-args" }, h("summary", {}, icons.chevron(), h("span", {}, "Arguments")), code.element);
  }

  /** Python's code, highlighted, shown open: the model sent code, not JSON arguments. */
  private renderCode(code: string): HTMLElement {
    const block = new CodeBlockView("python");
    block.update(code, true);
    block.element.classList.add("tool-code");
    return block.element;
  }

  private renderApproval(preview: ChangePreview): HTMLElement {
    const area = h("div", { class: "tool-approval", role: "group", "aria-label": "Approve this tool call?" });
    const callId = this.call.callId;
    if (preview.kind === "edit" && preview.files && preview.files.length > 0) {
      // A patch: one line per file, one Show Diff opening every file's diff.
      const verbs = { add: "Create", update: "Edit", delete: "Delete", move: "Move and edit" } as const;
      const list = h(
        "ul",
        { class: "tool-files", "aria-label": "Files in this patch" },
        ...preview.files.map((file) =>
          h(
            "li",
            { "data-testid": "patch-file" },
            `${verbs[file.action]} `,
            h("code", {}, file.path),
            " ",
            h("span", { class: "diff-added", "aria-label": `${file.added} lines added` }, `+${file.added}`),
            " ",
            h("span", { class: "diff-removed", "aria-label": `${file.removed} lines removed` }, `−${file.removed}`),
          ),
        ),
      );
      area.append(
        h(
          "div",
          { class: "tool-change" },
          list,
          button("Show Diff", () => send({ type: "showDiff", callId }), { secondary: true, testId: "show-diff", className: "show-diff", title: "Open each file's proposed change in a diff editor" }),
        ),
      );
    } else if (preview.kind === "edit") {
      area.append(
        h(
          "div",
          { class: "tool-change" },
          h(
            "span",
            {},
            `${preview.create ? "Create" : "Edit"} `,
            h("code", {}, preview.path),
            " ",
            h("span", { class: "diff-added", "aria-label": `${preview.added} lines added` }, `+${preview.added}`),
            " ",
            h("span", { class: "diff-removed", "aria-label": `${preview.removed} lines removed` }, `−${preview.removed}`),
          ),
          // Looking at the diff is not an answer: it sits with the change, apart from the decision.
          button("Show Diff", () => send({ type: "showDiff", callId }), { secondary: true, testId: "show-diff", className: "show-diff", title: "Open the proposed change in a diff editor" }),
        ),
      );
      if (preview.why) area.append(h("p", { class: "tool-why", "data-testid": "approval-why" }, `Asked even if edits are always allowed: ${preview.why}`));
    } else if (preview.kind === "external") {
      // We cannot know what an outside tool does: the user sees exactly what it will be sent.
      area.append(
        h("p", { class: "tool-external" }, "Call ", h("code", {}, preview.tool), ` from ${preview.source} with:`),
        h("pre", { class: "tool-command", tabindex: "0", "aria-label": "Arguments" }, preview.arguments),
      );
    } else {
      area.append(
        h("pre", { class: "tool-command", tabindex: "0", "aria-label": "Command" }, h("span", { class: "prompt", "aria-hidden": "true" }, "$ "), preview.command),
        h("p", { class: "tool-cwd" }, "in ", h("code", {}, preview.cwd)),
      );
    }
    const reason = h("input", { type: "text", class: "tool-reason", placeholder: "Reason (optional, sent with Deny)", "aria-label": "Reason for denying (optional)", "data-testid": "deny-reason" });
    const buttons: HTMLButtonElement[] = [];
    const decide = (decision: "approve" | "always" | "deny") => {
      const text = reason.value.trim();
      send({ type: "approve", callId, decision, ...(decision === "deny" && text ? { reason: text } : {}) });
      // Until the host confirms, a second click must not send a second answer.
      for (const b of buttons) b.disabled = true;
      reason.disabled = true;
    };
    reason.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        event.preventDefault();
        decide("deny");
      }
    });
    buttons.push(
      button("Approve", () => decide("approve"), { testId: "approve" }),
      // Not for a file that configures code to run: it is asked every time.
      ...(preview.kind === "edit" && preview.why ? [] : [button("Always Allow", () => decide("always"), { secondary: true, testId: "always-allow", title: "Approve, and stop asking for this tool" })]),
      button("Deny", () => decide("deny"), { secondary: true, testId: "deny" }),
    );
    area.append(h("div", { class: "actions" }, ...buttons), reason);
    return area;
  }
}

/** gpt-oss's built-in python tool: its arguments are code. */
export function isPythonCall(call: { name: string }): boolean {
  return call.name === "python";
}

function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}
