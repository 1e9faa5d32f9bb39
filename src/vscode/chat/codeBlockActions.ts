// What a code block in the chat can do to the editor: Insert at Cursor (the user's own click is
// the consent, as with a paste) and Apply, which proposes a whole change exactly as edit_file and
// create_file do: the same path and secret policy, the same approval with the diff editor open,
// and one undoable WorkspaceEdit.
import * as vscode from "vscode";
import type { ApprovalRequest } from "../../core/agent/types";
import { changePreview } from "../../core/chatEvents";
import type { ActiveEditor, ApplyState } from "../../core/protocol";
import { ToolError, type ProposedChange } from "../../core/tools/contract";
import { createFileTool } from "../../core/tools/definitions/createFile";
import { editFileTool } from "../../core/tools/definitions/editFile";
import { recheckChangePath } from "../../core/tools/recheckPath";
import { resolveForTool } from "../../core/tools/resolveForTool";
import { looksBinary } from "../../core/tools/textLines";
import { errorText } from "../../engine/errors";
import type { ApprovalService } from "../tools/approvals";
import type { VscodeToolEnvironment } from "../tools/vscodeToolEnvironment";
import { displayPath } from "../tools/workspaceFolders";

type EditChange = Extract<ProposedChange, { kind: "edit" }>;

/** Inserts the code at each cursor of the active editor (replacing what is selected). */
export async function insertAtCursor(code: string): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showWarningMessage("gpt-oss: open a file in an editor to insert the code there.");
    return;
  }
  const done = await editor.edit((edit) => {
    for (const selection of editor.selections) {
      // A block put at the start of a line with text is a block of lines: it keeps its own end.
      const startsLine = selection.isEmpty && selection.start.character === 0 && !editor.document.lineAt(selection.start.line).isEmptyOrWhitespace;
      edit.replace(selection, startsLine && !code.endsWith("\n") ? `${code}\n` : code);
    }
  });
  if (!done) void vscode.window.showWarningMessage("gpt-oss: VS Code could not insert the code (the editor may be read-only).");
  await vscode.window.showTextDocument(editor.document, editor.viewColumn);
}

/** The active editor as the view needs it to decide which blocks Apply fits. */
export function describeActiveEditor(): ActiveEditor {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.uri.scheme !== "file") return { hasSelection: false };
  const shown = displayPath(editor.document.uri);
  return {
    ...(shown.relative !== undefined ? { path: shown.path } : {}),
    languageId: editor.document.languageId,
    hasSelection: !editor.selection.isEmpty,
  };
}

export class CodeApplier implements vscode.Disposable {
  private next = 1;
  private readonly abort = new AbortController();

  constructor(
    private readonly env: VscodeToolEnvironment,
    private readonly approvals: ApprovalService,
  ) {}

  /**
   * Applies `code` to the file `path` names (a whole new text, or a new file), or when no path is
   * given, to the active editor's selection (or its whole text when nothing is selected).
   * `report` hears each stage, for the block's own approval area.
   */
  async apply(code: string, path: string | undefined, report: (state: ApplyState) => void): Promise<void> {
    try {
      if (!vscode.workspace.isTrusted) throw new ToolError("This workspace is in Restricted Mode: trust it to apply changes.");
      const change = path ? await this.changeForPath(path, code) : await this.changeForActiveEditor(code);
      if (change.before === change.after) throw new ToolError(`${change.path} already reads like this block.`);
      const callId = `apply-${this.next++}`;
      const tool = change.create ? createFileTool : editFileTool;
      const request: ApprovalRequest = { callId, tool, params: { path: change.path }, invocation: `Applying a code block to ${change.path}`, change };
      report({ state: "awaiting", callId, preview: changePreview(change) });
      const decision = await this.approvals.approver(request, this.abort.signal);
      if (!decision.approved) {
        report({ state: "denied", text: decision.reason ? `Not applied: ${decision.reason}` : "Not applied." });
        return;
      }
      await recheckChangePath(this.env, change);
      await this.env.applyEdit(change);
      const { added, removed } = changePreview(change) as { added: number; removed: number };
      report({ state: "applied", text: `${change.create ? "Created" : "Applied to"} ${change.path} (+${added} −${removed}). Undo with Ctrl+Z in the editor.` });
    } catch (error) {
      report({ state: "failed", text: errorText(error) });
    }
  }

  private async changeForPath(requested: string, code: string): Promise<EditChange> {
    const file = await resolveForTool(this.env, requested);
    const before = await this.env.readText(file.absolute).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return undefined;
      throw error;
    });
    if (before !== undefined && looksBinary(before)) throw new ToolError(`${file.display} is a binary file.`);
    return { kind: "edit", path: file.display, absolute: file.absolute, before: before ?? "", after: withFinalNewline(code, before), create: before === undefined };
  }

  private async changeForActiveEditor(code: string): Promise<EditChange> {
    const editor = vscode.window.activeTextEditor;
    if (!editor) throw new ToolError("Open the file to apply this block to, or select the part it replaces.");
    const { document, selection } = editor;
    if (document.uri.scheme !== "file") throw new ToolError("The active editor is not a file in the workspace.");
    const file = await resolveForTool(this.env, document.uri.fsPath, { mustExist: true });
    const before = document.getText();
    const after = selection.isEmpty
      ? withFinalNewline(code, before)
      : before.slice(0, document.offsetAt(selection.start)) + code + before.slice(document.offsetAt(selection.end));
    return { kind: "edit", path: file.display, absolute: file.absolute, before, after, create: false };
  }

  dispose(): void {
    this.abort.abort();
  }
}

/** A whole-file block keeps the file's habit of ending in a newline (code blocks never carry one). */
function withFinalNewline(code: string, before: string | undefined): string {
  const wantsNewline = before === undefined || before === "" || before.endsWith("\n");
  return wantsNewline && !code.endsWith("\n") ? `${code}\n` : code;
}
