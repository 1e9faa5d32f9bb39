// The per-language switch (`gptOss.inlineCompletions.languages`): `{"*": true, "markdown": false}`
// turns completions on everywhere but Markdown. A language's own entry wins over "*".

export type LanguageSwitch = Readonly<Record<string, unknown>>;

/** Prose and commit messages: a code model's ghost text there is more noise than help. */
export const DEFAULT_LANGUAGES: Record<string, boolean> = { "*": true, plaintext: false, markdown: false, scminput: false };

export function completionsEnabledFor(languageId: string, languages: LanguageSwitch | undefined): boolean {
  const table = languages ?? DEFAULT_LANGUAGES;
  const own = table[languageId];
  if (typeof own === "boolean") return own;
  const all = table["*"];
  return typeof all === "boolean" ? all : true;
}
