// VS Code's language-model requests (vscode.lm) as harmony: the caller's messages and tools become
// a conversation the model was trained on. Plain data in and out: the VS Code adapter turns its
// message classes into `LmMessage`s, so this mapping is tested in plain Node.
import {
  defaultSystemContent,
  developerContent,
  FUNCTIONS_NAMESPACE,
  type Conversation,
  type JsonSchema,
  type Message,
  type ReasoningEffort,
  type ToolDescription,
} from "../harmony/index";

export type LmPart =
  | { kind: "text"; text: string }
  | { kind: "toolCall"; callId: string; name: string; input: unknown }
  | { kind: "toolResult"; callId: string; text: string };

/** `instructions`: a system-role message (a proposed VS Code role), read as developer instructions. */
export interface LmMessage {
  role: "user" | "assistant" | "instructions";
  parts: LmPart[];
}

export interface LmTool {
  name: string;
  description: string;
  inputSchema?: object | undefined;
}

export interface LmRequest {
  messages: readonly LmMessage[];
  tools: readonly LmTool[];
  /** The caller demands a tool call (LanguageModelChatToolMode.Required). */
  toolRequired: boolean;
  effort: ReasoningEffort;
  /** "YYYY-MM-DD" */
  date: string;
}

/**
 * The conversation for a request. Assistant text becomes `final` messages (text that precedes a
 * tool call in the same message becomes that call's commentary preamble), tool calls are
 * `functions.NAME` messages in `<|constrain|>json`, and tool results are authored by the tool they
 * answer (found by call id). A result whose call is not in the request still reaches the model,
 * under the name VS Code gave no call for, so nothing the caller sent is dropped silently.
 */
export function lmConversation(request: LmRequest): Conversation {
  const instructions = request.messages
    .filter((m) => m.role === "instructions")
    .map((m) => textOf(m.parts))
    .filter((text) => text.trim() !== "");
  if (request.toolRequired && request.tools.length > 0) {
    instructions.push(`You must answer this request by calling one of the tools (${request.tools.map((t) => t.name).join(", ")}).`);
  }
  const tools: ToolDescription[] = request.tools.map(harmonyTool);
  const conversation: Conversation = [
    { role: "system", content: defaultSystemContent({ reasoningEffort: request.effort, conversationStartDate: request.date }) },
  ];
  if (instructions.length > 0 || tools.length > 0) {
    conversation.push({ role: "developer", content: developerContent(instructions.length ? instructions.join("\n\n") : undefined, tools) });
  }
  conversation.push(...lmMessages(request.messages));
  return conversation;
}

/** The user and assistant messages alone (instructions go to the developer message). */
export function lmMessages(messages: readonly LmMessage[]): Message[] {
  const out: Message[] = [];
  const callNames = new Map<string, string>();
  for (const message of messages) {
    if (message.role === "user") out.push(...userMessages(message.parts, callNames));
    else if (message.role === "assistant") out.push(...assistantMessages(message.parts, callNames));
  }
  return out;
}

function harmonyTool(tool: LmTool): ToolDescription {
  const description: ToolDescription = { name: tool.name, description: tool.description };
  // A schema with no properties renders as `() => any` in the reference; keep it only when it says something.
  if (tool.inputSchema && Object.keys(tool.inputSchema).length > 0) description.parameters = tool.inputSchema as JsonSchema;
  return description;
}

/** A user message may carry tool results (VS Code sends them as user-role parts) and text. */
function userMessages(parts: readonly LmPart[], callNames: Map<string, string>): Message[] {
  const out: Message[] = [];
  let text = "";
  const flushText = () => {
    if (text.trim() !== "") out.push({ role: "user", content: text });
    text = "";
  };
  for (const part of parts) {
    if (part.kind === "text") text += part.text;
    else if (part.kind === "toolResult") {
      flushText();
      const name = callNames.get(part.callId) ?? `${FUNCTIONS_NAMESPACE}.unknown_call_${part.callId.replace(/[^A-Za-z0-9_]/g, "_")}`;
      out.push({ role: "tool", name, recipient: "assistant", channel: "commentary", content: part.text });
    }
  }
  flushText();
  return out;
}

function assistantMessages(parts: readonly LmPart[], callNames: Map<string, string>): Message[] {
  const out: Message[] = [];
  let text = "";
  for (const part of parts) {
    if (part.kind === "text") text += part.text;
    else if (part.kind === "toolCall") {
      const recipient = `${FUNCTIONS_NAMESPACE}.${part.name}`;
      callNames.set(part.callId, recipient);
      if (text.trim() !== "") out.push({ role: "assistant", channel: "commentary", content: text });
      text = "";
      out.push({ role: "assistant", channel: "commentary", recipient, contentType: "<|constrain|>json", content: JSON.stringify(part.input ?? {}) });
    }
  }
  if (text.trim() !== "") out.push({ role: "assistant", channel: "final", content: text });
  return out;
}

function textOf(parts: readonly LmPart[]): string {
  return parts.map((p) => (p.kind === "text" ? p.text : "")).join("");
}
