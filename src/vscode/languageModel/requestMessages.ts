// VS Code's language-model message classes as the plain data src/core/prompts/lmConversation.ts
// maps to harmony. Parts this text-only model cannot read (images and other data, a proposed API
// in 1.104) become a short note, so the model knows something was there instead of answering as
// if it were not.
import * as vscode from "vscode";
import type { LmMessage, LmPart } from "../../core/prompts/lmConversation";

const decoder = new TextDecoder();

export function lmMessagesOf(messages: readonly vscode.LanguageModelChatRequestMessage[]): LmMessage[] {
  return messages.map((message) => ({ role: roleOf(message.role), parts: message.content.flatMap(partOf) }));
}

function roleOf(role: vscode.LanguageModelChatMessageRole): LmMessage["role"] {
  if (role === vscode.LanguageModelChatMessageRole.User) return "user";
  if (role === vscode.LanguageModelChatMessageRole.Assistant) return "assistant";
  // The System role is a proposed API (3): its text is instructions for the model.
  return "instructions";
}

function partOf(part: unknown): LmPart[] {
  if (part instanceof vscode.LanguageModelTextPart) return [{ kind: "text", text: part.value }];
  if (part instanceof vscode.LanguageModelToolCallPart) return [{ kind: "toolCall", callId: part.callId, name: part.name, input: part.input }];
  if (part instanceof vscode.LanguageModelToolResultPart) return [{ kind: "toolResult", callId: part.callId, text: part.content.map(resultText).join("") }];
  const data = dataText(part);
  return data === undefined ? [] : [{ kind: "text", text: data }];
}

function resultText(content: unknown): string {
  if (content instanceof vscode.LanguageModelTextPart) return content.value;
  if (content instanceof vscode.LanguageModelPromptTsxPart) return JSON.stringify(content.value);
  if (typeof content === "string") return content;
  return dataText(content) ?? "";
}

/** A data part (text when its MIME type is textual), or undefined for anything else. */
function dataText(part: unknown): string | undefined {
  if (typeof part !== "object" || part === null) return undefined;
  const { mimeType, data } = part as { mimeType?: unknown; data?: unknown };
  if (typeof mimeType !== "string" || !(data instanceof Uint8Array)) return undefined;
  const textual = mimeType.startsWith("text/") || mimeType === "application/json" || mimeType.endsWith("+json");
  return textual ? decoder.decode(data) : `[${mimeType} content omitted: this model reads text only]`;
}
