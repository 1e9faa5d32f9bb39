// edit_file: exact text replacements in one file. prepare() computes the whole new text (shown to
// the user as a diff for approval); run() applies exactly that, through the environment, which
// refuses if the file changed in between.
import * as z from "zod";
import { ToolError, type ProposedChange, type Tool, type ToolContext } from "../contract";
import { applyExactEdits } from "../exactEdits";
import { editedExcerpt } from "../numberedExcerpt";
import { resolveForTool } from "../resolveForTool";
import { plural } from "../resultCap";
import { changedLineCounts, looksBinary } from "../textLines";
import { recheckChangePath } from "../recheckPath";

const parameters = z.object({
  path: z.string().describe("The file to change, relative to the workspace folder, e.g. src/index.ts."),
  edits: z
    .array(
      z.object({
        old_text: z
          .string()
          .describe("Text to replace, copied exactly from the file (whitespace included, without read_file's line numbers). It must occur exactly once in the file: include enough surrounding lines to make it unique."),
        new_text: z.string().describe("The text to put in its place; empty deletes old_text."),
      }),
    )
    .min(1)
    .describe("One or more replacements. They are applied together: if any old_text is not found exactly once, nothing is changed."),
});
export type EditFileParams = z.infer<typeof parameters>;

type EditChange = Extract<ProposedChange, { kind: "edit" }>;

export const editFileTool: Tool<EditFileParams> = {
  name: "edit_file",
  description:
    "Changes an existing file by replacing exact pieces of its text. Read the file first (read_file) and copy each old_text exactly. " +
    "The user reviews the change before it is applied. Returns a summary and the edited lines with their new line numbers. To make a new file, use create_file.",
  parameters,
  risk: "edit",
  invocationMessage: ({ path, edits }) => `Editing ${path}${edits.length > 1 ? ` (${edits.length} changes)` : ""}`,

  async prepare(params, { env, signal }): Promise<EditChange> {
    const file = await resolveForTool(env, params.path, { mustExist: true });
    if ((await env.stat(file.absolute))?.type === "directory") throw new ToolError(`${file.display} is a folder, not a file.`);
    const before = await env.readText(file.absolute);
    signal.throwIfAborted();
    if (looksBinary(before)) throw new ToolError(`${file.display} is a binary file; edit_file only changes text files.`);
    const { after } = applyExactEdits(before, params.edits, file.display);
    return { kind: "edit", path: file.display, absolute: file.absolute, before, after, create: false };
  },

  async run(params, context: ToolContext, change?: ProposedChange) {
    const edit = change ?? (await editFileTool.prepare!(params, context));
    if (edit.kind !== "edit" || edit.create) throw new Error("edit_file was given a change it did not prepare");
    await recheckChangePath(context.env, edit);
    context.signal.throwIfAborted();
    await context.env.applyEdit(edit);

    // The regions are recomputed from the approved change's own `before`; if the change was
    // altered on the way (an editor may let the user adjust it), only the counts are reported.
    let recomputed: ReturnType<typeof applyExactEdits> | undefined;
    try {
      recomputed = applyExactEdits(edit.before, params.edits, edit.path);
    } catch {
      recomputed = undefined;
    }
    const counts = recomputed && recomputed.after === edit.after ? recomputed : changedLineCounts(edit.before, edit.after);
    const head = `Edited ${edit.path}: ${plural(counts.added, "line")} added, ${counts.removed} removed.`;
    const excerpt = recomputed && recomputed.after === edit.after ? editedExcerpt(edit.after, recomputed.regions, context.maxResultChars - head.length - 40) : "";
    return {
      content: excerpt ? `${head} The edited part now reads:\n${excerpt}` : head,
      summary: `+${counts.added} −${counts.removed} lines in ${edit.path}`,
    };
  },
};
