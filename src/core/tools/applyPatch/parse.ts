// The patch format gpt-oss was trained on (OpenAI's apply_patch, as in openai/codex and
// openai/gpt-oss), read into file operations. Our own reader; the format's facts:
//
//   *** Begin Patch
//   *** Add File: path          then every line of the new file, each prefixed "+"
//   *** Delete File: path
//   *** Update File: path
//   *** Move to: other/path     (optional, right after Update File)
//   @@ class Foo                a hunk, with an optional anchor line to look for first
//    context line               " " context, "-" removed, "+" added
//   *** End of File             (optional: the hunk sits at the end of the file)
//   *** End Patch
//
// Paths are relative. Errors name the patch line, so the model can fix exactly that line.
import { ToolError } from "../contract";

export interface PatchHunk {
  /** The `@@ anchor` text, when given: a line to find before the hunk's lines. */
  anchor?: string;
  /** Context and removed lines, as they should be in the file now. */
  oldLines: string[];
  /** Context and added lines, as the file should read after. */
  newLines: string[];
  /** `*** End of File` closed the hunk: it must match at the end of the file. */
  endOfFile: boolean;
  /** 1-based line of the patch where the hunk starts (for messages). */
  patchLine: number;
}

export type PatchOperation =
  | { type: "add"; path: string; content: string }
  | { type: "delete"; path: string }
  | { type: "update"; path: string; moveTo?: string; hunks: PatchHunk[] };

const BEGIN = "*** Begin Patch";
const END = "*** End Patch";
const ADD = "*** Add File: ";
const DELETE = "*** Delete File: ";
const UPDATE = "*** Update File: ";
const MOVE = "*** Move to: ";
const END_OF_FILE = "*** End of File";

class PatchSyntaxError extends ToolError {}

function fail(line: number, message: string): never {
  throw new PatchSyntaxError(`The patch is not valid (line ${line}): ${message}`);
}

/** A path as the patch gives it; absolute paths are refused (the format allows relative ones only). */
function patchPath(raw: string, line: number): string {
  const path = raw.trim();
  if (path === "") fail(line, "the file path is missing.");
  if (path.startsWith("/") || path.startsWith("\\") || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith("~")) {
    fail(line, `"${path}" is an absolute path; apply_patch takes paths relative to the workspace folder (e.g. src/app.ts).`);
  }
  return path;
}

/**
 * The operations of a patch. `text` is the patch itself (see `extractPatch` for the wrappers the
 * model puts around it). Line endings are ignored; lines keep their other whitespace.
 */
export function parsePatch(text: string): PatchOperation[] {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  let first = 0;
  while (first < lines.length && lines[first]!.trim() === "") first++;
  let last = lines.length - 1;
  while (last >= first && lines[last]!.trim() === "") last--;
  if (first > last || lines[first]!.trim() !== BEGIN) fail(first + 1, `a patch starts with the line "${BEGIN}".`);
  if (lines[last]!.trim() !== END) fail(last + 1, `a patch ends with the line "${END}".`);

  const operations: PatchOperation[] = [];
  let i = first + 1;
  while (i < last) {
    const line = lines[i]!;
    const number = i + 1;
    if (line.trim() === "") {
      i++;
      continue;
    }
    if (line.startsWith(ADD)) {
      const path = patchPath(line.slice(ADD.length), number);
      const content: string[] = [];
      i++;
      while (i < last && !lines[i]!.startsWith("*** ")) {
        const body = lines[i]!;
        if (!body.startsWith("+")) fail(i + 1, `every line of an added file starts with "+" (got "${clip(body)}").`);
        content.push(body.slice(1));
        i++;
      }
      operations.push({ type: "add", path, content: content.length ? `${content.join("\n")}\n` : "" });
    } else if (line.startsWith(DELETE)) {
      operations.push({ type: "delete", path: patchPath(line.slice(DELETE.length), number) });
      i++;
    } else if (line.startsWith(UPDATE)) {
      const path = patchPath(line.slice(UPDATE.length), number);
      i++;
      let moveTo: string | undefined;
      if (i < last && lines[i]!.startsWith(MOVE)) {
        moveTo = patchPath(lines[i]!.slice(MOVE.length), i + 1);
        i++;
      }
      const read = readHunks(lines, i, last);
      i = read.next;
      if (read.hunks.length === 0 && moveTo === undefined) fail(number, `"${UPDATE}${path}" has no hunks: add "@@" followed by lines starting with " ", "-" or "+".`);
      operations.push(moveTo === undefined ? { type: "update", path, hunks: read.hunks } : { type: "update", path, moveTo, hunks: read.hunks });
    } else {
      fail(number, `expected "${ADD}", "${UPDATE}", "${DELETE}" or "${END}", got "${clip(line)}".`);
    }
  }
  if (operations.length === 0) fail(first + 1, "the patch changes no file.");
  return operations;
}

/** The hunks of one Update File section, from `start` up to the next `*** ` section line. */
function readHunks(lines: readonly string[], start: number, end: number): { hunks: PatchHunk[]; next: number } {
  const hunks: PatchHunk[] = [];
  let current: PatchHunk | undefined;
  let i = start;
  const open = (patchLine: number, anchor?: string): PatchHunk => {
    const hunk: PatchHunk = { oldLines: [], newLines: [], endOfFile: false, patchLine };
    if (anchor !== undefined && anchor.trim() !== "") hunk.anchor = anchor;
    hunks.push(hunk);
    return hunk;
  };
  for (; i < end; i++) {
    const line = lines[i]!;
    if (line.trim() === END_OF_FILE) {
      if (!current) fail(i + 1, `"${END_OF_FILE}" must close a hunk.`);
      current.endOfFile = true;
      current = undefined;
      continue;
    }
    if (line.startsWith("*** ")) break;
    if (line.startsWith("@@")) {
      // "@@", "@@ anchor", and the unified-diff habit "@@ -1,3 +1,4 @@" (no usable anchor).
      const anchor = line.slice(2).trim();
      current = open(i + 1, /^-\d+(,\d+)? \+\d+(,\d+)? @@/.test(anchor) ? undefined : anchor);
      continue;
    }
    // The first hunk may come without "@@"; a blank line inside a hunk is a blank context line
    // (editors and models strip the single space such a line should carry).
    if (line === "" && !current) continue;
    current ??= open(i + 1);
    const prefix = line[0];
    const body = line.slice(1);
    if (line === "" || prefix === " ") {
      current.oldLines.push(body);
      current.newLines.push(body);
    } else if (prefix === "-") current.oldLines.push(body);
    else if (prefix === "+") current.newLines.push(body);
    else fail(i + 1, `each line of a hunk starts with " " (context), "-" (removed) or "+" (added); got "${clip(line)}".`);
  }
  for (const hunk of hunks) {
    if (hunk.oldLines.length === 0 && hunk.newLines.length === 0) fail(hunk.patchLine, "this hunk is empty.");
  }
  return { hunks, next: i };
}

function clip(line: string): string {
  return line.length > 60 ? `${line.slice(0, 57)}...` : line;
}

/**
 * The patch inside what the model sent, as it sends it in practice: the tool's own
 * `{"input": "..."}`, `{"patch": "..."}`, a JSON string, a raw patch as the whole argument, a
 * shell heredoc (`apply_patch <<'EOF' ... EOF`, possibly inside `bash -lc "..."` or a
 * `{"cmd": [...]}` argv). Returns undefined when there is no `*** Begin Patch` anywhere.
 */
export function extractPatch(argumentsText: string): string | undefined {
  const candidates: string[] = [];
  const collect = (value: unknown, depth: number): void => {
    if (depth > 3) return;
    if (typeof value === "string") candidates.push(value);
    else if (Array.isArray(value)) {
      candidates.push(value.filter((v) => typeof v === "string").join("\n"));
      for (const v of value) collect(v, depth + 1);
    } else if (value && typeof value === "object") {
      const record = value as Record<string, unknown>;
      for (const key of ["input", "patch", "cmd", "command", "content", "diff"]) if (key in record) collect(record[key], depth + 1);
    }
  };
  try {
    collect(JSON.parse(argumentsText), 0);
  } catch {
    // Not JSON: the raw patch, or a heredoc.
  }
  candidates.push(argumentsText);
  for (const candidate of candidates) {
    const begin = candidate.indexOf(BEGIN);
    const end = candidate.lastIndexOf(END);
    if (begin !== -1 && end > begin) return candidate.slice(begin, end + END.length);
    if (begin !== -1) return candidate.slice(begin);
  }
  return undefined;
}
