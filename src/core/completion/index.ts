// core/completion: inline completions as pure logic: what the model sees (windows, prompt), when
// it stops and what is inserted (stop rules, trimming), what is remembered (cache), and when to
// ask (debounce, languages). The VS Code provider and the engine helper are thin around it.
export { SuggestionCache, type CacheQuery, type SuggestionEntry } from "./cache";
export {
  completionContext,
  DEFAULT_WINDOW,
  indentWidth,
  linesOf,
  linesText,
  windowStart,
  type CompletionContext,
  type CompletionMode,
  type CursorPosition,
  type DocumentLines,
  type WindowLimits,
} from "./context";
export { AdaptiveDebounce } from "./debounce";
export { completionText, finishCompletion, type FinishOptions } from "./insertText";
export { completionsEnabledFor, DEFAULT_LANGUAGES, type LanguageSwitch } from "./languages";
export { buildCompletionPrompt, COMPLETION_INSTRUCTIONS, completionHead, CURSOR_MARKER, type CompletionPrompt } from "./prompt";
export { cutCompletion, MAX_BLOCK_LINES, type CutResult } from "./stopRules";
