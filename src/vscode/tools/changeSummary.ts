// A proposed change in a few words and a short diff, for the approval notification and the
// language-model tool's confirmation. The full diff is VS Code's diff editor; this only has to
// say what the change is about, so the changed region is found by trimming the common first and
// last lines (cheap, and exact for the single-region edits tools make).
import { visibleName, visibleText } from "../../core/tools/visibleText";
import type { PatchFileChange, ProposedChange } from "../../core/tools/contract";
import { splitLines } from "../../core/tools/textLines";

export interface LineChange {
  added: number;
  removed: number;
  /** 1-based line where the changed region starts (in both texts). */
  startLine: number;
  removedLines: string[];
  addedLines: string[];
}

export function lineChange(before: string, after: string): LineChange {
  const a = splitLines(before);
  const b = splitLines(after);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const removedLines = a.slice(start, endA);
  const addedLines = b.slice(start, endB);
  return { added: addedLines.length, removed: removedLines.length, startLine: start + 1, removedLines, addedLines };
}

/** "src/a.ts (+3 −1)", "src/new.ts (new file, 12 lines)", "`npm test` in src". */
export function describeChange(change: ProposedChange): string {
  // Hidden characters (bidi overrides, controls) appear as escapes: the user approves what is there.
  if (change.kind === "command") return `\`${visibleText(change.command)}\` in ${visibleName(change.cwdLabel)}`;
  if (change.kind === "patch") return change.files.map(describePatchFile).join(", ");
  if (change.kind === "external") return `${visibleName(change.tool)} from ${visibleName(change.source)}`;
  const { added, removed } = lineChange(change.before, change.after);
  const path = visibleName(change.path);
  return change.create ? `${path} (new file, ${added} line${added === 1 ? "" : "s"})` : `${path} (+${added} −${removed})`;
}

function describePatchFile(file: PatchFileChange): string {
  const { added, removed } = lineChange(file.before, file.after);
  const path = visibleName(file.path);
  if (file.action === "add") return `${path} (new file, ${added} line${added === 1 ? "" : "s"})`;
  if (file.action === "delete") return `${path} (deleted)`;
  return `${path}${file.movedFrom ? ` (moved from ${visibleName(file.movedFrom.path)})` : ""} (+${added} −${removed})`;
}

/** A fenced block that no line of `body` can close early. */
export function fenced(body: string, language = ""): string {
  const longest = Math.max(2, ...[...body.matchAll(/`{3,}/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  return `${fence}${language}\n${body}\n${fence}`;
}

/** The changed region as a unified-diff excerpt, cut to `maxLines`. */
export function diffExcerpt(before: string, after: string, maxLines = 40): string {
  const change = lineChange(before, after);
  const body = [`@@ line ${change.startLine} @@`, ...change.removedLines.map((l) => `-${l}`), ...change.addedLines.map((l) => `+${l}`)];
  if (body.length > maxLines + 1) {
    const hidden = body.length - maxLines;
    body.splice(maxLines, body.length, `… ${hidden} more line${hidden === 1 ? "" : "s"} (open the diff to see all)`);
  }
  return body.join("\n");
}
