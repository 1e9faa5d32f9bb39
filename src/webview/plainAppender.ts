// Text that only grows, shown in one element as many short text nodes: appending to one long
// node copies it each time, and the browser can keep the layout of the nodes that did not change.
// The code blocks and a huge streaming paragraph both grow this way.

/** Text nodes are kept about this long. */
const textNodeChars = 4_096;

export class PlainAppender {
  private last: Text | undefined;

  /** `element` may already show `shown` as one node; it is split so appends stay short. */
  constructor(
    private readonly element: HTMLElement,
    shown = "",
  ) {
    if (shown) {
      element.replaceChildren();
      this.append(shown);
    }
  }

  append(text: string): void {
    for (let at = 0; at < text.length; ) {
      if (!this.last || this.last.length >= textNodeChars) {
        this.last = document.createTextNode("");
        this.element.append(this.last);
      }
      const room = textNodeChars - this.last.length;
      this.last.appendData(text.slice(at, at + room));
      at += room;
    }
  }

  /** Starts over empty (the element's other children stay). */
  reset(): void {
    this.last = undefined;
  }
}
