// Compact: the older turns of a conversation replaced by a summary the model writes, the last
// turns kept verbatim. Pure: the chat runs the model on `summaryRequest` and builds the new
// conversation with `compactedConversation`.
import { defaultSystemContent, developerContent, type Conversation, type Message } from "../harmony/index";

/** User turns kept word for word at the end. */
export const KEEP_TURNS = 2;

const SUMMARY_INSTRUCTIONS = [
  "You are compacting a coding conversation so it fits the context window.",
  "Write a summary for yourself to continue from: what the user wants, what was decided, which files were read or changed and how they stand now, commands run and their results, and what is still open.",
  "Be specific (file paths, names, numbers). Plain text, at most 300 words. Do not call tools.",
].join("\n");

const SUMMARY_PREFIX = "Summary of our earlier conversation (compacted to fit the context window; you wrote it):";

/** The conversation without its leading system and developer messages. */
export function conversationBody(conversation: Conversation): Conversation {
  let start = 0;
  while (start < conversation.length && (conversation[start]!.role === "system" || conversation[start]!.role === "developer")) start++;
  return conversation.slice(start);
}

/** Where the kept turns start; undefined when there is nothing older to compact. */
export function compactionSplit(body: Conversation, keep = KEEP_TURNS): number | undefined {
  const users = body.flatMap((message, index) => (message.role === "user" ? [index] : []));
  if (users.length <= keep) return undefined;
  return users[users.length - keep];
}

/** What the model is asked: the older messages, then "summarize". */
export function summaryRequest(older: Conversation, date: string): Conversation {
  const system: Message = { role: "system", content: defaultSystemContent({ reasoningEffort: "low", conversationStartDate: date }) };
  const developer: Message = { role: "developer", content: developerContent(SUMMARY_INSTRUCTIONS, []) };
  return [system, developer, ...older, { role: "user", content: "Summarize our conversation so far as instructed." }];
}

/** The summary as the first message, then the kept turns. */
export function compactedConversation(summary: string, kept: Conversation): Conversation {
  return [{ role: "user", content: `${SUMMARY_PREFIX}\n\n${summary.trim()}` }, ...kept];
}
