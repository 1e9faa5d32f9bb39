// The system and developer messages every agent conversation starts with, shared by the chat view,
// code actions and the command-line tool so the model sees the same words everywhere.
import {
  builtinToolNamespace,
  defaultSystemContent,
  type BuiltinToolName,
  developerContent,
  type Conversation,
  type Message,
  type ReasoningEffort,
  type ToolDescription,
} from "../harmony/index";

export interface HeadOptions {
  effort: ReasoningEffort;
  /** The function tools offered this turn (harmony descriptions). */
  tools: readonly ToolDescription[];
  /** Workspace folder names, so the model can name them in multi-root workspaces. */
  folders: readonly string[];
  /** "YYYY-MM-DD"; the model reasons about dates ("latest", "this year") with it. */
  date: string;
  /** Why the changing tools are missing, when they are (Restricted Mode, CLI without --allow). */
  restrictedNote?: string;
  /** gpt-oss's built-in tools that are on, declared in the system message as the reference does. */
  builtins?: readonly BuiltinToolName[];
  /** The project's own instructions (projectInstructions.ts: AGENTS.md and friends), after ours. */
  projectInstructions?: string;
}

/** Written for gpt-oss: short, concrete rules it follows well at every reasoning effort. */
export function developerInstructions(options: Pick<HeadOptions, "tools" | "folders" | "restrictedNote" | "projectInstructions">): string {
  const lines = [
    "You are a coding assistant running locally inside the user's editor. Help with the code in their workspace.",
  ];
  if (options.folders.length === 1) lines.push(`The workspace folder is "${options.folders[0]}"; paths are relative to it.`);
  else if (options.folders.length > 1)
    lines.push(`The workspace has ${options.folders.length} folders: ${options.folders.map((f) => `"${f}"`).join(", ")}. Start paths with the folder name.`);
  if (options.tools.length) {
    // The gpt-oss style (OpenAI's own harnesses): finish the task, one edit tool, a short
    // preamble; no micromanaging.
    const names = new Set(options.tools.map((tool) => tool.name));
    lines.push(
      "Keep going until the user's request is completely resolved before you end your turn.",
      "Use the tools to look at the workspace instead of guessing: read a file before you change it, search before you claim something is absent.",
    );
    if (names.has("apply_patch")) {
      lines.push("Edit files with apply_patch; the user reviews and approves each patch. After a patch succeeds, do not read the file again to check it.");
    } else if (names.has("edit_file")) {
      lines.push("To change a file, call edit_file with exact old_text copied from the file (include enough lines to be unique); the user reviews and approves each change.");
    }
    lines.push("Before a tool call, say in one short sentence what you are about to do.");
  }
  if (options.restrictedNote) lines.push(options.restrictedNote);
  lines.push("Answer concisely in Markdown. Put code in fenced blocks with a language. Name files with their workspace paths.");
  const ours = lines.join("\n");
  return options.projectInstructions ? `${ours}\n\n${options.projectInstructions}` : ours;
}

/** `[system, developer]` for a conversation; rebuilt each turn so tools, effort and date stay current. */
export function conversationHead(options: HeadOptions): Conversation {
  const system: Message = {
    role: "system",
    content: defaultSystemContent({
      reasoningEffort: options.effort,
      conversationStartDate: options.date,
      ...(options.builtins?.length ? { tools: options.builtins.map(builtinToolNamespace) } : {}),
    }),
  };
  const developer: Message = { role: "developer", content: developerContent(developerInstructions(options), [...options.tools]) };
  return [system, developer];
}

/** Replaces the leading system/developer messages of `conversation` with `head`. */
export function withHead(head: Conversation, conversation: Conversation): Conversation {
  let start = 0;
  while (start < conversation.length && (conversation[start]!.role === "system" || conversation[start]!.role === "developer")) start++;
  return [...head, ...conversation.slice(start)];
}

export function today(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}
