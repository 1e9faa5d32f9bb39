// get_editor_context: what the user is looking at: the active file, visible lines, selection.
// The selected text of a secret file, or of a file outside the workspace, is not passed on.
import * as z from "zod";
import type { Tool } from "../contract";
import { languageServicesOf } from "../languageTools";
import { secretFilterFor } from "../resolveForTool";
import { capText } from "../resultCap";

const parameters = z.object({});
export type GetEditorContextParams = z.infer<typeof parameters>;

export const getEditorContextTool: Tool<GetEditorContextParams> = {
  name: "get_editor_context",
  description:
    'Tells you what the user is looking at in the editor: the active file, its language, the visible lines and the selected text. Use it when the user says "this", "here" or "the selected code". ' +
    "Read the file with read_file for more than the selection.",
  parameters,
  risk: "read",
  needsLanguageServices: true,
  invocationMessage: () => "Looking at the editor",

  async run(_params, { env, signal, maxResultChars }) {
    const services = languageServicesOf(env, "get_editor_context");
    const editor = await services.editorContext();
    signal.throwIfAborted();
    if (!editor) return { content: "No file is open in an editor.", summary: "No active editor" };

    const secret = secretFilterFor(env)(editor.path.split(env.paths.sep).join("/"));
    const outside = env.paths.isAbsolute(editor.path);
    const lines = [
      `Active file: ${editor.path} (${editor.languageId})${editor.dirty ? ", with unsaved changes" : ""}${outside ? ", outside the workspace" : ""}.`,
      `Visible lines: ${editor.visibleLines.start}-${editor.visibleLines.end}.`,
    ];
    const selection = editor.selection;
    if (!selection || selection.text === "") {
      lines.push(selection ? `Cursor at line ${selection.start.line}, column ${selection.start.column}; nothing is selected.` : "Nothing is selected.");
    } else {
      const range = `lines ${selection.start.line}:${selection.start.column}-${selection.end.line}:${selection.end.column}`;
      if (secret) lines.push(`Selected ${range}; the text is withheld because this is a secret file (it matches ${secret.pattern}).`);
      else if (outside) lines.push(`Selected ${range}; the text is withheld because the file is outside the workspace.`);
      else lines.push(`Selected ${range}:\n${selection.text}`);
    }
    const capped = capText(lines.join("\n"), maxResultChars, `[The selection was cut here to fit. Read it with read_file.]`);
    return { content: capped.text, summary: `Looking at ${editor.path}`, ...(capped.truncated ? { truncated: true } : {}) };
  },
};
