// The harmony prompt for an inline completion. gpt-oss has no fill-in-the-middle tokens and
// reasons before it answers, so the prompt is a chat turn whose answer is already begun on the
// final channel (`<|start|>assistant<|channel|>final<|message|>`): the model's first token is
// the text to insert, with no reasoning at all.
//
// Laid out for the KV cache: what stays the same while the user types comes first, each part its
// own segment (segments are tokenized apart, so a change in a later one never alters an earlier
// one's tokens): the system and developer messages, the file's header, the lines before the
// cursor's line. Only the cursor's line, the lines after it and the short closing instruction
// change with a keystroke, and only they are evaluated again.
import { defaultSystemContent, developerContent, renderConversation, type Conversation, type Segment } from "../harmony/index";
import type { CompletionContext } from "./context";

/** Where the insertion goes, as the model reads the file. */
export const CURSOR_MARKER = "<CURSOR>";

export const COMPLETION_INSTRUCTIONS = [
  "You are the code completion engine of a code editor. The user sends a file in which " + CURSOR_MARKER + " marks the cursor.",
  "Reply with exactly the text to insert at the cursor and nothing else: no explanation, no Markdown fences, no " + CURSOR_MARKER + " marker.",
  "Do not repeat code that is already before or after the cursor. Match the file's style and indentation.",
  "If nothing sensible fits, reply with nothing.",
].join("\n");

/** The system and developer messages: the same for every completion, first in the KV cache. */
export function completionHead(): Conversation {
  return [
    // No date: a prompt that changed at midnight would lose its cached prefix.
    { role: "system", content: defaultSystemContent({ reasoningEffort: "low" }) },
    { role: "developer", content: developerContent(COMPLETION_INSTRUCTIONS) },
  ];
}

export interface CompletionPrompt {
  segments: Segment[];
  /** Segments that stay the same while the user types on in the same window (head, file header, lines before). */
  stableSegments: number;
}

function attribute(value: string): string {
  return value.replace(/[\r\n"]/g, (ch) => (ch === '"' ? "&quot;" : " "));
}

/** What the closing instruction asks for: depends on the mode, so it is part of the volatile tail. */
function tailText(context: CompletionContext): string {
  return context.mode === "line"
    ? `Reply with the text to insert at ${CURSOR_MARKER} to complete that line only.`
    : `Reply with the code to insert at ${CURSOR_MARKER}: at most one short block.`;
}

export function buildCompletionPrompt(context: CompletionContext): CompletionPrompt {
  const segments: Segment[] = [...renderConversation(completionHead())];
  const text = (value: string) => {
    if (value !== "") segments.push({ kind: "text", text: value });
  };
  segments.push({ kind: "special", name: "start" });
  text("user");
  segments.push({ kind: "special", name: "message" });
  text(`<file path="${attribute(context.path)}" language="${attribute(context.languageId)}">\n`);
  text(context.before);
  const stableSegments = segments.length;

  const after = context.after === "" ? "" : `\n${context.after}`;
  text(`${context.linePrefix}${CURSOR_MARKER}${context.lineSuffix}${after}\n</file>\n\n${tailText(context)}`);
  segments.push({ kind: "special", name: "end" }, { kind: "special", name: "start" });
  text("assistant");
  segments.push({ kind: "special", name: "channel" });
  text("final");
  segments.push({ kind: "special", name: "message" });
  return { segments, stableSegments };
}
