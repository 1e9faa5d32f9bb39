// One turn: the user's message, then what the assistant did, in the order the events came.
// Consecutive text of one channel forms a segment (a Thinking block, a preamble, the answer);
// anything else closes the open segment, so the view reads in the order things happened.
import type { Attachment, ChatEvent, TextChannel } from "../core/protocol";
import { renderSentAttachments } from "./attachmentBar";
import { h, visuallyHidden } from "./dom";
import { MarkdownStream } from "./markdownStream";
import { PlainTextStream } from "./plainTextStream";
import type { SavedEvent, SavedTurn, TextRun } from "./savedState";
import { ThinkingBlock, type ThinkingStats } from "./thinkingBlock";
import { ToolCard } from "./toolCard";
import { renderCheckpoint, renderInstructions } from "./turnAgentNotes";
import { doneAnnouncement, renderContextTrimmed, renderFooter, renderNotice, renderProgress } from "./turnNotes";

export interface TurnContext {
  /** Something was drawn: the transcript may need to follow the end. */
  rendered(): void;
  /** Says something to screen readers. */
  announce(text: string): void;
}

interface Segment {
  channel: TextChannel;
  run: TextRun;
  append(text: string): void;
  /** `known`: a restored thinking block's saved figures. */
  finish(known?: ThinkingStats): void;
}

export class TurnView {
  readonly element: HTMLElement;
  /** The turn as events, for the saved state. */
  readonly record: SavedTurn;
  private readonly assistant: HTMLElement;
  private segment: Segment | undefined;
  private readonly tools = new Map<string, ToolCard>();
  private progress: HTMLElement | undefined;
  private thinkingCount = 0;

  /**
   * `previous` is what the view showed for this turn before the host replayed it (after the view
   * was hidden): replayed reasoning arrives merged, and its header figures come from there.
   */
  constructor(
    turnId: string,
    userText: string | undefined,
    private readonly context: TurnContext,
    private readonly previous?: SavedTurn,
    attachments?: Attachment[],
  ) {
    this.record = { turnId, ...(userText !== undefined ? { text: userText } : {}), ...(attachments?.length ? { attachments } : {}), events: [] };
    this.assistant = h("div", { class: "turn-assistant" }, visuallyHidden("gpt-oss:"));
    this.element = h(
      "article",
      { class: "turn", "data-turn-id": turnId, "data-testid": "turn" },
      userText !== undefined
        ? h("div", { class: "turn-user" }, visuallyHidden("You:"), h("div", { class: "user-message", "data-testid": "user-message" }, userText), attachments?.length ? renderSentAttachments(attachments) : false)
        : false,
      this.assistant,
    );
  }

  handle(event: ChatEvent, live = true): void {
    if (event.kind !== "step") this.clearProgress();
    switch (event.kind) {
      case "step":
        return this.closeSegment();
      case "progress":
        // Transient (replaced by what follows it), so not saved.
        this.progress = renderProgress(event.text);
        this.assistant.append(this.progress);
        return this.context.rendered();
      case "text":
        return this.appendText(event.channel, event.text);
      case "toolCall": {
        this.closeSegment();
        const card = new ToolCard(event, (text) => this.context.announce(text));
        this.tools.set(event.callId, card);
        this.assistant.append(card.element);
        break;
      }
      case "approvalRequested":
        this.tools.get(event.callId)?.requestApproval(event.preview, live);
        break;
      case "approval":
        this.tools.get(event.callId)?.approval(event);
        break;
      case "toolResult":
        this.tools.get(event.callId)?.result(event);
        break;
      case "contextTrimmed":
        this.closeSegment();
        this.assistant.append(renderContextTrimmed(event.detail));
        break;
      case "notice":
        this.closeSegment();
        this.assistant.append(renderNotice(event));
        if (live && event.level !== "info") this.context.announce(event.text);
        break;
      case "instructions":
        this.closeSegment();
        this.assistant.append(renderInstructions(event));
        break;
      case "checkpoint":
        // Once per turn, under the user's message, whenever during the turn it was taken.
        if (!this.element.querySelector(".checkpoint-bar")) (this.element.querySelector(".turn-user") ?? this.element).append(renderCheckpoint(this.record.turnId));
        break;
      case "done":
        this.closeSegment();
        for (const card of this.tools.values()) card.stop();
        this.assistant.append(renderFooter(event));
        this.element.classList.add("done");
        if (live) this.context.announce(doneAnnouncement(event));
        break;
      default:
        return event satisfies never;
    }
    this.record.events.push(event);
    this.context.rendered();
  }

  /** Re-renders a saved turn at once (no streaming). */
  restore(events: readonly SavedEvent[]): void {
    for (const event of events) {
      if (event.kind === "textRun") {
        this.appendText(event.channel, event.text);
        this.closeSegment(event.chunks !== undefined ? { chunks: event.chunks, ...(event.ms !== undefined ? { ms: event.ms } : {}) } : undefined);
      } else {
        this.handle(event, false);
      }
    }
  }

  private appendText(channel: TextChannel, text: string): void {
    if (this.segment?.channel !== channel) {
      this.closeSegment();
      this.segment = this.openSegment(channel);
    }
    this.segment.append(text);
    this.segment.run.text += text;
  }

  private openSegment(channel: TextChannel): Segment {
    const run: TextRun = { kind: "textRun", channel, text: "" };
    this.record.events.push(run);
    const rendered = () => this.context.rendered();
    if (channel === "analysis") {
      const block = new ThinkingBlock(rendered);
      const index = this.thinkingCount++;
      this.assistant.append(block.element);
      return {
        channel,
        run,
        append: (text) => block.append(text),
        finish: (known) => Object.assign(run, block.finish(known ?? this.knownStats(index, run.text))),
      };
    }
    if (channel === "commentary") {
      const stream = new PlainTextStream("commentary", rendered);
      this.assistant.append(stream.element);
      return { channel, run, append: (text) => stream.append(text), finish: () => stream.finish() };
    }
    const stream = new MarkdownStream(rendered);
    stream.element.dataset.testid = "answer";
    this.assistant.append(stream.element);
    return { channel, run, append: (text) => stream.append(text), finish: () => stream.finish() };
  }

  private closeSegment(known?: ThinkingStats): void {
    const segment = this.segment;
    this.segment = undefined;
    segment?.finish(known);
  }

  /** Figures saved for this thinking block, when the same text was shown before. */
  private knownStats(index: number, text: string): ThinkingStats | undefined {
    const before = this.previous?.events.filter((e): e is TextRun => e.kind === "textRun" && e.channel === "analysis")[index];
    if (before && before.text === text && before.chunks !== undefined) return { chunks: before.chunks, ...(before.ms !== undefined ? { ms: before.ms } : {}) };
    return undefined;
  }

  private clearProgress(): void {
    this.progress?.remove();
    this.progress = undefined;
  }
}
