// From the model's answer to an edit, or to a clear "nothing usable". The answer should hold the
// corrected region in one fenced block; models also answer with only the broken line, lose the
// indentation, or number the lines: each is recognised here, and whatever cannot be placed with
// confidence is refused rather than guessed (the user sees the diff before anything applies, but
// a wrong diff wastes their attention). No `vscode` import: unit-tested in plain Node.
import type { FixRegion } from "./fixPrompt";

export interface CodeBlock {
  info: string;
  text: string;
  closed: boolean;
}

export type FixProposal =
  | {
      kind: "edit";
      /** The lines replaced (1-based, inclusive): the region, or only the problem's lines. */
      startLine: number;
      endLine: number;
      /** Their new text ("\n" line ends, no final newline). */
      text: string;
      /** What the model said besides the code (its reason for the change). */
      explanation: string;
    }
  | { kind: "none"; reason: string; explanation: string };

const OPEN = /^ {0,3}(`{3,}|~{3,})(.*)$/;

/** The fenced code blocks of a Markdown text, in order; an unclosed one runs to the end. */
export function codeBlocks(markdown: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const lines = markdown.replace(/\r\n/g, "\n").split("\n");
  for (let i = 0; i < lines.length; i++) {
    const open = OPEN.exec(lines[i]!);
    if (!open) continue;
    const fence = open[1]!;
    const body: string[] = [];
    let closed = false;
    for (i++; i < lines.length; i++) {
      const line = lines[i]!;
      const close = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(line);
      if (close && close[1]![0] === fence[0] && close[1]!.length >= fence.length) {
        closed = true;
        break;
      }
      body.push(line);
    }
    blocks.push({ info: open[2]!.trim(), text: body.join("\n"), closed });
  }
  return blocks;
}

/** The answer without its code blocks, shortened: the model's explanation for a notification. */
function explanationOf(answer: string): string {
  const lines: string[] = [];
  let inBlock: string | undefined;
  for (const line of answer.replace(/\r\n/g, "\n").split("\n")) {
    const fence = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (inBlock === undefined && fence) inBlock = fence;
    else if (inBlock !== undefined && fence && fence[0] === inBlock[0] && fence.length >= inBlock.length && line.trim() === fence) inBlock = undefined;
    else if (inBlock === undefined) lines.push(line);
  }
  const text = lines.join(" ").replace(/\s+/g, " ").trim();
  return text.length > 300 ? `${text.slice(0, 297)}...` : text;
}

const NUMBERED = /^\s*\d+\s*[|:]\s?/;

function leadingWhitespace(lines: readonly string[]): string {
  const first = lines.find((line) => line.trim() !== "");
  return first === undefined ? "" : /^[ \t]*/.exec(first)![0];
}

function sameLines(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((line, i) => line.trimEnd() === b[i]!.trimEnd());
}

/**
 * Whether the answer rewrites the whole region: it starts or ends like it, or keeps at least half
 * of its lines (a fix changes a few lines and leaves the rest).
 */
function alignsWith(lines: readonly string[], regionLines: readonly string[]): boolean {
  if (lines[0]!.trim() === regionLines[0]!.trim() || lines.at(-1)!.trim() === regionLines.at(-1)!.trim()) return true;
  const answer = new Set(lines.map((line) => line.trim()).filter((line) => line !== ""));
  const kept = regionLines.filter((line) => line.trim() !== "");
  return kept.length > 0 && kept.filter((line) => answer.has(line.trim())).length * 2 >= kept.length;
}

/**
 * Places the answer's code. `problem` is the 1-based line span of the diagnostic, used when the
 * answer holds only the problem's lines rather than the whole region.
 */
export function proposeFix(answer: string, region: FixRegion, problem: { line: number; endLine: number }): FixProposal {
  const explanation = explanationOf(answer);
  const none = (reason: string): FixProposal => ({ kind: "none", reason, explanation });
  const blocks = codeBlocks(answer);
  const block = blocks.filter((b) => b.closed).at(-1);
  if (!block) return none(blocks.length > 0 ? "its code block was cut off" : "it has no code block");

  let lines = block.text.split("\n");
  while (lines.length > 0 && lines.at(-1)!.trim() === "") lines.pop();
  while (lines.length > 0 && lines[0]!.trim() === "") lines.shift();
  if (lines.length === 0) return none("its code block is empty");
  // Line numbers copied from a read_file result are not code.
  if (lines.every((line) => line.trim() === "" || NUMBERED.test(line))) lines = lines.map((line) => line.replace(NUMBERED, ""));

  const regionLines = region.text.split("\n");
  let startLine = region.startLine;
  let target = regionLines;
  if (!alignsWith(lines, regionLines)) {
    // Only a few lines: the problem's own, if that is how many there are.
    const inside = problem.line >= region.startLine && problem.endLine <= region.endLine;
    const problemLines = problem.endLine - problem.line + 1;
    if (!inside || lines.length > problemLines + 1) return none("its code could not be matched to the lines it should replace");
    startLine = problem.line;
    target = regionLines.slice(problem.line - region.startLine, problem.endLine - region.startLine + 1);
  }

  // Indentation lost (the whole block starts at column 0, the code does not): put it back.
  const targetIndent = leadingWhitespace(target);
  if (leadingWhitespace(lines) === "" && targetIndent !== "") lines = lines.map((line) => (line.trim() === "" ? line : targetIndent + line));

  if (sameLines(lines, target)) return none("it proposes no change");
  return { kind: "edit", startLine, endLine: startLine + target.length - 1, text: lines.join("\n"), explanation };
}

/** The smallest replacement that turns `before` into `after` (offsets into `before`). */
export function minimalReplacement(before: string, after: string): { start: number; end: number; text: string } {
  let start = 0;
  const limit = Math.min(before.length, after.length);
  while (start < limit && before[start] === after[start]) start++;
  let tail = 0;
  while (tail < limit - start && before[before.length - 1 - tail] === after[after.length - 1 - tail]) tail++;
  return { start, end: before.length - tail, text: after.slice(start, after.length - tail) };
}

export interface LineReplacement {
  /** Offsets into the old text. */
  start: number;
  end: number;
  text: string;
  /** The whole new text. */
  after: string;
}

/**
 * Replaces lines `startLine`..`endLine` (1-based, inclusive, without the last one's line end) of
 * `text` with `lines` written with `eol`, as the smallest replacement: the undo entry and the
 * diff then show only what changed.
 */
export function replaceLines(text: string, startLine: number, endLine: number, lines: string, eol: string): LineReplacement {
  const all = text.split(/(?<=\n)/);
  let regionStart = 0;
  for (let i = 0; i < startLine - 1; i++) regionStart += all[i]?.length ?? 0;
  let regionEnd = regionStart;
  for (let i = startLine - 1; i <= endLine - 1; i++) regionEnd += all[i]?.length ?? 0;
  regionEnd -= /\r?\n$/.exec(all[endLine - 1] ?? "")?.[0].length ?? 0;
  const replacement = minimalReplacement(text.slice(regionStart, regionEnd), lines.replace(/\r?\n/g, eol));
  const start = regionStart + replacement.start;
  const end = regionStart + replacement.end;
  return { start, end, text: replacement.text, after: text.slice(0, start) + replacement.text + text.slice(end) };
}
