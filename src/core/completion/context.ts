// What an inline completion looks at: a window of the file before the cursor, the cursor's line
// split at the cursor, and a window after it. The window before starts at a line that moves in
// steps (not with every line typed), so the prompt's big stable block stays byte-identical while
// the user types, and the engine reuses its KV cache instead of evaluating it again.

/** The document as lines (without line ends); VS Code's TextDocument and plain strings both fit. */
export interface DocumentLines {
  readonly lineCount: number;
  lineAt(line: number): string;
}

/** 0-based, as VS Code counts. */
export interface CursorPosition {
  line: number;
  character: number;
}

export interface WindowLimits {
  /** Lines before the cursor's line at most. */
  beforeLines: number;
  /** Characters before the cursor's line at most (a minified file has few, long lines). */
  beforeChars: number;
  afterLines: number;
  afterChars: number;
  /**
   * The window before starts on a multiple of this many lines, so typing on (new lines included)
   * leaves it alone until the window is full by a whole step.
   */
  anchorStep: number;
}

/**
 * Sized for a CPU: ~1,500 tokens before the cursor is evaluated once and then reused; what
 * follows the cursor (~400 tokens at most) is re-evaluated with each keystroke mid-file.
 */
export const DEFAULT_WINDOW: WindowLimits = {
  beforeLines: 160,
  beforeChars: 6_000,
  afterLines: 24,
  afterChars: 1_200,
  anchorStep: 32,
};

/**
 * `line`: text follows the cursor or precedes it on its line, complete that line only.
 * `block`: the line is blank, or ends with an opening bracket or colon: a few lines may follow.
 */
export type CompletionMode = "line" | "block";

export interface CompletionContext {
  /** As the model reads it: workspace-relative, or the untitled editor's name. */
  path: string;
  languageId: string;
  /** The first line of the window before (0-based). */
  beforeStartLine: number;
  /** The lines from `beforeStartLine` up to the cursor's line, each with its "\n". */
  before: string;
  /** The cursor's line up to the cursor. */
  linePrefix: string;
  /** The cursor's line after the cursor. */
  lineSuffix: string;
  /** The lines after the cursor's line in the window, joined with "\n" (no leading newline). */
  after: string;
  mode: CompletionMode;
  /**
   * Lines of a block completion must not be indented less than this (columns, tabs as 4): a line
   * that is belongs to the enclosing code, which is already there.
   */
  blockIndent: number;
}

const TAB_WIDTH = 4;

/** Columns of leading whitespace (a tab counts 4). */
export function indentWidth(line: string): number {
  let width = 0;
  for (const ch of line) {
    if (ch === " ") width++;
    else if (ch === "\t") width += TAB_WIDTH;
    else break;
  }
  return width;
}

/** An opening bracket or a colon at the end: what follows belongs on new lines (a block). */
const OPENS_BLOCK = /[{[(:]\s*$/;

/** Where the window before the cursor's line starts: on a step, within the limits. */
export function windowStart(document: DocumentLines, cursorLine: number, limits: WindowLimits): number {
  const step = Math.max(1, Math.floor(limits.anchorStep));
  let start = Math.max(0, Math.ceil((cursorLine - limits.beforeLines) / step) * step);
  // Too many characters: move by whole steps while that keeps at least one line.
  while (start + step <= cursorLine && charsBetween(document, start, cursorLine) > limits.beforeChars) start += step;
  return start;
}

function charsBetween(document: DocumentLines, from: number, to: number): number {
  let total = 0;
  for (let line = from; line < to; line++) total += document.lineAt(line).length + 1;
  return total;
}

/** The text of lines [from, to), each line followed by "\n". */
export function linesText(document: DocumentLines, from: number, to: number): string {
  const parts: string[] = [];
  for (let line = from; line < to; line++) parts.push(document.lineAt(line), "\n");
  return parts.join("");
}

export function completionContext(
  document: DocumentLines,
  position: CursorPosition,
  file: { path: string; languageId: string },
  limits: WindowLimits = DEFAULT_WINDOW,
): CompletionContext {
  const lineText = document.lineAt(position.line);
  const character = Math.min(position.character, lineText.length);
  const linePrefix = lineText.slice(0, character);
  const lineSuffix = lineText.slice(character);

  const beforeStartLine = windowStart(document, position.line, limits);
  let before = linesText(document, beforeStartLine, position.line);
  // A step that alone exceeds the limit (very long lines): keep the end, cut at a line start.
  if (before.length > limits.beforeChars) {
    const cut = before.indexOf("\n", before.length - limits.beforeChars);
    before = cut === -1 ? "" : before.slice(cut + 1);
  }

  const after = afterText(document, position.line, limits);
  const blank = linePrefix.trim() === "" && lineSuffix.trim() === "";
  const opensBlock = lineSuffix.trim() === "" && OPENS_BLOCK.test(linePrefix);
  const mode: CompletionMode = blank || opensBlock ? "block" : "line";
  return {
    path: file.path,
    languageId: file.languageId,
    beforeStartLine,
    before,
    linePrefix,
    lineSuffix,
    after,
    mode,
    // A blank line: the cursor's column (the editor indented it). After an opener: the line's
    // own indentation, so the closing bracket (same indentation) may come too.
    blockIndent: blank ? indentWidth(linePrefix) : indentWidth(lineText),
  };
}

function afterText(document: DocumentLines, cursorLine: number, limits: WindowLimits): string {
  const lines: string[] = [];
  let chars = 0;
  for (let line = cursorLine + 1; line < document.lineCount && lines.length < limits.afterLines; line++) {
    const text = document.lineAt(line);
    if (chars + text.length + 1 > limits.afterChars) {
      // One very long line (minified code): a piece of it rather than nothing.
      if (lines.length === 0) lines.push(text.slice(0, limits.afterChars));
      break;
    }
    lines.push(text);
    chars += text.length + 1;
  }
  return lines.join("\n");
}

/** Lines from a string (for tests, the benchmark and untitled buffers). */
export function linesOf(text: string): DocumentLines {
  const lines = text.split(/\r?\n/);
  return { lineCount: lines.length, lineAt: (line) => lines[line] ?? "" };
}
