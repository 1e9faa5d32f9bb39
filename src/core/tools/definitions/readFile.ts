// read_file: numbered lines of one text file, a page at a time, through env.readText so the
// model sees what the user sees (unsaved editor changes included).
import * as z from "zod";
import { ToolError, type Tool } from "../contract";
import { resolveForTool } from "../resolveForTool";
import { clipLine, formatBytes, formatCount } from "../resultCap";
import { lineNumberPrefix, looksBinary, splitLines } from "../textLines";

/** Lines per call: a page the model can hold and still think about. */
export const READ_FILE_MAX_LINES = 400;
/** A longer line (minified code) is cut; its start is what the model can use. */
export const READ_FILE_MAX_LINE_CHARS = 2000;
// Room kept for the closing note when filling the character budget.
const NOTE_RESERVE = 240;

const parameters = z.object({
  path: z.string().describe("The file to read, relative to the workspace folder, e.g. src/index.ts."),
  start_line: z.number().int().min(1).optional().describe("First line to return (1-based). Default: 1."),
  end_line: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe(`Last line to return, inclusive. Default: as far as one call allows (${READ_FILE_MAX_LINES} lines).`),
});
export type ReadFileParams = z.infer<typeof parameters>;

export const readFileTool: Tool<ReadFileParams> = {
  name: "read_file",
  description:
    "Reads a text file in the workspace. Use it to look at code before you explain or change it (use search_text or find_files first if you do not know where something is). " +
    `Returns the lines, each prefixed with its line number and "| "; that prefix is not part of the file, so leave it out when you copy text into edit_file. ` +
    `At most ${READ_FILE_MAX_LINES} lines come back per call; a longer file ends with a note saying which start_line reads on. Includes unsaved changes in the editor.`,
  parameters,
  risk: "read",
  invocationMessage: ({ path, start_line, end_line }) =>
    start_line || end_line ? `Reading ${path}, lines ${start_line ?? 1}-${end_line ?? "…"}` : `Reading ${path}`,

  async run(params, { env, signal, maxResultChars }) {
    const file = await resolveForTool(env, params.path, { mustExist: true });
    const stat = await env.stat(file.absolute);
    if (!stat) throw new ToolError(`${file.display} does not exist.`);
    if (stat.type === "directory") throw new ToolError(`${file.display} is a folder, not a file. Use list_directory to see what it holds.`);
    const text = await env.readText(file.absolute);
    signal.throwIfAborted();
    if (looksBinary(text)) {
      throw new ToolError(`${file.display} is a binary file (${formatBytes(stat.size)}), not text, so read_file cannot show it.`);
    }

    const lines = splitLines(text);
    const total = lines.length;
    if (total === 0) return { content: `${file.display} is empty.`, summary: `${file.display} is empty` };
    const start = params.start_line ?? 1;
    if (start > total) {
      throw new ToolError(`${file.display} has ${formatCount(total)} lines, so start_line=${start} is past its end. Use a start_line from 1 to ${total}.`);
    }
    const end = Math.min(params.end_line ?? total, total);
    if (end < start) throw new ToolError(`end_line=${params.end_line} is before start_line=${start}. Give an end_line of at least ${start}.`);

    const width = String(Math.min(end, start + READ_FILE_MAX_LINES - 1)).length;
    const budget = Math.max(0, maxResultChars - NOTE_RESERVE);
    const out: string[] = [];
    let used = 0;
    let clipped = 0;
    let shownEnd = start - 1;
    for (let n = start; n <= end && n < start + READ_FILE_MAX_LINES; n++) {
      const raw = lines[n - 1]!;
      const body = clipLine(raw, READ_FILE_MAX_LINE_CHARS);
      if (body !== raw) clipped++;
      let line = lineNumberPrefix(n, width) + body;
      if (used + line.length + 1 > budget) {
        if (out.length > 0) break;
        line = line.slice(0, Math.max(budget, 80)) + " … [line cut to fit]";
        clipped++;
      }
      out.push(line);
      used += line.length + 1;
      shownEnd = n;
    }

    const notes: string[] = [];
    // Paged: the model did not get all it asked for (or, asking for no end, the whole file).
    const truncated = shownEnd < end || (shownEnd < total && params.end_line === undefined);
    if (truncated) {
      notes.push(
        `Showing lines ${formatCount(start)}-${formatCount(shownEnd)} of ${formatCount(total)}. Call read_file with start_line=${shownEnd + 1} to read on.`,
      );
    } else if (start > 1 || shownEnd < total) {
      notes.push(`Showing lines ${formatCount(start)}-${formatCount(shownEnd)} of ${formatCount(total)}.`);
    }
    if (clipped > 0) notes.push(`${clipped === 1 ? "One long line was" : `${clipped} long lines were`} cut; search_text finds text inside them.`);
    const content = notes.length ? `${out.join("\n")}\n\n[${notes.join(" ")}]` : out.join("\n");
    const whole = start === 1 && shownEnd === total;
    return {
      content,
      summary: whole ? `Read ${file.display} (${formatCount(total)} lines)` : `Read lines ${start}-${shownEnd} of ${file.display}`,
      ...(truncated ? { truncated: true } : {}),
    };
  },
};
