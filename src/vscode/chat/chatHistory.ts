// The chat's saved conversations for this workspace: saves the session at each turn boundary,
// restores the latest one when the extension starts (so a reload or crash loses nothing), and
// opens, renames and deletes them for the history list.
import * as vscode from "vscode";
import { ChatStore } from "../../node/chatStore";
import type { HostToWebview } from "../../core/protocol";
import type { Log } from "../log";
import type { ChatSession } from "./chatSession";

export class ChatHistory implements vscode.Disposable {
  private readonly store: ChatStore;
  private readonly subscription: vscode.Disposable;

  constructor(
    folder: string,
    private readonly chat: ChatSession,
    private readonly post: (message: HostToWebview) => void,
    private readonly log: Log,
  ) {
    this.store = new ChatStore({ folder, warn: (message) => this.warn(message) });
    this.subscription = chat.onTurnBoundary(() => void this.save());
  }

  dispose(): void {
    this.subscription.dispose();
  }

  /** Saves the current conversation (called at each turn's start and end). */
  async save(): Promise<void> {
    const chat = this.chat.snapshot();
    if (!chat) return;
    try {
      await this.store.save(chat);
      await this.sendList();
    } catch (error) {
      this.log.error("Saving the chat failed", error);
    }
  }

  /** Shows the most recent conversation again (at startup). */
  async restoreLatest(): Promise<void> {
    const [latest] = await this.store.list();
    const chat = latest && (await this.store.load(latest.id));
    if (chat) this.chat.restore(chat);
  }

  async sendList(): Promise<void> {
    const chats = await this.store.list();
    const currentId = this.chat.chatId;
    this.post({ type: "history", chats, ...(currentId ? { currentId } : {}) });
  }

  async open(id: string): Promise<void> {
    if (id === this.chat.chatId) return;
    // The conversation being left is saved as it is, running turn included.
    await this.save();
    const chat = await this.store.load(id);
    if (!chat) {
      void vscode.window.showWarningMessage("gpt-oss: that conversation could not be opened; it may have been deleted.");
      return this.sendList();
    }
    this.chat.restore(chat);
    await this.sendList();
  }

  async rename(id: string, title: string): Promise<void> {
    await this.store.rename(id, title);
    await this.sendList();
  }

  async delete(id: string): Promise<void> {
    await this.store.delete(id);
    if (id === this.chat.chatId) this.chat.clear();
    await this.sendList();
  }

  async newChat(): Promise<void> {
    await this.save();
    this.chat.clear();
    await this.sendList();
  }

  private warn(message: string): void {
    this.log.warn(message);
    void vscode.window.showWarningMessage(`gpt-oss: ${message}`);
  }
}

/** Per workspace (its storage folder); a window with no folder keeps chats in the global storage. */
export function historyFolder(context: vscode.ExtensionContext): string {
  return vscode.Uri.joinPath(context.storageUri ?? context.globalStorageUri, "chats").fsPath;
}
