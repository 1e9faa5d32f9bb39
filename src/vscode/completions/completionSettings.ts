// The inline-completion settings (gptOss.inlineCompletions.*), read afresh at each request so a
// change applies at the next keystroke. Each key is validated on its own: a bad value in a
// hand-edited settings.json falls back to its default without discarding the others.
// The checks are small functions rather than zod schemas: the completion status item and the
// inline-completion stand-in read these settings in the startup bundle, which keeps zod out of
// activation (issue 20).
import * as vscode from "vscode";
import { completionsEnabledFor, DEFAULT_LANGUAGES } from "../../core/completion/languages";

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

/** Files on disk and unsaved editors; not the output panel, diffs, or other virtual documents. */
export const COMPLETION_SELECTOR: vscode.DocumentSelector = [{ scheme: "file" }, { scheme: "untitled" }, { scheme: "vscode-remote" }];

type Check<T> = (value: unknown) => value is T;
const boolean: Check<boolean> = (value): value is boolean => typeof value === "boolean";
const languages: Check<Record<string, boolean>> = (value): value is Record<string, boolean> =>
  typeof value === "object" && value !== null && !Array.isArray(value) && Object.values(value).every(boolean);
const integer =
  (min: number, max: number): Check<number> =>
  (value): value is number =>
    Number.isInteger(value) && (value as number) >= min && (value as number) <= max;
const debounce = integer(0, 2_000);
const tokens = integer(1, 512);

function valid<T>(check: Check<T>, value: unknown, fallback: T): T {
  return check(value) ? value : fallback;
}

export function readCompletionSettings(): CompletionSettings {
  const config = vscode.workspace.getConfiguration();
  return {
    enable: valid(boolean, config.get(COMPLETION_SETTING_KEYS.enable), COMPLETION_SETTING_DEFAULTS.enable),
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
