// The settings that govern the tools and the agent loop, read afresh at each use so a change
// applies at once. Each key is validated on its own: one bad value falls back to its default
// without discarding the others (settings.json is hand-edited, and the schema in package.json
// only warns).
import * as vscode from "vscode";
import * as z from "zod";

export const TOOL_SETTING_KEYS = {
  alwaysAllow: "gptOss.tools.alwaysAllow",
  secretAllowList: "gptOss.tools.secretAllowList",
  commandTimeoutSeconds: "gptOss.tools.commandTimeoutSeconds",
  maxSteps: "gptOss.agent.maxSteps",
  python: "gptOss.tools.python",
  maxTokensPerStep: "gptOss.agent.maxTokensPerStep",
} as const;

export const TOOL_SETTING_DEFAULTS = {
  commandTimeoutSeconds: 60,
  maxSteps: 25,
  maxTokensPerStep: 16_384,
} as const;

/** Commands may not ask for more than an hour: a stuck one would hold the agent that long. */
const MAX_COMMAND_TIMEOUT_SECONDS = 3600;
const MAX_STEPS = 1000;

const names = z.array(z.string().trim().min(1)).transform((list) => [...new Set(list)]);
const seconds = z.number().finite().min(1).max(MAX_COMMAND_TIMEOUT_SECONDS);
const steps = z.number().int().min(1).max(MAX_STEPS);
const stepTokens = z.number().int().min(256).max(1_000_000);

export interface ToolSettings {
  /** Tools the user approved once and for all in this workspace. */
  readonly alwaysAllow: readonly string[];
  /** Globs of secret-looking files the user lets tools read; empty when the workspace is untrusted. */
  readonly secretAllowList: readonly string[];
  readonly commandTimeoutMs: number;
  readonly maxSteps: number;
}

/** A setting's value when it parses, else the fallback (an invalid value is as if unset). */
function valid<T>(schema: z.ZodType<T>, value: unknown, fallback: T): T {
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : fallback;
}

/**
 * The value the user set in their own (global) settings. What approves tools or unlocks secrets
 * must never come from a workspace: a cloned repository's .vscode/settings.json (or one approved
 * edit to it) would otherwise switch on run_command without asking and unlock every secret. The
 * settings are "application" scoped in package.json, so VS Code ignores workspace values too;
 * reading the global value through inspect() makes this hold whatever the manifest says.
 */
export function userValue(config: vscode.WorkspaceConfiguration, key: string): unknown {
  return config.inspect<unknown>(key)?.globalValue;
}

/** The settings are workspace-wide ("window" scope): one policy for every folder of the workspace. */
export function readToolSettings(): ToolSettings {
  const config = vscode.workspace.getConfiguration();
  return {
    alwaysAllow: valid(names, userValue(config, TOOL_SETTING_KEYS.alwaysAllow), []),
    // A folder someone else wrote must not unlock its own secrets: user settings only, and in
    // Restricted Mode none at all.
    secretAllowList: vscode.workspace.isTrusted ? valid(names, userValue(config, TOOL_SETTING_KEYS.secretAllowList), []) : [],
    commandTimeoutMs: valid(seconds, config.get(TOOL_SETTING_KEYS.commandTimeoutSeconds), TOOL_SETTING_DEFAULTS.commandTimeoutSeconds) * 1000,
    maxSteps: valid(steps, config.get(TOOL_SETTING_KEYS.maxSteps), TOOL_SETTING_DEFAULTS.maxSteps),
  };
}

/** gptOss.tools.python: "on" (the default), "ask" or "off"; anything else is the default. */
export function pythonSetting(): "on" | "ask" | "off" {
  return valid(z.enum(["on", "ask", "off"]), vscode.workspace.getConfiguration().get(TOOL_SETTING_KEYS.python), "on");
}

/** The agent loop's limits (gptOss.agent.*). */
export function agentSettings(): { maxSteps: number; maxTokensPerStep: number } {
  const maxTokensPerStep = valid(stepTokens, vscode.workspace.getConfiguration().get(TOOL_SETTING_KEYS.maxTokensPerStep), TOOL_SETTING_DEFAULTS.maxTokensPerStep);
  return { maxSteps: readToolSettings().maxSteps, maxTokensPerStep };
}

/** Whether the user chose "Always allow" for this tool (in their user settings). */
export function isAlwaysAllowed(toolName: string): boolean {
  return readToolSettings().alwaysAllow.includes(toolName);
}

/**
 * Records "Always allow" for one tool in the user settings (where the user can revoke it): the
 * only place it is read from.
 */
export async function addAlwaysAllowed(toolName: string): Promise<void> {
  const config = vscode.workspace.getConfiguration();
  const list = valid(names, userValue(config, TOOL_SETTING_KEYS.alwaysAllow), []);
  if (list.includes(toolName)) return;
  await config.update(TOOL_SETTING_KEYS.alwaysAllow, [...list, toolName], vscode.ConfigurationTarget.Global);
}
