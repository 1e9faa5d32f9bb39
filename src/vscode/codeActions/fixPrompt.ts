// The conversation for "Fix this with gpt-oss": the problem, the lines to rewrite, read-only tools
// to look further, and one way to answer: the corrected lines in a single fenced block, which the
// extension (not the model) turns into an edit shown as a diff. A model that cannot edit files
// cannot leave a half-applied change behind. No `vscode` import: unit-tested in plain Node.
import { defaultSystemContent, developerContent, type Conversation, type ReasoningEffort, type ToolDescription } from "../../core/harmony/index";

export interface FixProblem {
  /** Workspace-relative path ("/" separators). */
  path: string;
  languageId: string;
  severity: "error" | "warning";
  message: string;
  /** e.g. "ts 2345" */
  source?: string;
  /** 1-based lines of the problem. */
  line: number;
  endLine: number;
}

export interface FixRegion {
  /** 1-based, inclusive. */
  startLine: number;
  endLine: number;
  /** The region's text, "\n" line ends, no final newline. */
  text: string;
}

export interface FixPromptOptions {
  tools: readonly ToolDescription[];
  folders: readonly string[];
  date: string;
  effort?: ReasoningEffort;
}

export const FIX_INSTRUCTIONS = [
  "You fix problems in the user's code, inside their editor. You are given a problem the language tools report and the lines around it.",
  "Use the tools to look at other code when you need to (definitions, callers, other files); they only read, you cannot change files.",
  "When you know the fix, say in one or two sentences what was wrong, then give the corrected version of exactly the lines you were given, in one fenced code block, and stop. Keep the lines that need no change as they are, with their indentation.",
  "If there is no good fix, say why and give no code block.",
].join("\n");

/** A fence longer than any backtick run in the code, so the code cannot close it early. */
export function fenceFor(text: string): string {
  const longest = Math.max(2, ...Array.from(text.matchAll(/`+/g), (m) => m[0].length));
  return "`".repeat(longest + 1);
}

export function fixUserMessage(problem: FixProblem, region: FixRegion): string {
  const fence = fenceFor(region.text);
  const where = problem.line === problem.endLine ? `line ${problem.line}` : `lines ${problem.line}-${problem.endLine}`;
  const source = problem.source ? ` (${problem.source})` : "";
  return [
    `Fix this ${problem.severity} in ${problem.path}, ${where}${source}:`,
    problem.message,
    "",
    `Lines ${region.startLine}-${region.endLine} of ${problem.path}:`,
    `${fence}${problem.languageId}`,
    region.text,
    fence,
    "",
    `Answer with the corrected lines ${region.startLine}-${region.endLine} in one ${"```"}${problem.languageId} block.`,
  ].join("\n");
}

export function fixConversation(problem: FixProblem, region: FixRegion, options: FixPromptOptions): Conversation {
  const lines = [FIX_INSTRUCTIONS];
  if (options.folders.length === 1) lines.push(`The workspace folder is "${options.folders[0]}"; paths are relative to it.`);
  else if (options.folders.length > 1) lines.push(`The workspace has ${options.folders.length} folders: ${options.folders.map((f) => `"${f}"`).join(", ")}. Start paths with the folder name.`);
  return [
    { role: "system", content: defaultSystemContent({ reasoningEffort: options.effort ?? "low", conversationStartDate: options.date }) },
    { role: "developer", content: developerContent(lines.join("\n"), [...options.tools]) },
    { role: "user", content: fixUserMessage(problem, region) },
  ];
}
