// The model's reasoning (analysis channel): a collapsible "Thinking" block, open while it streams
// so the user sees that work is happening, folded once the answer or a tool call starts.
import { h } from "./dom";
import { icons } from "./icons";
import { PlainTextStream } from "./plainTextStream";

/** What a finished block shows in its header. */
interface ThinkingStats {
  /** Text chunks received: one per token while streaming. */
  chunks: number;
  /** From the first chunk to the fold; absent when unknown (the text arrived all at once). */
  ms?: number;
}

/** A chunk this long without figures is merged text (a chat saved before they were recorded), not one token: counted by size. */
const mergedChunkChars = 32;

export class ThinkingBlock {
  readonly element: HTMLDetailsElement;
  private readonly label: HTMLElement;
  private readonly meta: HTMLElement;
  private readonly text: PlainTextStream;
  private started = performance.now();
  private chunks = 0;
  private merged = false;
  private finished = false;
  private stats: ThinkingStats | undefined;

  constructor(onRendered: () => void) {
    this.text = new PlainTextStream("thinking-text", () => {
      this.updateMeta();
      onRendered();
    });
    this.label = h("span", { class: "thinking-label" }, "Thinking");
    this.meta = h("span", { class: "thinking-meta" });
    this.element = h(
      "details",
      { class: "thinking streaming", open: "", "data-testid": "thinking" },
      h("summary", {}, icons.chevron(), this.label, this.meta),
      this.text.element,
    );
  }

  /** Puts something that belongs to this reasoning (a python card) inside the block, after its text. */
  attach(element: HTMLElement): void {
    this.element.append(element);
  }

  /**
   * `measured`: the host's figures for merged text (a replay): the chunks it came in and how long
   * they took, so the header reads as it did live, and goes on counting if the reasoning goes on.
   */
  append(text: string, measured?: { chunks?: number; ms?: number }): void {
    if (measured?.chunks !== undefined) {
      this.chunks += measured.chunks;
      if (measured.ms !== undefined) this.started = Math.min(this.started, performance.now() - measured.ms);
    } else if (text.length > mergedChunkChars) {
      this.merged = true;
      this.chunks += Math.round(text.length / 4);
    } else {
      this.chunks++;
    }
    this.text.append(text);
  }

  /** Folds the block and fixes its header (an empty block, made to hold a python card, has no time). */
  finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.text.finish();
    const ms = this.merged || this.chunks === 0 ? undefined : performance.now() - this.started;
    this.stats = { chunks: this.chunks, ...(ms !== undefined ? { ms } : {}) };
    this.element.open = false;
    this.element.classList.remove("streaming");
    this.label.textContent = this.stats.ms !== undefined ? `Thought for ${formatSeconds(this.stats.ms)}` : "Thought";
    this.updateMeta();
  }

  private updateMeta(): void {
    const count = this.stats?.chunks ?? this.chunks;
    const text = count > 0 ? `${count.toLocaleString("en-US")} token${count === 1 ? "" : "s"}` : "";
    if (this.meta.textContent !== text) this.meta.textContent = text;
  }
}

function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  if (seconds < 10) return `${Math.max(0.1, seconds).toFixed(1).replace(/\.0$/, "")} s`;
  if (seconds < 120) return `${Math.round(seconds)} s`;
  return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}
