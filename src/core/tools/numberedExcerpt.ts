// Numbered excerpts of a text, in read_file's format, for results that show what an edit left
// behind (so the model can check it and edit on without reading the file again).
import type { EditedRegion } from "./exactEdits";
import { clipLine } from "./resultCap";
import { lineNumberPrefix, splitLines } from "./textLines";

const CONTEXT_LINES = 2;
const MAX_REGION_LINES = 40;

/** The edited regions of `text` with a little context, within `maxChars`; "" when none fits. */
export function editedExcerpt(text: string, regions: readonly EditedRegion[], maxChars: number): string {
  const lines = splitLines(text);
  if (lines.length === 0) return "";
  const width = String(lines.length).length;
  const parts: string[] = [];
  let used = 0;
  let lastShown = 0;
  for (const region of regions) {
    const from = Math.max(1, region.startLine - CONTEXT_LINES, lastShown + 1);
    const to = Math.min(lines.length, region.startLine + region.lineCount - 1 + CONTEXT_LINES, from + MAX_REGION_LINES - 1);
    if (to < from) continue;
    const block: string[] = [];
    if (lastShown > 0 && from > lastShown + 1) block.push("…");
    for (let n = from; n <= to; n++) block.push(lineNumberPrefix(n, width) + clipLine(lines[n - 1]!, 300));
    const blockText = block.join("\n");
    if (used + blockText.length + 1 > maxChars) break;
    parts.push(blockText);
    used += blockText.length + 1;
    lastShown = to;
  }
  return parts.join("\n");
}
