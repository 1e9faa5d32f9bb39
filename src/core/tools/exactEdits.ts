// The exact-match edit rules behind edit_file: every old_text must occur exactly once in the
// current text, edits may not overlap, and all are checked before any is applied, so a failed
// call changes nothing. Failures say what to do next: models fix a wrong old_text well when
// shown the line they probably meant.
import { ToolError } from "./contract";
import { formatCount } from "./resultCap";
import { changedLineCounts, dominantEol, lineAt, splitLines } from "./textLines";

export interface TextEdit {
  old_text: string;
  new_text: string;
}

export interface EditedRegion {
  /** 1-based line in the new text where the edit's new_text starts. */
  startLine: number;
  /** Lines the new_text spans (at least 1). */
  lineCount: number;
}

export interface EditOutcome {
  after: string;
  added: number;
  removed: number;
  regions: EditedRegion[];
}

interface Located {
  index: number;
  start: number;
  end: number;
  newText: string;
}

export function applyExactEdits(text: string, edits: readonly TextEdit[], display: string): EditOutcome {
  if (edits.length === 0) throw new ToolError("edits is empty. Give at least one {old_text, new_text} pair.");
  const crlf = dominantEol(text) === "\r\n";
  const name = (i: number) => (edits.length > 1 ? `old_text of edit ${i + 1}` : "old_text");

  const located: Located[] = edits.map((edit, i) => {
    // Models write "\n"; a Windows file has "\r\n". Match the file's endings rather than fail.
    const oldText = crlf && !edit.old_text.includes("\r") ? edit.old_text.replace(/\n/g, "\r\n") : edit.old_text;
    const newText = crlf && !edit.new_text.includes("\r") ? edit.new_text.replace(/\n/g, "\r\n") : edit.new_text;
    if (oldText === "") {
      throw new ToolError(
        `${name(i)} is empty. To add text, put a nearby line in old_text and repeat it in new_text with the addition; to make a new file, use create_file.`,
      );
    }
    const found = occurrences(text, oldText, 21);
    if (found.length === 0) throw new ToolError(notFoundMessage(text, oldText, name(i), display));
    if (found.length > 1) {
      const lines = [...new Set(found.slice(0, 20).map((offset) => lineAt(text, offset)))];
      const count = found.length > 20 ? "more than 20" : String(found.length);
      throw new ToolError(
        `${name(i)} occurs ${count} times in ${display} (lines ${lines.join(", ")}${found.length > 20 ? ", …" : ""}). ` +
          `Include more surrounding lines in old_text so that it occurs exactly once. Nothing was changed.`,
      );
    }
    return { index: i, start: found[0]!, end: found[0]! + oldText.length, newText };
  });

  const ordered = [...located].sort((a, b) => a.start - b.start);
  for (let k = 1; k < ordered.length; k++) {
    const previous = ordered[k - 1]!;
    const current = ordered[k]!;
    if (current.start < previous.end) {
      throw new ToolError(
        `Edits ${previous.index + 1} and ${current.index + 1} overlap in ${display} (both change line ${lineAt(text, current.start)}). ` +
          `Merge them into one edit. Nothing was changed.`,
      );
    }
  }

  let after = "";
  let cursor = 0;
  let added = 0;
  let removed = 0;
  const regions: EditedRegion[] = [];
  for (const edit of ordered) {
    after += text.slice(cursor, edit.start);
    regions.push({ startLine: lineAt(after, after.length), lineCount: Math.max(1, splitLines(edit.newText).length) });
    after += edit.newText;
    cursor = edit.end;
    const counts = changedLineCounts(text.slice(edit.start, edit.end), edit.newText);
    added += counts.added;
    removed += counts.removed;
  }
  after += text.slice(cursor);
  if (after === text) throw new ToolError("The edits change nothing: each new_text is the same as its old_text.");
  return { after, added, removed, regions };
}

/** Start offsets of `needle` in `text`, overlapping ones included ("aa" occurs twice in "aaa"), at most `limit`. */
function occurrences(text: string, needle: string, limit: number): number[] {
  const found: number[] = [];
  for (let i = text.indexOf(needle); i !== -1 && found.length < limit; i = text.indexOf(needle, i + 1)) found.push(i);
  return found;
}

function notFoundMessage(text: string, oldText: string, name: string, display: string): string {
  const start = `${name} was not found in ${display}. Nothing was changed.`;
  const oldLines = splitLines(oldText);
  const nonEmpty = oldLines.filter((line) => line.trim() !== "");
  if (nonEmpty.length > 0 && nonEmpty.every((line) => /^\s*\d+\| /.test(line))) {
    return `${start} It seems to include read_file's line-number prefixes ("12| "), which are not part of the file; leave them out.`;
  }
  const lines = splitLines(text);
  const loose = looseMatchLine(lines, oldLines);
  if (loose !== undefined) {
    return `${start} It matches line ${formatCount(loose)} only when spaces and indentation are ignored; copy old_text exactly from read_file, whitespace included.`;
  }
  const first = nonEmpty[0]?.trim();
  const closest = first === undefined ? undefined : closestLine(lines, first);
  const where = closest ? ` The most similar line is ${formatCount(closest.line)}: ${JSON.stringify(closest.text.trim())}.` : "";
  return `${start}${where} Read the file again with read_file and copy old_text exactly, whitespace included.`;
}

/** First line where `wanted` matches line by line with whitespace ignored. */
function looseMatchLine(lines: readonly string[], wanted: readonly string[]): number | undefined {
  const squash = (s: string) => s.replace(/\s+/g, "");
  const target = wanted.map(squash);
  while (target.length > 0 && target[0] === "") target.shift();
  while (target.length > 0 && target[target.length - 1] === "") target.pop();
  if (target.length === 0) return undefined;
  for (let i = 0; i + target.length <= lines.length; i++) {
    let k = 0;
    while (k < target.length && squash(lines[i + k]!) === target[k]) k++;
    if (k === target.length) return i + 1;
  }
  return undefined;
}

/** The line most like `wanted` (Dice coefficient of character pairs), if any is reasonably close. */
function closestLine(lines: readonly string[], wanted: string): { line: number; text: string } | undefined {
  const target = pairs(wanted);
  if (target.size === 0) return undefined;
  let best: { line: number; text: string; score: number } | undefined;
  lines.forEach((text, i) => {
    const trimmed = text.trim();
    if (trimmed.length < wanted.length / 3 || trimmed.length > wanted.length * 3) return;
    const own = pairs(trimmed);
    let shared = 0;
    for (const pair of own) if (target.has(pair)) shared++;
    const score = (2 * shared) / (own.size + target.size);
    if (!best || score > best.score) best = { line: i + 1, text, score };
  });
  return best && best.score >= 0.5 ? best : undefined;
}

function pairs(s: string): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i + 1 < s.length; i++) out.add(s.slice(i, i + 2));
  return out;
}
