// One file's hunks applied to its text. Every hunk is located first (in order, each after the
// previous one), so a hunk that is not found, or found in several places, fails before anything
// changes, with a message the model can act on: the file, the hunk, the lines it looked for and
// the nearest lines that exist.
import { ToolError } from "../contract";
import { dominantEol } from "../textLines";
import type { PatchHunk } from "./parse";
import { nearestLines, seekLines, TIERS, type MatchTier } from "./seek";

export interface HunksOutcome {
  after: string;
  /** The tier each hunk matched at (in hunk order); "insert" for a hunk with no old lines. */
  tiers: Array<MatchTier | "insert">;
}

interface Replacement {
  start: number;
  length: number;
  lines: string[];
}

/** Lines of shown file text in a message, numbered as read_file numbers them. */
function numbered(lines: readonly string[], start: number, length: number): string {
  return lines
    .slice(start, start + length)
    .map((line, k) => `${String(start + k + 1).padStart(5)}\t${line}`)
    .join("\n");
}

function quoted(lines: readonly string[]): string {
  return lines.map((line) => `  ${line}`).join("\n");
}

export function applyHunks(text: string, hunks: readonly PatchHunk[], display: string): HunksOutcome {
  const eol = dominantEol(text);
  const lines = text === "" ? [] : text.split(/\r\n|\n/);
  // A final line ending does not start another line; it is put back at the end.
  const endsWithEol = lines.length > 0 && lines[lines.length - 1] === "";
  if (endsWithEol) lines.pop();

  const replacements: Replacement[] = [];
  const tiers: HunksOutcome["tiers"] = [];
  let cursor = 0;
  hunks.forEach((hunk, index) => {
    const name = `${display}, hunk ${index + 1} of ${hunks.length} (patch line ${hunk.patchLine})`;
    if (hunk.anchor !== undefined) {
      const found = seekLines(lines, [hunk.anchor], cursor);
      if (!found) {
        throw new ToolError(
          `${name}: the anchor line "@@ ${hunk.anchor}" is not in the file${cursor > 0 ? ` after line ${cursor}` : ""}. ` +
            "Nothing was changed. Use a line copied exactly from the file after @@ (or a bare @@), then send the whole patch again.",
        );
      }
      // The first one after the cursor: the anchor is there to pick among repeated lines.
      cursor = found.starts[0]! + 1;
    }
    if (hunk.oldLines.length === 0) {
      // Only added lines: after the anchor when there is one, else at the end of the file.
      const at = hunk.anchor !== undefined && !hunk.endOfFile ? cursor : lines.length;
      replacements.push({ start: at, length: 0, lines: hunk.newLines });
      tiers.push("insert");
      cursor = at;
      return;
    }
    let pattern = hunk.oldLines;
    let replacement = hunk.newLines;
    let found = seekLines(lines, pattern, cursor, hunk.endOfFile);
    // A blank last context line often stands for the file's final newline, which is no line here.
    if (!found && pattern.at(-1)?.trim() === "" && replacement.at(-1)?.trim() === "") {
      pattern = pattern.slice(0, -1);
      replacement = replacement.slice(0, -1);
      found = pattern.length > 0 ? seekLines(lines, pattern, cursor, hunk.endOfFile) : undefined;
    }
    if (!found) throw notFound(name, lines, hunk.oldLines, cursor);
    if (found.starts.length > 1) {
      const where = found.starts.slice(0, 5).map((s) => s + 1).join(", ");
      throw new ToolError(
        `${name}: these lines occur ${found.starts.length} times in the file (starting at lines ${where}${found.starts.length > 5 ? ", ..." : ""}), so the hunk's place is ambiguous:\n${quoted(hunk.oldLines)}\n` +
          "Nothing was changed. Add more context lines, or an @@ line naming the enclosing class or function, and send the whole patch again.",
      );
    }
    const start = found.starts[0]!;
    replacements.push({ start, length: pattern.length, lines: replacement });
    tiers.push(found.tier);
    cursor = start + pattern.length;
  });

  for (const r of [...replacements].reverse()) lines.splice(r.start, r.length, ...r.lines);
  const after = lines.join(eol);
  return { after: lines.length > 0 && (endsWithEol || text === "") ? after + eol : after, tiers };
}

function notFound(name: string, lines: readonly string[], pattern: readonly string[], cursor: number): ToolError {
  const near = nearestLines(lines, pattern);
  const shown =
    near === undefined
      ? "No line of the file resembles them."
      : `The nearest lines in the file are:\n${numbered(lines, Math.max(0, near.start - 1), near.length + 2)}`;
  const tried = TIERS.map((t) => t.tier.replace(/-/g, " ")).join(", ");
  return new ToolError(
    `${name}: these lines were not found in the file${cursor > 0 ? ` after line ${cursor} (where the previous hunk ended)` : ""} (compared ${tried}):\n${quoted(pattern)}\n${shown}\n` +
      "Nothing was changed. Copy the context and removed lines exactly from the file (read it again if it may have changed), and send the whole patch again.",
  );
}
