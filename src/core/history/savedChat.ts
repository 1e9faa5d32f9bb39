// A saved conversation's shape (validated when read back) and its title and id: the pure half of
// saving chats; src/node/chatStore.ts writes and reads the files.
import * as z from "zod";
import { conversationSchema, reasoningEffortSchema } from "../harmony/conversation";
import { Attachment, ChatEvent } from "../protocol";

export const SavedTurn = z.object({
  turnId: z.string(),
  text: z.string(),
  attachments: z.array(Attachment).default([]),
  events: z.array(ChatEvent),
});
export type SavedTurn = z.infer<typeof SavedTurn>;

export const SavedChat = z.object({
  version: z.literal(1),
  id: z.string().regex(/^[a-z0-9-]+$/),
  title: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  effort: reasoningEffortSchema,
  /** What the model saw (harmony), to go on where it stopped. */
  conversation: conversationSchema,
  /** What the view showed, to show it again. */
  turns: z.array(SavedTurn),
});
export type SavedChat = z.infer<typeof SavedChat>;

/** A title from the first message: its first line, shortened at a word boundary. */
export function chatTitle(text: string): string {
  const line = text.trim().split("\n", 1)[0]!.trim();
  if (line.length <= 60) return line || "New chat";
  const cut = line.slice(0, 60);
  const space = cut.lastIndexOf(" ");
  return `${(space > 30 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

export function newChatId(now = Date.now()): string {
  return `${now.toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}
