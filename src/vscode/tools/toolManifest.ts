// package.json's `contributes.languageModelTools`, derived from the tool registry: VS Code reads
// tool declarations from the manifest before the extension runs, so they are written there, and
// this is the one place that says how (scripts/tool-manifest.ts writes them, a unit test checks
// them). No `vscode` import: plain Node runs it.
import { isChangingRisk, type AnyTool } from "../../core/tools/contract";
import { ALL_TOOLS, toolInputSchema } from "../../core/tools/registry";

export interface LanguageModelToolContribution {
  name: string;
  displayName: string;
  toolReferenceName: string;
  canBeReferencedInPrompt: boolean;
  userDescription: string;
  modelDescription: string;
  tags: string[];
  /** Changing tools disappear in Restricted Mode, as in our own chat. */
  when?: string;
  inputSchema: unknown;
}

/** "read_file" -> "Read File". */
export function toolDisplayName(name: string): string {
  return name
    .split(/[_-]+/)
    .filter(Boolean)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join(" ");
}

/**
 * The description's first sentence: what the tool does, without the advice meant for the model.
 * A sentence ends at ".", "!" or "?" outside brackets, before a capital letter or the end ("e.g."
 * and "(see a.ts)" do not end one).
 */
export function toolUserDescription(description: string): string {
  const text = description.trim();
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "(" || c === "[") depth++;
    else if ((c === ")" || c === "]") && depth > 0) depth--;
    else if (depth === 0 && /[.!?]/.test(c) && /^(\s+[A-Z]|\s*$)/.test(text.slice(i + 1))) return text.slice(0, i + 1);
  }
  return text;
}

export function languageModelToolContribution(tool: AnyTool): LanguageModelToolContribution {
  return {
    name: tool.name,
    displayName: toolDisplayName(tool.name),
    toolReferenceName: tool.name,
    canBeReferencedInPrompt: true,
    userDescription: toolUserDescription(tool.description),
    modelDescription: tool.description,
    tags: ["gpt-oss"],
    ...(isChangingRisk(tool.risk) ? { when: "isWorkspaceTrusted" } : {}),
    inputSchema: toolInputSchema(tool),
  };
}

export function languageModelToolContributions(tools: readonly AnyTool[] = ALL_TOOLS): LanguageModelToolContribution[] {
  // A JSON round trip: what package.json can hold (no undefined, no prototypes).
  return JSON.parse(JSON.stringify(tools.map(languageModelToolContribution))) as LanguageModelToolContribution[];
}
