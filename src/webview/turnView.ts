// One turn: the user's message, then what the assistant did, in the order the events came.
// Consecutive text of one channel forms a segment (a Thinking block, a preamble, the answer);
// anything else closes the open segment, so the view reads in the order things happened.
import type { Attachment, ChatEvent, TextChannel } from "../core/protocol";
import { renderSentAttachments } from "./attachmentBar";
import { h, visuallyHidden } from "./dom";
import { MarkdownStream } from "./markdownStream";
import { PlainTextStream } from "./plainTextStream";
import { ThinkingBlock } from "./thinkingBlock";
import { isPythonCall, ToolCard } from "./toolCard";
import { linkCitations } from "./citations";
import { renderCheckpoint, renderInstructions } from "./turnAgentNotes";
import { doneAnnouncement, renderContextTrimmed, renderFooter, renderNotice, renderProgress } from "./turnNotes";

export interface TurnContext {
  /** Something was drawn: the transcript may need to follow the end. */
  rendered(): void;
  /** Says something to screen readers. */
  announce(text: string): void;
}

type TextEvent = Extract<ChatEvent, { kind: "text" }>;

interface Segment {
  channel: TextChannel;
  append(event: TextEvent): void;
  finish(): void;
  /** The Thinking block, for an analysis segment. */
  block?: ThinkingBlock;
}

export class TurnView {
  readonly element: HTMLElement;
  private readonly assistant: HTMLElement;
  private segment: Segment | undefined;
  private readonly tools = new Map<string, ToolCard>();
  private progress: HTMLElement | undefined;
  private lastThinking: ThinkingBlock | undefined;
  private citations: Record<string, string> | undefined;

  constructor(
    readonly turnId: string,
    userText: string | undefined,
    private readonly context: TurnContext,
    attachments?: Attachment[],
  ) {
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

  /** `live`: as it happens (announced to screen readers), not part of a replay. */
  handle(event: ChatEvent, live = true): void {
    if (event.kind !== "step") this.clearProgress();
    switch (event.kind) {
      case "step":
        return this.closeSegment();
      case "progress":
        // Transient: replaced by what follows it.
        this.progress = renderProgress(event.text);
        this.assistant.append(this.progress);
        return this.context.rendered();
      case "text":
        return this.appendText(event);
      case "toolCall": {
        const card = new ToolCard(event, (text) => this.context.announce(text));
        this.tools.set(event.callId, card);
        // Python runs in the model's chain of thought: its card folds inside the Thinking block.
        if (isPythonCall(event)) this.thinkingFor().attach(card.element);
        else this.assistant.append(card.element);
        this.closeSegment();
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
      case "citations":
        // Kept for the end of the turn: the answer is linked once it is complete.
        this.citations = event.pages;
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
        if (!this.element.querySelector(".checkpoint-bar")) (this.element.querySelector(".turn-user") ?? this.element).append(renderCheckpoint(this.turnId));
        break;
      case "done":
        this.closeSegment();
        if (this.citations) linkCitations(this.assistant, this.citations);
        for (const card of this.tools.values()) card.stop();
        this.assistant.append(renderFooter(event));
        this.element.classList.add("done");
        if (live) this.context.announce(doneAnnouncement(event));
        break;
      default:
        return event satisfies never;
    }
    this.context.rendered();
  }

  private appendText(event: TextEvent): void {
    if (this.segment?.channel !== event.channel) {
      this.closeSegment();
      this.segment = this.openSegment(event.channel);
    }
    this.segment.append(event);
  }

  private openSegment(channel: TextChannel): Segment {
    const rendered = () => this.context.rendered();
    if (channel === "analysis") {
      const block = new ThinkingBlock(rendered);
      this.assistant.append(block.element);
      this.lastThinking = block;
      return { channel, block, append: (event) => block.append(event.text, event), finish: () => block.finish() };
    }
    if (channel === "commentary") {
      const stream = new PlainTextStream("commentary", rendered);
      this.assistant.append(stream.element);
      return { channel, append: (event) => stream.append(event.text), finish: () => stream.finish() };
    }
    const stream = new MarkdownStream(rendered);
    stream.element.dataset.testid = "answer";
    this.assistant.append(stream.element);
    return { channel, append: (event) => stream.append(event.text), finish: () => stream.finish() };
  }

  /**
   * The Thinking block a python card goes into: the one streaming now, or the one just before
   * (nothing after it yet, as when the host replays a turn), else a new, empty one.
   */
  private thinkingFor(): ThinkingBlock {
    if (this.segment?.channel === "analysis" && this.segment.block) return this.segment.block;
    const last = this.lastThinking;
    if (last && this.assistant.lastElementChild === last.element) return last;
    const block = new ThinkingBlock(() => this.context.rendered());
    this.assistant.append(block.element);
    block.finish();
    this.lastThinking = block;
    return block;
  }

  private closeSegment(): void {
    const segment = this.segment;
    this.segment = undefined;
    segment?.finish();
  }

  private clearProgress(): void {
    this.progress?.remove();
    this.progress = undefined;
  }
}
