// How much of a tool result the model gets. Tools cut their own output first (they know how to
// say "ask for lines 200-400"); this cap is the loop's backstop so that no single result can
// crowd the rest of the conversation out of the context window.
import type { ToolResult } from "../tools/contract";

/** Share of the context window one tool result may take. */
const RESULT_SHARE = 0.25;
/** Characters per token assumed when turning tokens into characters (code and prose average ~3-4). */
const CHARS_PER_TOKEN = 3;
/** A result is never cut below this, however small the window (a cut note alone is ~150 characters). */
const MIN_RESULT_CHARS = 1_000;

/** The default cap: about a quarter of the window, at ~3 characters per token. */
export function defaultMaxResultChars(contextSize: number): number {
  return Math.max(MIN_RESULT_CHARS, Math.floor(contextSize * RESULT_SHARE * CHARS_PER_TOKEN));
}

/** The note appended to a cut result: the model must know it did not see everything, and what to do. */
export function cutNote(shown: number, total: number): string {
  return (
    `\n\n[Result cut to fit the context window: showing the first ${shown.toLocaleString("en-US")} of ` +
    `${total.toLocaleString("en-US")} characters. To see more, call the tool again asking for less ` +
    `(a line range, a narrower path or a more specific pattern).]`
  );
}

/**
 * Cuts `result.content` to at most `maxChars` characters, note included. The cut lands on a line
 * break when one is near (a half line misleads more than a missing one) and never inside a
 * surrogate pair. A result that fits comes back unchanged (the same object).
 */
export function capResult(result: ToolResult, maxChars: number): ToolResult {
  const content = result.content;
  if (content.length <= maxChars) return result;
  const room = Math.max(0, maxChars - cutNote(content.length, content.length).length);
  let end = room;
  const lineBreak = content.lastIndexOf("\n", room);
  if (lineBreak > room * 0.8) end = lineBreak;
  else if (end > 0 && isHighSurrogate(content.charCodeAt(end - 1))) end--;
  return { ...result, content: content.slice(0, end) + cutNote(end, content.length), truncated: true };
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
