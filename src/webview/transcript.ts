// The conversation: turns in order, scrolled to follow the newest text unless the user scrolled
// up to read. The host owns the conversation and replays it whenever the view (re)loads; turns
// are keyed by id, so a turn the host sends again replaces the one shown instead of repeating it.
import type { Attachment, ChatEvent } from "../core/protocol";
import { h } from "./dom";
import { scheduleFrame } from "./frameScheduler";
import { type TurnContext, TurnView } from "./turnView";

/** How close to the end (px) still counts as "at the end" for following new text. */
const followSlack = 32;

export class Transcript {
  readonly element: HTMLElement;
  private readonly turns = new Map<string, TurnView>();
  private follow = true;
  /** Where the user scrolled to, read as they scroll (a hidden page may no longer have a layout to read it from). */
  private userScrollTop = 0;
  private readonly context: TurnContext;
  private readonly scrollTask = () => {
    if (this.follow) this.element.scrollTop = this.element.scrollHeight;
  };

  constructor(
    private readonly intro: HTMLElement,
    callbacks: { announce(text: string): void; scrolled(): void },
  ) {
    this.element = h("div", { class: "transcript", role: "region", "aria-label": "Conversation", tabindex: "0", "data-testid": "transcript" }, intro);
    this.context = {
      rendered: () => scheduleFrame(this.scrollTask, "after"),
      announce: callbacks.announce,
    };
    this.element.addEventListener("scroll", () => {
      const { scrollTop, clientHeight, scrollHeight } = this.element;
      const follow = scrollTop + clientHeight >= scrollHeight - followSlack;
      // Following the stream scrolls too: only a reader's position is worth saving.
      if (follow !== this.follow || !follow) callbacks.scrolled();
      this.follow = follow;
      this.userScrollTop = scrollTop;
    });
  }

  /** While a turn runs, its end shows a pulsing dot: the model may be silent for a while (reading a long prompt). */
  setBusy(busy: boolean): void {
    this.element.classList.toggle("busy", busy);
  }

  get isEmpty(): boolean {
    return this.turns.size === 0;
  }

  /** Until the host has replayed the conversation, an empty view is not yet known to be empty: no intro. */
  set awaitingReplay(waiting: boolean) {
    this.intro.hidden = waiting;
  }

  /** Where the user had scrolled up to; undefined while following the end. */
  get readingAt(): number | undefined {
    return this.follow ? undefined : this.userScrollTop;
  }

  /** Back to where the user was reading (after a replay), once the replayed turns are drawn. */
  scrollTo(top: number): void {
    this.follow = false;
    this.userScrollTop = top;
    scheduleFrame(() => {
      this.element.scrollTop = top;
    }, "after");
  }

  turnStart(turnId: string, text: string, attachments?: Attachment[]): void {
    const previous = this.turns.get(turnId);
    const turn = new TurnView(turnId, text, this.context, attachments);
    if (previous) {
      previous.element.replaceWith(turn.element);
      this.turns.set(turnId, turn);
    } else {
      this.add(turn);
      // The user just sent this: show it, even if they had scrolled up.
      this.follow = true;
    }
    this.context.rendered();
  }

  /** `live`: as it happens; false for the host's replay (drawn, not announced). */
  turnEvent(turnId: string, event: ChatEvent, live = true): void {
    let turn = this.turns.get(turnId);
    if (!turn) {
      // Events for a turn whose start the view missed: show them without a user message.
      turn = new TurnView(turnId, undefined, this.context);
      this.add(turn);
    }
    turn.handle(event, live);
  }

  clear(): void {
    for (const turn of this.turns.values()) turn.element.remove();
    this.turns.clear();
    this.element.prepend(this.intro);
    this.follow = true;
  }

  private add(turn: TurnView): void {
    this.intro.remove();
    this.turns.set(turn.turnId, turn);
    this.element.append(turn.element);
  }
}
