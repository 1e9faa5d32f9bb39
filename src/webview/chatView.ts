// The whole view: the model set-up cards until a model is usable, then the conversation (toolbar,
// transcript, message box). Built once; later messages update parts of it, so typed text and
// scroll position survive everything the host sends. The conversation itself is the host's: it
// replays it after "ready" (a cleared view, the turns, then chatState); the view saves only what
// the host does not know (savedState.ts).
import type { HostToWebview, ModelInfo } from "../core/protocol";
import { receiveApplyState, setActiveEditor } from "./codeActions";
import { Composer } from "./composer";
import { h } from "./dom";
import { isModelUsable, renderConversationIntro, renderEmptyState } from "./emptyState";
import { handleLinks } from "./links";
import { type SavedState, StateSaver } from "./savedState";
import { Toolbar } from "./toolbar";
import { Transcript } from "./transcript";

export class ChatView {
  private readonly onboarding: HTMLElement;
  private readonly chat: HTMLElement;
  private readonly toolbar: Toolbar;
  private readonly transcript: Transcript;
  private readonly composer: Composer;
  private readonly live: HTMLElement;
  private readonly saver: StateSaver;
  private model: ModelInfo | undefined;
  /** Until the host's first chatState, its replay of the conversation has not ended. */
  private replayPending = true;
  /** The saved state says the view showed the conversation: show it until the host's model says otherwise. */
  private wasChatting = false;
  /** Where the user was reading before the page was dropped: scrolled back to after the replay. */
  private restoreScroll: number | undefined;

  constructor(root: HTMLElement) {
    this.saver = new StateSaver(() => {
      const scrollTop = this.transcript.readingAt;
      return {
        version: 2,
        draft: this.composer.draft,
        attachments: this.composer.attached,
        chatting: !this.chat.hidden,
        ...(scrollTop !== undefined ? { scrollTop } : {}),
      };
    });
    const changed = () => this.saver.flush();
    this.live = h("div", { class: "visually-hidden", role: "status", "aria-live": "polite", "data-testid": "announcer" });
    this.transcript = new Transcript(renderConversationIntro(), { announce: (text) => this.announce(text), scrolled: () => this.saver.schedule() });
    this.composer = new Composer(changed);
    this.toolbar = new Toolbar();
    this.onboarding = h("div", { class: "onboarding" });
    this.chat = h(
      "div",
      { class: "chat" },
      this.toolbar.element,
      this.toolbar.alert,
      this.toolbar.contextAlert,
      h("div", { class: "chat-body" }, this.transcript.element, this.toolbar.history.element),
      this.composer.element,
    );
    root.classList.add("chat-app");
    root.replaceChildren(this.onboarding, this.chat, this.live);
    handleLinks(this.transcript.element);
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && this.composer.isBusy && !event.defaultPrevented) {
        event.preventDefault();
        this.composer.stop();
      }
    });
    this.update();
  }

  /** What the page saved before it was dropped; the conversation comes from the host's replay. */
  restore(saved: SavedState): void {
    this.composer.draft = saved.draft;
    if (saved.attachments) this.composer.attachments.set(saved.attachments);
    this.wasChatting = saved.chatting === true;
    // It showed a conversation a moment ago: no "nothing here yet" before the host's replay says so.
    this.transcript.awaitingReplay = this.wasChatting;
    this.restoreScroll = saved.scrollTop;
    this.update();
  }

  receive(message: HostToWebview): void {
    switch (message.type) {
      case "model":
        this.model = message.model;
        break;
      case "turnStart":
        this.transcript.turnStart(message.turnId, message.text, message.attachments);
        break;
      case "turnEvent":
        this.transcript.turnEvent(message.turnId, message.event, !message.replayed);
        break;
      case "chatState":
        // The host's replay after "ready" ends with its chatState: the conversation is all here.
        if (this.replayPending) this.replayEnded();
        this.composer.setState(message.busy, message.queued);
        this.transcript.setBusy(message.busy);
        break;
      case "cleared":
        this.transcript.clear();
        break;
      case "history":
        this.toolbar.setHistory(message.chats, message.currentId);
        break;
      case "effort":
        this.toolbar.setEffort(message.effort);
        break;
      case "engine":
        this.toolbar.setEngine(message.state);
        break;
      case "context":
        this.toolbar.setContext(message.usage);
        break;
      case "attached":
        this.composer.attachments.add(message.attachment);
        break;
      case "attachFailed":
        this.composer.attachments.refused(message.text);
        break;
      case "activeEditor":
        setActiveEditor(message.editor);
        return;
      case "applyState":
        receiveApplyState(message.blockId, message.apply);
        return;
      default:
        message satisfies never;
    }
    this.update();
  }

  private replayEnded(): void {
    this.replayPending = false;
    this.transcript.awaitingReplay = false;
    if (this.restoreScroll !== undefined && !this.transcript.isEmpty) this.transcript.scrollTo(this.restoreScroll);
    this.restoreScroll = undefined;
  }

  /** Set-up cards or the conversation: a conversation that exists is always shown. */
  private update(): void {
    const chatting = isModelUsable(this.model) || !this.transcript.isEmpty || (this.model === undefined && this.wasChatting);
    const wasChatting = !this.chat.hidden;
    this.chat.hidden = !chatting;
    this.onboarding.hidden = chatting;
    this.onboarding.replaceChildren(...(chatting ? [] : [renderEmptyState(this.model)]));
    this.toolbar.setModelLabel(this.model?.label ?? "");
    if (chatting && !wasChatting && document.activeElement === document.body) this.composer.focus();
  }

  private announce(text: string): void {
    // Re-setting the same text would not be announced again; clearing first makes it new.
    this.live.textContent = "";
    setTimeout(() => {
      this.live.textContent = text;
    }, 50);
  }
}
