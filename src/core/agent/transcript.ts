// What a model step leaves in the conversation: which generated messages are kept, the tool
// call and its result in the shapes the reference renders (openai/harmony: the call is
// `assistant to=functions.NAME<|channel|>commentary <|constrain|>json`, the result is
// `functions.NAME to=assistant<|channel|>commentary`). Generated text goes back verbatim, so
// the next step's prompt repeats the tokens already in the KV cache.
import type { Conversation, Message, ParsedMessage } from "../harmony/index";
import { FUNCTIONS_NAMESPACE } from "../harmony/index";
import type { ToolCall } from "./types";

const FUNCTION_PREFIX = `${FUNCTIONS_NAMESPACE}.`;

/** The function name a recipient addresses (`functions.read_file` -> `read_file`), or undefined for another namespace. */
export function functionName(recipient: string): string | undefined {
  return recipient.startsWith(FUNCTION_PREFIX) && recipient.length > FUNCTION_PREFIX.length ? recipient.slice(FUNCTION_PREFIX.length) : undefined;
}

/** A parsed message as a conversation message: the header's fields and the content, nothing of the parse. */
export function messageOf(parsed: ParsedMessage): Message {
  const message: Message = { role: parsed.role, content: parsed.content };
  if (parsed.name !== undefined) message.name = parsed.name;
  if (parsed.recipient !== undefined) message.recipient = parsed.recipient;
  if (parsed.channel !== undefined) message.channel = parsed.channel;
  if (parsed.contentType !== undefined) message.contentType = parsed.contentType;
  return message;
}

export interface KeptMessages {
  messages: Message[];
  /** What was left out and why, for warning events. */
  dropped: string[];
}

/**
 * The step's messages that join the conversation:
 * - assistant messages only: a model that writes `<|start|>user` or a fake `functions.x` result
 *   is neither the user nor a tool;
 * - messages that ended (`<|end|>`, `<|call|>`, `<|return|>`, or cut by a new header). One cut
 *   short by a cancel or a limit is dropped, except a final answer: the user watched it being
 *   written and may say "go on";
 * - no message addressed to a recipient, except the step's tool call, added last with its raw
 *   arguments. A call that did not end the turn was never run, and a call in the history must be
 *   followed by its result.
 */
export function keptMessages(parsed: readonly ParsedMessage[], toolCall: ToolCall | undefined): KeptMessages {
  const messages: Message[] = [];
  const dropped: string[] = [];
  for (const message of parsed) {
    const ended = message.end !== "eos";
    if (message.role !== "assistant") {
      dropped.push(`The model wrote a message as "${message.name ?? message.role}"; it was left out of the conversation.`);
    } else if (message.recipient !== undefined) {
      if (toolCall === undefined && ended) dropped.push(`The model addressed ${message.recipient} without ending its turn with a call; the call was not run.`);
    } else if (ended || message.channel === "final") {
      messages.push(messageOf(message));
    }
  }
  if (toolCall) messages.push(toolCallMessage(toolCall));
  return { messages, dropped };
}

/** The assistant's tool call as the conversation keeps it: arguments exactly as generated. */
export function toolCallMessage(call: ToolCall): Message {
  const message: Message = { role: "assistant", channel: call.channel ?? "commentary", recipient: call.recipient, content: call.arguments };
  if (call.contentType !== undefined) message.contentType = call.contentType;
  return message;
}

/** A tool's result, authored by the tool it came from, addressed back to the assistant. */
export function toolResultMessage(recipient: string, content: string): Message {
  return { role: "tool", name: recipient, recipient: "assistant", channel: "commentary", content };
}

/** The answer in the step's kept messages: its final-channel text ("" when there is none). */
export function answerOf(messages: readonly Message[]): string {
  return messages
    .filter((m) => m.role === "assistant" && m.channel === "final" && m.recipient === undefined && typeof m.content === "string")
    .map((m) => m.content as string)
    .join("\n\n");
}

/**
 * A turn that returned with no final message but ended on text outside any channel: the lenient
 * parser showed it as plain text, so the user read it as the answer; so does the loop.
 */
export function unlabelledAnswer(messages: readonly Message[]): string | undefined {
  const last = messages.at(-1);
  if (last?.role !== "assistant" || last.channel !== undefined || last.recipient !== undefined) return undefined;
  return typeof last.content === "string" && last.content.trim() !== "" ? last.content : undefined;
}

/** Index of the conversation's last user message (the request this run answers), -1 if none. */
export function lastUserIndex(conversation: Conversation): number {
  for (let i = conversation.length - 1; i >= 0; i--) if (conversation[i]!.role === "user") return i;
  return -1;
}
