// Streaming plain text (reasoning, preambles): appended as text, never parsed. A blank line starts
// a new paragraph element, and text nodes stay short, so each frame touches only the end of the
// block (appending to one long node would copy it, and lay out all of it, on every token).
import { h } from "./dom";
import { scheduleFrame } from "./frameScheduler";

const textNodeChars = 2_048;

export class PlainTextStream {
  readonly element: HTMLElement;
  private pending = "";
  private paragraph: HTMLElement | undefined;
  private node: Text | undefined;
  private readonly flushTask = () => this.flush(false);

  constructor(className: string, private readonly onRendered: () => void) {
    this.element = h("div", { class: className });
  }

  append(text: string): void {
    this.pending += text;
    scheduleFrame(this.flushTask);
  }

  /** Shows everything now (the stream ended, or the view is being restored). */
  finish(): void {
    this.flush(true);
  }

  private flush(final: boolean): void {
    let text = this.pending;
    // A trailing newline may be half of a paragraph break: keep it until the next text decides.
    let held = "";
    if (!final && text.endsWith("\n")) {
      held = "\n";
      text = text.slice(0, -1);
    }
    this.pending = held;
    if (!text) return;
    const parts = text.split(/\n[ \t]*\n\s*/);
    parts.forEach((part, index) => {
      if (index > 0) this.paragraph = undefined;
      if (part) this.appendToParagraph(part);
    });
    this.onRendered();
  }

  private appendToParagraph(text: string): void {
    if (!this.paragraph) {
      this.paragraph = h("p", {});
      this.element.append(this.paragraph);
      this.node = undefined;
      text = text.replace(/^\n+/, "");
      if (!text) return;
    }
    for (let at = 0; at < text.length; ) {
      if (!this.node || this.node.length >= textNodeChars) {
        this.node = document.createTextNode("");
        this.paragraph.append(this.node);
      }
      const room = textNodeChars - this.node.length;
      this.node.appendData(text.slice(at, at + room));
      at += room;
    }
  }
}
