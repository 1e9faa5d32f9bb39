// Streams the answer's markdown. Finished blocks are rendered once and never touched again; only
// the last, still-growing block is re-rendered, once per frame at most. So a 10,000-token answer
// costs about twice a 5,000-token one, not four times.
import { CodeBlockView } from "./codeBlock";
import { h } from "./dom";
import { scheduleFrame } from "./frameScheduler";
import { type MarkdownBlock, maxMarkdownBlockChars, renderMarkdown, splitBlocks } from "./markdown";
import { PlainAppender } from "./plainAppender";

/** Caps how often one huge growing block is re-rendered: wait this many times its last cost. */
const backoffFactor = 3;
const maxBackoffMs = 1_000;

export class MarkdownStream {
  readonly element: HTMLElement;
  /** Holds the open block; `display: contents`, so its children sit among the finished ones. */
  private readonly tail: HTMLElement;
  /** Text after the last finished block. */
  private pending = "";
  private tailRaw = "";
  private tailCode: CodeBlockView | undefined;
  /** The open block is past the markdown limit and shown as plain text that only grows. */
  private tailPlain: PlainAppender | undefined;
  private finished = false;
  private notBefore = 0;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private readonly renderTask = () => this.renderWhenDue();

  constructor(private readonly onRendered: () => void) {
    this.tail = h("div", { class: "markdown-tail" });
    this.element = h("div", { class: "markdown" }, this.tail);
  }

  append(text: string): void {
    if (this.finished) return;
    // marked normalises line endings itself; doing it here keeps the block lengths exact.
    this.pending += text.replace(/\r/g, "");
    scheduleFrame(this.renderTask);
  }

  /** Renders everything as finished blocks (the stream ended, or the view is being restored). */
  finish(): void {
    if (this.finished) return;
    this.finished = true;
    clearTimeout(this.retry);
    this.render(true);
  }

  private renderWhenDue(): void {
    if (this.finished) return;
    const wait = this.notBefore - performance.now();
    if (wait <= 0) return this.render(false);
    this.retry ??= setTimeout(() => {
      this.retry = undefined;
      scheduleFrame(this.renderTask);
    }, wait);
  }

  private render(final: boolean): void {
    const started = performance.now();
    const blocks = splitBlocks(this.pending) ?? [{ type: "unsplit", raw: this.pending }];
    let last = blocks.length - 1;
    while (last >= 0 && blocks[last]!.type === "space") last--;
    // Every block before the last one is complete: something after it has started.
    const complete = final ? blocks.length : Math.max(0, last);
    let consumed = 0;
    blocks.slice(0, complete).forEach((block, index) => {
      consumed += block.raw.length;
      // The tail showed the first of these (pending text starts with it), never a later one.
      if (index === 0) this.commitTail(block);
      else if (block.type !== "space") this.commit(block);
    });
    this.pending = this.pending.slice(consumed);
    const open = blocks[last];
    if (!final && open && last >= complete) this.showOpen(open);
    else this.clearTail();
    this.notBefore = performance.now() + Math.min(maxBackoffMs, (performance.now() - started) * backoffFactor);
    this.onRendered();
  }

  /** Adds the block the tail was showing, reusing its elements when they still fit. */
  private commitTail(block: MarkdownBlock): void {
    if (block.type === "code" && this.tailCode && this.tailCode.language === (block.lang ?? "")) {
      this.tailCode.setInfo(block.info ?? "");
      this.tailCode.update(block.text ?? "", true);
      this.tail.before(this.tailCode.element);
    } else if (this.tailRaw && !this.tailCode && this.tailRaw.trimEnd() === block.raw.trimEnd()) {
      this.tail.before(...this.tail.childNodes);
    } else if (this.tailPlain && block.raw.startsWith(this.tailRaw)) {
      // A huge paragraph ends as it grew, with the text no frame showed yet appended: rendering
      // it again whole would cost its length once more (and replace every node the reader sees).
      this.tailPlain.append(block.raw.slice(this.tailRaw.length));
      this.tail.before(...this.tail.childNodes);
    } else if (block.type !== "space") {
      this.commit(block);
    }
    this.clearTail();
  }

  private commit(block: MarkdownBlock): void {
    if (!block.raw.trim()) return;
    if (block.type === "code") {
      const view = new CodeBlockView(block.lang ?? "", { info: block.info ?? "", actions: true });
      view.update(block.text ?? "", true);
      this.tail.before(view.element);
    } else {
      this.tail.before(renderMarkdown(block.raw));
    }
  }

  private showOpen(block: MarkdownBlock): void {
    if (block.type === "code") {
      // An open fence grows in place: the view appends and re-highlights only now and then.
      if (!this.tailCode || this.tailCode.language !== (block.lang ?? "")) {
        this.tailCode = new CodeBlockView(block.lang ?? "", { info: block.info ?? "", actions: true });
        this.tail.replaceChildren(this.tailCode.element);
      }
      this.tailCode.setInfo(block.info ?? "");
      this.tailCode.update(block.text ?? "", false);
    } else if (this.tailPlain && block.raw.length > maxMarkdownBlockChars && block.raw.startsWith(this.tailRaw)) {
      // A huge paragraph (a megabyte on one line) grows by appending: rebuilding it every
      // frame would cost its whole length in script and layout per token.
      this.tailPlain.append(block.raw.slice(this.tailRaw.length));
    } else if (block.raw !== this.tailRaw || this.tailCode) {
      this.tailCode = undefined;
      this.tailPlain = undefined;
      const rendered = renderMarkdown(block.raw);
      const plain = block.raw.length > maxMarkdownBlockChars ? rendered.firstElementChild : null;
      if (plain instanceof HTMLElement) this.tailPlain = new PlainAppender(plain, block.raw);
      this.tail.replaceChildren(rendered);
    }
    this.tailRaw = block.raw;
  }

  private clearTail(): void {
    this.tail.replaceChildren();
    this.tailRaw = "";
    this.tailCode = undefined;
    this.tailPlain = undefined;
  }
}
