// From the model's cut answer to the text actually inserted: the model, seeing the whole file,
// often restates what is already there (the start of the line, a closing bracket after the
// cursor, the lines that follow). Inserting that would duplicate it, so it is trimmed here.
import type { CompletionContext } from "./context";
import { cutCompletion } from "./stopRules";

/** Lines of the suffix compared at most when trimming a repeated ending. */
const MAX_REPEATED_LINES = 8;

export interface FinishOptions {
  /** Generation stopped at the token limit: a block's last line is probably cut short. */
  truncated?: boolean;
}

/** The text to insert at the cursor ("" for nothing). */
export function finishCompletion(cut: string, context: CompletionContext, options: FinishOptions = {}): string {
  let text = cut.replace(/\r\n/g, "\n");
  if (options.truncated && context.mode === "block" && text.includes("\n")) text = text.slice(0, text.lastIndexOf("\n"));

  // The model restated the start of the line, or the word being typed (`pri` answered with
  // `price`): keep only what comes after it. Code that repeats itself that way is rarer than a
  // model that does.
  const typed = context.linePrefix.trimStart();
  const word = /[\p{L}\p{N}_$]{2,}$/u.exec(context.linePrefix)?.[0];
  if (typed.trim() !== "" && text.startsWith(typed)) text = text.slice(typed.length);
  else if (word !== undefined && text.startsWith(word)) text = text.slice(word.length);
  // The cursor follows whitespace (an indented blank line, `x = `): the model's own leading
  // whitespace on the first line would double it.
  if (/\s$/.test(context.linePrefix)) text = text.replace(/^[ \t]+/, "");

  text = context.mode === "line" ? trimLineSuffix(text, context.lineSuffix) : trimRepeatedLines(text, context.after);
  return text.trimEnd();
}

/** `foo(|)` answered with `a, b)`: the `)` is already there. */
function trimLineSuffix(text: string, lineSuffix: string): string {
  const suffix = lineSuffix.trim();
  const trimmed = text.trimEnd();
  if (suffix !== "" && trimmed.endsWith(suffix)) return trimmed.slice(0, trimmed.length - suffix.length).trimEnd();
  return text;
}

/** A block that ends with the lines that follow the cursor (a closing `}` already there). */
function trimRepeatedLines(text: string, after: string): string {
  const lines = text.split("\n");
  while (lines.length > 0 && lines.at(-1)!.trim() === "") lines.pop();
  const following = after
    .split("\n")
    .filter((line) => line.trim() !== "")
    .slice(0, MAX_REPEATED_LINES);
  for (let count = Math.min(lines.length, following.length); count > 0; count--) {
    const tail = lines.slice(lines.length - count);
    // Compared without indentation: the model may indent the repeated lines differently.
    if (tail.every((line, i) => line.trim() === following[i]!.trim())) {
      return lines.slice(0, lines.length - count).join("\n");
    }
  }
  return lines.join("\n");
}

/** Cut and finish in one step, for a finished generation (tests, the benchmark). */
export function completionText(raw: string, context: CompletionContext, options: FinishOptions = {}): string {
  return finishCompletion(cutCompletion(raw, context, true).text, context, options);
}
