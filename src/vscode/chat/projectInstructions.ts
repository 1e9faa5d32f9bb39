// The chat's project instructions: the workspace's AGENTS.md and .github/copilot-instructions.md
// (core/prompts/projectInstructions.ts) and the user's `gptOss.instructions`, read afresh at the
// start of every message so an edited file counts from the next message on.
import * as vscode from "vscode";
import type { ToolEnvironment } from "../../core/tools/contract";
import { NO_INSTRUCTIONS, readProjectInstructions, type ProjectInstructions } from "../../core/prompts/projectInstructions";

/**
 * In Restricted Mode the workspace's files are not read and a workspace value of the setting is
 * ignored: a repository the user does not trust must not steer the agent. The user's own setting
 * still applies.
 */
export async function chatProjectInstructions(env: ToolEnvironment, trusted: boolean): Promise<ProjectInstructions> {
  const setting = vscode.workspace.getConfiguration("gptOss").inspect<string>("instructions");
  const userText = trusted ? vscode.workspace.getConfiguration("gptOss").get<string>("instructions", "") : (setting?.globalValue ?? "");
  if (!trusted) return userText.trim() ? { sources: [{ label: "Settings (gptOss.instructions)", text: userText.trim() }], skipped: [] } : NO_INSTRUCTIONS;
  return readProjectInstructions(env, { userText });
}
