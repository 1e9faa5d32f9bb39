// When to stop generating a completion, decided on the text so far after every token: a `line`
// completion ends with its line; a `block` completion ends where the block does: before a line
// indented less than the block (the enclosing code, already in the file), at a blank line
// followed by code at the block's own level (the next statement or declaration), or after
// MAX_BLOCK_LINES. Stopping early matters as much as the cut: every token not generated is time
// the user does not wait.
import { indentWidth, type CompletionContext } from "./context";
import { CURSOR_MARKER } from "./prompt";

export const MAX_BLOCK_LINES = 16;

export interface CutResult {
  /** What may be inserted so far (before finishing: see insertText.ts). */
  text: string;
  /** Nothing the model adds can change `text`: stop generating. */
  done: boolean;
}

const FENCE = /^\s*(```|~~~)/;

/**
 * Cuts the answer so far. `final`: the model has stopped, so the last line is complete too.
 * Pure and cheap (answers are a few lines): called again on the whole text after every token.
 */
export function cutCompletion(raw: string, context: Pick<CompletionContext, "mode" | "blockIndent">, final: boolean): CutResult {
  let text = raw.replace(/\r\n/g, "\n");
  // A Markdown fence despite the instructions: its opening line goes, its closing line stops.
  if (FENCE.test(text)) {
    const newline = text.indexOf("\n");
    if (newline === -1) return { text: "", done: final };
    text = text.slice(newline + 1);
  }
  const lines = text.split("\n");
  const completeLines = final ? lines.length : lines.length - 1;
  const kept: string[] = [];
  let blanks: string[] = [];
  const stop = (): CutResult => ({ text: kept.join("\n"), done: true });

  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!;
    const complete = i < completeLines;
    if (FENCE.test(line)) return stop();
    const marker = line.indexOf(CURSOR_MARKER);
    if (marker !== -1) {
      line = line.slice(0, marker);
      if (line.trim() !== "" || i === 0) kept.push(...blanks, line);
      return stop();
    }
    if (i === 0) {
      kept.push(line);
      if (context.mode === "line" && lines.length > 1) return stop();
      continue;
    }
    if (line.trim() === "") {
      // A blank line is kept only once code at a deeper level follows it.
      if (complete) blanks.push(line);
      continue;
    }
    // Non-blank, so its indentation is known even while the line is still being written.
    const indent = indentWidth(line);
    if (indent < context.blockIndent) return stop();
    if (blanks.length > 0 && indent <= context.blockIndent) return stop();
    if (kept.length + blanks.length >= MAX_BLOCK_LINES) return stop();
    kept.push(...blanks, line);
    blanks = [];
  }
  return { text: kept.join("\n"), done: final };
}
