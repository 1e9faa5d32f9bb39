// Saved conversations, one JSON file each in the workspace's storage folder. Writes are atomic
// (temp file + rename) so a crash mid-save leaves the previous version; a file that does not
// parse is renamed aside (`*.corrupt-<time>.json`) with a warning and never breaks the list.
import { promises as fs } from "node:fs";
import path from "node:path";
import type { ChatSummary } from "../core/protocol";
import * as z from "zod";
import { SavedChat } from "../core/history/savedChat";

export interface ChatStoreOptions {
  folder: string;
  warn(message: string): void;
}

const FILE = /^chat-([a-z0-9-]+)\.json$/;

export class ChatStore {
  /** One write at a time per chat, in order: a later save never lands before an earlier one. */
  private readonly writing = new Map<string, Promise<void>>();

  constructor(private readonly options: ChatStoreOptions) {}

  private file(id: string): string {
    return path.join(this.options.folder, `chat-${id}.json`);
  }

  /** Newest first. Unreadable files are set aside, not listed. */
  async list(): Promise<ChatSummary[]> {
    const names = await fs.readdir(this.options.folder).catch(() => [] as string[]);
    const chats: ChatSummary[] = [];
    for (const name of names) {
      const id = FILE.exec(name)?.[1];
      if (!id) continue;
      const chat = await this.load(id);
      if (chat) chats.push({ id: chat.id, title: chat.title, updatedAt: chat.updatedAt, turns: chat.turns.length });
    }
    return chats.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  }

  async load(id: string): Promise<SavedChat | undefined> {
    await this.writing.get(id);
    const file = this.file(id);
    let text: string;
    try {
      text = await fs.readFile(file, "utf8");
    } catch {
      return undefined;
    }
    let parsed: ReturnType<typeof SavedChat.safeParse>;
    try {
      parsed = SavedChat.safeParse(JSON.parse(text));
    } catch (error) {
      await this.setAside(file, `it is not valid JSON (${(error as Error).message})`);
      return undefined;
    }
    if (!parsed.success || parsed.data.id !== id) {
      await this.setAside(file, parsed.success ? "its id does not match its name" : z.prettifyError(parsed.error));
      return undefined;
    }
    return parsed.data;
  }

  save(chat: SavedChat): Promise<void> {
    const previous = this.writing.get(chat.id) ?? Promise.resolve();
    const next = previous.then(() => this.write(chat));
    const tracked = next.finally(() => {
      if (this.writing.get(chat.id) === tracked) this.writing.delete(chat.id);
    });
    this.writing.set(chat.id, tracked);
    return next;
  }

  async rename(id: string, title: string): Promise<boolean> {
    const chat = await this.load(id);
    if (!chat) return false;
    await this.save({ ...chat, title: title.trim() || chat.title });
    return true;
  }

  async delete(id: string): Promise<void> {
    await this.writing.get(id);
    await fs.rm(this.file(id), { force: true });
  }

  private async write(chat: SavedChat): Promise<void> {
    await fs.mkdir(this.options.folder, { recursive: true });
    const file = this.file(chat.id);
    const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
    await fs.writeFile(temp, JSON.stringify(chat), "utf8");
    await fs.rename(temp, file);
  }

  private async setAside(file: string, why: string): Promise<void> {
    const aside = file.replace(/\.json$/, `.corrupt-${Date.now()}.json`);
    try {
      await fs.rename(file, aside);
      this.options.warn(`A saved chat could not be read and was set aside as ${path.basename(aside)}: ${why}`);
    } catch (error) {
      this.options.warn(`A saved chat (${path.basename(file)}) could not be read (${why}) nor set aside: ${(error as Error).message}`);
    }
  }
}
