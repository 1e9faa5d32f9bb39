// The inline-completion settings (gptOss.inlineCompletions.*), read afresh at each request so a
// change applies at the next keystroke. Each key is validated on its own: a bad value in a
// hand-edited settings.json falls back to its default without discarding the others.
import * as vscode from "vscode";
import * as z from "zod";
import { completionsEnabledFor, DEFAULT_LANGUAGES } from "../../core/completion/index";

export const COMPLETION_SETTING_KEYS = {
  enable: "gptOss.inlineCompletions.enable",
  languages: "gptOss.inlineCompletions.languages",
  debounceMs: "gptOss.inlineCompletions.debounceMs",
  maxTokens: "gptOss.inlineCompletions.maxTokens",
} as const;

export const COMPLETION_SETTING_DEFAULTS = {
  enable: true,
  debounceMs: 150,
  maxTokens: 64,
} as const;

export interface CompletionSettings {
  readonly enable: boolean;
  readonly languages: Readonly<Record<string, boolean>>;
  /** The shortest wait after a keystroke before the model is asked (adaptive above it). */
  readonly debounceMs: number;
  readonly maxTokens: number;
}

const languages = z.record(z.string(), z.boolean());
const debounce = z.number().int().min(0).max(2_000);
const tokens = z.number().int().min(1).max(512);

function valid<T>(schema: z.ZodType<T>, value: unknown, fallback: T): T {
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : fallback;
}

export function readCompletionSettings(): CompletionSettings {
  const config = vscode.workspace.getConfiguration();
  return {
    enable: valid(z.boolean(), config.get(COMPLETION_SETTING_KEYS.enable), COMPLETION_SETTING_DEFAULTS.enable),
    languages: valid(languages, config.get(COMPLETION_SETTING_KEYS.languages), DEFAULT_LANGUAGES),
    debounceMs: valid(debounce, config.get(COMPLETION_SETTING_KEYS.debounceMs), COMPLETION_SETTING_DEFAULTS.debounceMs),
    maxTokens: valid(tokens, config.get(COMPLETION_SETTING_KEYS.maxTokens), COMPLETION_SETTING_DEFAULTS.maxTokens),
  };
}

/** Whether completions may run in a document of this language now. */
export function completionsOn(settings: CompletionSettings, languageId: string): boolean {
  return settings.enable && completionsEnabledFor(languageId, settings.languages);
}

/** The status-bar toggle: flips the switch where the user keeps it (their user settings). */
export async function toggleCompletions(): Promise<boolean> {
  const next = !readCompletionSettings().enable;
  const config = vscode.workspace.getConfiguration();
  const inspected = config.inspect<boolean>(COMPLETION_SETTING_KEYS.enable);
  // A workspace value would override a user-level toggle and make the click look broken.
  const target = inspected?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await config.update(COMPLETION_SETTING_KEYS.enable, next, target);
  return next;
}
