// The saved conversations of this workspace, newest first: title and date; open one, rename it in
// place, or delete it (a second press confirms). Everything is a button or a text field, so Tab
// and Enter reach it all; Esc closes the panel (or cancels a rename) and returns focus to the
// toolbar button that opened it. The list is the host's: the panel asks for it when it opens and
// shows whatever `history` message comes.
import type { ChatSummary } from "../core/protocol";
import { button, h } from "./dom";
import { icons } from "./icons";
import { send } from "./vscodeApi";

export class HistoryPanel {
  readonly element: HTMLElement;
  private readonly list: HTMLElement;
  private chats: ChatSummary[] = [];
  private currentId: string | undefined;
  private renaming: string | undefined;
  private confirmingDelete: string | undefined;

  constructor(private readonly onClose: () => void) {
    this.list = h("ul", { class: "history-list", "aria-label": "Saved conversations" });
    this.element = h(
      "section",
      { class: "history-panel", "aria-label": "Chat history", "data-testid": "history-panel" },
      h("div", { class: "history-head" }, h("h2", {}, "History"), button("", () => this.close(), { icon: icons.close(), title: "Close history (Esc)", className: "toolbar-button", testId: "history-close" })),
      this.list,
    );
    this.element.hidden = true;
    this.element.addEventListener("keydown", (event) => {
      if (event.key !== "Escape" || event.defaultPrevented) return;
      event.preventDefault();
      if (this.renaming) {
        this.renaming = undefined;
        this.render();
      } else {
        this.close();
      }
    });
  }

  get isOpen(): boolean {
    return !this.element.hidden;
  }

  open(): void {
    this.element.hidden = false;
    send({ type: "listChats" });
    this.render();
    (this.list.querySelector<HTMLElement>(".history-open") ?? this.element.querySelector<HTMLElement>("button"))?.focus();
  }

  close(): void {
    if (this.element.hidden) return;
    this.element.hidden = true;
    this.renaming = undefined;
    this.confirmingDelete = undefined;
    this.onClose();
  }

  update(chats: ChatSummary[], currentId: string | undefined): void {
    this.chats = chats;
    this.currentId = currentId;
    if (this.renaming && !chats.some((chat) => chat.id === this.renaming)) this.renaming = undefined;
    if (this.isOpen) this.render();
  }

  private render(): void {
    // Keep the keyboard where it was: re-rendering replaces the row that had focus.
    const focused = document.activeElement instanceof HTMLElement && this.list.contains(document.activeElement) ? focusKey(document.activeElement) : undefined;
    if (this.chats.length === 0) {
      this.list.replaceChildren(h("li", { class: "history-empty muted" }, "No saved conversations yet. They are saved after each answer."));
      return;
    }
    this.list.replaceChildren(...this.chats.map((chat) => this.renderRow(chat)));
    if (focused) this.list.querySelector<HTMLElement>(`[data-focus-key="${CSS.escape(focused)}"]`)?.focus();
  }

  private renderRow(chat: ChatSummary): HTMLElement {
    const current = chat.id === this.currentId;
    const row = h("li", { class: `history-row${current ? " current" : ""}`, "data-testid": "history-row", "data-chat-id": chat.id });
    if (this.renaming === chat.id) {
      const input = h("input", { type: "text", class: "history-rename", value: chat.title, "aria-label": "New title", maxlength: "200", "data-testid": "history-rename-input" });
      input.dataset.focusKey = `${chat.id}:rename-input`;
      input.addEventListener("keydown", (event) => {
        if (event.key !== "Enter") return;
        event.preventDefault();
        const title = input.value.trim();
        if (title && title !== chat.title) send({ type: "renameChat", id: chat.id, title });
        this.renaming = undefined;
        this.render();
        this.list.querySelector<HTMLElement>(`[data-focus-key="${CSS.escape(`${chat.id}:open`)}"]`)?.focus();
      });
      row.append(input);
      queueMicrotask(() => {
        input.focus();
        input.select();
      });
      return row;
    }
    const open = h(
      "button",
      { type: "button", class: "history-open", title: chat.title, "aria-current": current ? "true" : "false", "data-testid": "history-open" },
      h("span", { class: "history-title" }, chat.title),
      h("span", { class: "history-date" }, formatDate(chat.updatedAt), current ? " · open" : ""),
    );
    open.dataset.focusKey = `${chat.id}:open`;
    open.addEventListener("click", () => {
      if (!current) send({ type: "openChat", id: chat.id });
      this.close();
    });
    const rename = button("", () => {
      this.renaming = chat.id;
      this.confirmingDelete = undefined;
      this.render();
    }, { icon: icons.rename(), title: `Rename "${chat.title}"`, className: "toolbar-button", testId: "history-rename" });
    rename.dataset.focusKey = `${chat.id}:rename`;
    const confirming = this.confirmingDelete === chat.id;
    const remove = button(confirming ? "Delete?" : "", () => {
      if (!confirming) {
        this.confirmingDelete = chat.id;
        this.render();
        return;
      }
      this.confirmingDelete = undefined;
      send({ type: "deleteChat", id: chat.id });
    }, { icon: icons.trash(), title: confirming ? `Press again to delete "${chat.title}"` : `Delete "${chat.title}"`, className: `toolbar-button${confirming ? " confirming" : ""}`, testId: "history-delete" });
    remove.dataset.focusKey = `${chat.id}:delete`;
    row.append(open, h("span", { class: "history-actions" }, rename, remove));
    return row;
  }
}

function focusKey(element: HTMLElement): string | undefined {
  return element.closest<HTMLElement>("[data-focus-key]")?.dataset.focusKey;
}

/** "14:05" today, "Mon 14:05" this week, else "3 Dec 2026". */
export function formatDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  const now = new Date();
  const time = date.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
  if (date.toDateString() === now.toDateString()) return `Today ${time}`;
  const days = (now.getTime() - date.getTime()) / 86_400_000;
  if (days >= 0 && days < 6) return `${date.toLocaleDateString(undefined, { weekday: "short" })} ${time}`;
  return date.toLocaleDateString(undefined, { day: "numeric", month: "short", year: "numeric" });
}
