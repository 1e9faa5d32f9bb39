// The message box: Enter sends, Shift+Enter adds a line, it grows with its text, and while the
// model works it keeps accepting messages (the host queues them) next to a Stop button. Typed
// text is only cleared once it has been handed to the host. Attached context rides along as
// chips (attachmentBar.ts); `@` typed at a word's start opens the host's file picker.
import type { Attachment } from "../core/protocol";
import { AttachmentBar } from "./attachmentBar";
import { button, h } from "./dom";
import { icons } from "./icons";
import { send } from "./vscodeApi";

export class Composer {
  readonly element: HTMLElement;
  private readonly input: HTMLTextAreaElement;
  private readonly sendButton: HTMLButtonElement;
  private readonly stopButton: HTMLButtonElement;
  private readonly queuedLabel: HTMLElement;
  readonly attachments: AttachmentBar;
  private busy = false;

  constructor(private readonly onDraftChange: () => void) {
    this.input = h("textarea", {
      class: "composer-input",
      rows: "1",
      // Short enough for a narrow side bar; the keys are in the tooltip and the empty state.
      placeholder: "Ask about your code",
      title: "Enter sends, Shift+Enter adds a line, Esc stops the answer",
      "aria-label": "Message to gpt-oss (Enter sends, Shift+Enter adds a line)",
      "data-testid": "composer-input",
    });
    this.sendButton = button("", () => this.submit(), { icon: icons.send(), title: "Send (Enter)", testId: "send", className: "send" });
    this.stopButton = button("", () => this.stop(), { icon: icons.stop(), title: "Stop (Esc)", secondary: true, testId: "stop", className: "stop" });
    this.stopButton.hidden = true;
    this.queuedLabel = h("p", { class: "queued", role: "status", "data-testid": "queued" });
    this.queuedLabel.hidden = true;
    this.attachments = new AttachmentBar(onDraftChange);
    this.element = h(
      "div",
      { class: "composer" },
      this.queuedLabel,
      this.attachments.element,
      h("div", { class: "composer-box" }, this.input, h("div", { class: "composer-actions" }, this.stopButton, this.sendButton)),
    );

    this.input.addEventListener("keydown", (event) => {
      // isComposing: Enter that confirms an IME composition (Japanese, Chinese...) is not "send".
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.submit();
      }
    });
    this.input.addEventListener("input", (event) => {
      if ((event as InputEvent).data === "@" && this.atWordStart()) {
        // The chip stands for the file; the "@" that asked for it goes.
        const at = this.input.selectionStart - 1;
        this.input.setRangeText("", at, at + 1, "end");
        this.attachments.pickFile();
      }
      this.autoGrow();
      this.updateSendEnabled();
      this.onDraftChange();
    });
    this.updateSendEnabled();
  }

  get draft(): string {
    return this.input.value;
  }

  set draft(text: string) {
    this.input.value = text;
    this.autoGrow();
    this.updateSendEnabled();
  }

  get isBusy(): boolean {
    return this.busy;
  }

  focus(): void {
    this.input.focus();
  }

  setState(busy: boolean, queued: number): void {
    this.busy = busy;
    this.stopButton.hidden = !busy;
    this.element.classList.toggle("busy", busy);
    this.queuedLabel.hidden = queued === 0;
    this.queuedLabel.textContent = queued === 0 ? "" : `${queued} message${queued === 1 ? "" : "s"} queued`;
  }

  stop(): void {
    if (this.busy) send({ type: "stop" });
  }

  private submit(): void {
    const text = this.input.value.trim();
    if (!text) return;
    const attachments = this.attachments.attachments;
    send({ type: "send", text, ...(attachments.length ? { attachments } : {}) });
    this.draft = "";
    this.attachments.clear();
    this.onDraftChange();
  }

  /** The "@" just typed starts a word (not an e-mail address or a decorator in pasted code). */
  private atWordStart(): boolean {
    const before = this.input.value.slice(0, this.input.selectionStart - 1);
    return before === "" || /\s$/.test(before);
  }

  get attached(): Attachment[] {
    return this.attachments.attachments;
  }

  private updateSendEnabled(): void {
    this.sendButton.disabled = this.input.value.trim() === "";
  }

  /** Height follows the text up to the CSS max-height; beyond it the box scrolls. */
  private autoGrow(): void {
    // The CSSOM (unlike a style attribute) is allowed by the view's CSP.
    this.input.style.height = "auto";
    this.input.style.height = `${this.input.scrollHeight + 2}px`;
  }
}
