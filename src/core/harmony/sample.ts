// A small conversation that shows every part of harmony: what "Show Raw Prompt" displays
// before any chat has run, and a fixture for tests and the grammar.
import { defaultSystemContent, developerContent, type Conversation } from "./conversation";
import { renderConversationForCompletion } from "./render";
import { segmentsToText } from "./segments";

const readFileTool = {
  name: "read_file",
  description: "Reads a text file in the workspace.",
  parameters: {
    type: "object",
    properties: {
      path: { type: "string", description: "Path relative to the workspace folder." },
      maxLines: { type: "integer", description: "Stop after this many lines.", default: 200 },
    },
    required: ["path"],
  },
};

/**
 * Two user turns: the first answered after a tool call, the second stopped mid-turn after its
 * tool result. The last assistant message is a tool call, so even with `auto_drop_analysis`
 * the reference keeps every analysis message: the rendered prompt shows them all.
 */
export function sampleConversation(): Conversation {
  return [
    { role: "system", content: defaultSystemContent({ conversationStartDate: "2025-08-05" }) },
    {
      role: "developer",
      content: developerContent("You are a coding assistant inside VS Code. Answer briefly.", [readFileTool]),
    },
    { role: "user", content: "What does src/greet.ts export?" },
    { role: "assistant", channel: "analysis", content: "The user asks about a file. I should read it first." },
    {
      role: "assistant",
      channel: "commentary",
      recipient: "functions.read_file",
      contentType: "<|constrain|>json",
      content: '{"path":"src/greet.ts"}',
    },
    {
      role: "tool",
      name: "functions.read_file",
      recipient: "assistant",
      channel: "commentary",
      content: '{"content":"export function greet(name: string): string {\\n  return `Hello, ${name}!`;\\n}\\n"}',
    },
    { role: "assistant", channel: "final", content: "It exports one function, `greet(name)`, which returns `Hello, NAME!`." },
    { role: "user", content: "Is it tested?" },
    { role: "assistant", channel: "analysis", content: "Look for a test file next to it." },
    {
      role: "assistant",
      channel: "commentary",
      recipient: "functions.read_file",
      contentType: "<|constrain|>json",
      content: '{"path":"test/greet.test.ts","maxLines":50}',
    },
    {
      role: "tool",
      name: "functions.read_file",
      recipient: "assistant",
      channel: "commentary",
      content: '{"error":"file not found: test/greet.test.ts"}',
    },
  ];
}

/** The sample rendered for completion: the prompt text the model would see next. */
export function sampleTranscript(): string {
  return segmentsToText(renderConversationForCompletion(sampleConversation()));
}
