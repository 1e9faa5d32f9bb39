// A fenced code block: language label, Copy (and in answers Insert and Apply), highlighted code. While the model is still writing
// it, new text is appended as plain text and the block is re-highlighted only now and then, so
// streaming a long block costs time in proportion to its length, not its length squared.
import { CodeBlockActions } from "./codeActions";
import { button, h } from "./dom";
import { highlight } from "./highlight";
import { icons } from "./icons";
import { languageLabel } from "./languages";
import { PlainAppender } from "./plainAppender";

/** Below this size a streaming block is re-highlighted at each new line (cheap, and looks live). */
const eagerHighlightChars = 4_000;
/** Above this size a block stays plain text: colour is not worth a second of layout. */
const maxHighlightChars = 200_000;

export class CodeBlockView {
  readonly element: HTMLElement;
  private readonly code: HTMLElement;
  private readonly copyButton: HTMLButtonElement;
  private text = "";
  /** How much of `text` is shown highlighted; the rest is plain text after it. */
  private highlighted = 0;
  private readonly plain: PlainAppender;
  private copiedTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly actions: CodeBlockActions | undefined;

  /**
   * `options.info`: the fence's whole info string (it may name the file); `options.actions`: offer
   * Insert and Apply (the model's answers; not a tool card's arguments).
   */
  constructor(
    readonly language: string,
    options: { info?: string; actions?: boolean } = {},
  ) {
    const label = languageLabel(language);
    this.code = h("code", label ? { class: `language-${label.replace(/[^\w+#-]/g, "")}` } : {});
    this.plain = new PlainAppender(this.code);
    this.copyButton = button("Copy", () => void this.copy(), { secondary: true, icon: icons.copy(), title: "Copy code", className: "code-copy", testId: "copy-code" });
    if (options.actions) this.actions = new CodeBlockActions(options.info ?? language, language, () => this.text);
    this.element = h(
      "div",
      { class: "code-block", "data-testid": "code-block" },
      h("div", { class: "code-header" }, h("span", { class: "code-language" }, label || "text"), ...(this.actions?.buttons ?? []), this.copyButton),
      // Focusable so keyboard users can scroll a wide block sideways.
      h("pre", { tabindex: "0", "aria-label": label ? `${label} code` : "code" }, this.code),
      this.actions?.area,
    );
    this.actions?.attachTo(this.element);
  }

  /** The fence's info string as it stands now (it streams in like the code). */
  setInfo(info: string): void {
    this.actions?.setInfo(info);
  }

  get source(): string {
    return this.text;
  }

  /** Shows `text` (usually the previous text plus more); `final` once the fence has closed. */
  update(text: string, final: boolean): void {
    if (!text.startsWith(this.text)) this.reset();
    const added = text.slice(this.text.length);
    const pending = text.length - this.highlighted;
    const highlightNow =
      text.length <= maxHighlightChars &&
      pending > 0 &&
      (final ||
        (text.length <= eagerHighlightChars && added.includes("\n")) ||
        // Re-highlighting only when the plain part is as long as the highlighted one makes the
        // total work a geometric series: linear in the block's length.
        pending >= Math.max(this.highlighted, eagerHighlightChars));
    // Apply's target may be a leading path comment: known once the first line is complete.
    const firstLineDone = !this.text.includes("\n") && text.includes("\n");
    this.text = text;
    if (this.actions && (firstLineDone || final)) this.actions.refresh();
    if (highlightNow) {
      this.code.replaceChildren(highlight(text, this.language));
      this.highlighted = text.length;
      this.plain.reset();
    } else if (added) {
      this.plain.append(added);
    }
  }

  private reset(): void {
    this.text = "";
    this.highlighted = 0;
    this.plain.reset();
    this.code.replaceChildren();
  }

  private async copy(): Promise<void> {
    try {
      await navigator.clipboard.writeText(this.text);
    } catch {
      // No clipboard permission (an old webview host): the selection route still works.
      const scratch = h("textarea", { class: "visually-hidden", "aria-hidden": "true" });
      scratch.value = this.text;
      document.body.append(scratch);
      scratch.select();
      document.execCommand("copy");
      scratch.remove();
    }
    this.showCopied();
  }

  private showCopied(): void {
    this.copyButton.replaceChildren(icons.check(), h("span", { class: "label" }, "Copied"));
    this.copyButton.classList.add("copied");
    clearTimeout(this.copiedTimer);
    this.copiedTimer = setTimeout(() => {
      this.copyButton.replaceChildren(icons.copy(), h("span", { class: "label" }, "Copy"));
      this.copyButton.classList.remove("copied");
    }, 1_500);
  }
}
