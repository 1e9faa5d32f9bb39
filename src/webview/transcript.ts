// The conversation: turns in order, scrolled to follow the newest text unless the user scrolled
// up to read. Turns are keyed by id, so a host that replays a turn the view already shows (after
// the view was hidden) replaces it instead of showing it twice.
import type { Attachment, ChatEvent } from "../core/protocol";
import { h } from "./dom";
import { scheduleFrame } from "./frameScheduler";
import type { SavedTurn } from "./savedState";
import { type TurnContext, TurnView } from "./turnView";

/** How close to the end (px) still counts as "at the end" for following new text. */
const followSlack = 32;

export class Transcript {
  readonly element: HTMLElement;
  private readonly turns = new Map<string, TurnView>();
  /** Restored from saved state and not yet replayed by the host. */
  private unconfirmed = new Set<string>();
  private follow = true;
  private readonly context: TurnContext;
  private readonly scrollTask = () => {
    if (this.follow) this.element.scrollTop = this.element.scrollHeight;
  };

  constructor(
    private readonly intro: HTMLElement,
    callbacks: { announce(text: string): void; changed(): void },
  ) {
    this.element = h("div", { class: "transcript", role: "region", "aria-label": "Conversation", tabindex: "0", "data-testid": "transcript" }, intro);
    this.context = {
      rendered: () => scheduleFrame(this.scrollTask, "after"),
      announce: callbacks.announce,
    };
    this.changed = callbacks.changed;
    this.element.addEventListener("scroll", () => {
      const { scrollTop, clientHeight, scrollHeight } = this.element;
      this.follow = scrollTop + clientHeight >= scrollHeight - followSlack;
    });
  }

  private readonly changed: () => void;

  /** While a turn runs, its end shows a pulsing dot: the model may be silent for a while (reading a long prompt). */
  setBusy(busy: boolean): void {
    this.element.classList.toggle("busy", busy);
  }

  get isEmpty(): boolean {
    return this.turns.size === 0;
  }

  turnStart(turnId: string, text: string, attachments?: Attachment[]): void {
    const previous = this.turns.get(turnId);
    const turn = new TurnView(turnId, text, this.context, previous?.record, attachments);
    if (previous) {
      previous.element.replaceWith(turn.element);
      this.turns.set(turnId, turn);
    } else {
      this.add(turn);
      // The user just sent this: show it, even if they had scrolled up.
      this.follow = true;
    }
    this.unconfirmed.delete(turnId);
    this.context.rendered();
    this.changed();
  }

  turnEvent(turnId: string, event: ChatEvent): void {
    let turn = this.turns.get(turnId);
    if (!turn) {
      // Events for a turn whose start the view missed: show them without a user message.
      turn = new TurnView(turnId, undefined, this.context);
      this.add(turn);
    }
    turn.handle(event);
    this.changed();
  }

  clear(): void {
    for (const turn of this.turns.values()) turn.element.remove();
    this.turns.clear();
    this.unconfirmed.clear();
    this.element.prepend(this.intro);
    this.follow = true;
    this.changed();
  }

  restore(turns: readonly SavedTurn[]): void {
    for (const saved of turns) {
      const turn = new TurnView(saved.turnId, saved.text, this.context, undefined, saved.attachments);
      turn.restore(saved.events);
      this.add(turn);
      this.unconfirmed.add(saved.turnId);
    }
    this.follow = true;
    this.context.rendered();
  }

  /**
   * The host has replayed its conversation: restored turns it did not replay are gone on its side
   * (the extension restarted, or the chat was cleared while the view was hidden). Showing them
   * would suggest the model still remembers them.
   */
  dropUnconfirmed(): void {
    if (this.unconfirmed.size === 0) return;
    for (const turnId of this.unconfirmed) {
      this.turns.get(turnId)?.element.remove();
      this.turns.delete(turnId);
    }
    this.unconfirmed.clear();
    if (this.turns.size === 0) this.element.prepend(this.intro);
    this.changed();
  }

  records(): SavedTurn[] {
    return [...this.turns.values()].map((turn) => turn.record);
  }

  private add(turn: TurnView): void {
    this.intro.remove();
    this.turns.set(turn.record.turnId, turn);
    this.element.append(turn.element);
  }
}
