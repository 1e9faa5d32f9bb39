// Which tools the user turned off (per workspace, in the tool picker), and what the tools that stay
// on cost in every prompt. A small model picks worse among many tools, and every tool's description
// is read again with every message.
import { toolsSectionText } from "../harmony/contentText";
import type { AnyTool } from "./contract";
import { functionToolDescriptions } from "./registry";

/** Past this many tools on, the picker warns. */
export const MANY_TOOLS = 20;
/** Or past this many tokens of tool descriptions, which every prompt carries (over a third of an 8k window). */
export const MANY_TOOL_TOKENS = 3000;

export interface ToolChoice {
  /** Tool names turned off. */
  readonly disabledTools: readonly string[];
  /** Whole sources turned off ("mcp:weather", "extensions"). */
  readonly disabledSources: readonly string[];
  /** Sources that are off until the user turns them on (DEFAULT_OFF_SOURCES), turned on. */
  readonly enabledSources?: readonly string[];
}

/**
 * Off until chosen in the picker: other extensions' tools. The user did not set them up for this
 * assistant (MCP servers they configured are on), and each costs prompt tokens in every message
 * (VS Code's own built-in extensions alone register about ten).
 */
export const DEFAULT_OFF_SOURCES: readonly string[] = ["extensions"];

export const ALL_ON: ToolChoice = { disabledTools: [], disabledSources: [] };

export function sourceIsOn(choice: ToolChoice, source: string): boolean {
  if (choice.disabledSources.includes(source)) return false;
  return !DEFAULT_OFF_SOURCES.includes(source) || (choice.enabledSources ?? []).includes(source);
}

export function applyToolChoice<T extends { name: string }>(tools: readonly T[], choice: ToolChoice, sourceOf: (tool: T) => string): T[] {
  return tools.filter((tool) => !choice.disabledTools.includes(tool.name) && sourceIsOn(choice, sourceOf(tool)));
}

/**
 * The tools section's size in tokens, estimated at 4 characters a token (o200k averages 4.2 on
 * English and TypeScript-like text; the picker says "about").
 */
export function toolPromptTokens(tools: readonly AnyTool[]): number {
  if (!tools.length) return 0;
  const text = toolsSectionText([{ name: "functions", tools: functionToolDescriptions(tools) }]);
  return Math.ceil(text.length / 4);
}

export function tooManyToolsWarning(tools: readonly AnyTool[]): string | undefined {
  const tokens = toolPromptTokens(tools);
  if (tools.length <= MANY_TOOLS && tokens <= MANY_TOOL_TOKENS) return undefined;
  return `${tools.length} tools on (~${tokens.toLocaleString("en-US")} tokens in every prompt): gpt-oss chooses better among fewer`;
}
