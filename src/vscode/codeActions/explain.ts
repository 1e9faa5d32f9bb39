// "Explain this with gpt-oss": the selection (or, with nothing selected, the function around the
// cursor) goes to the chat as an attachment with a short request; the answer streams there, where
// the user can ask on.
import * as vscode from "vscode";
import type { Attachment } from "../../core/protocol";
import type { CodeActionDeps } from "./deps";
import { displayPathOf, enclosingLines } from "./regions";

/** A selection longer than this is cut (the chat's context window is finite; say so). */
const MAX_LINES = 400;

export const EXPLAIN_REQUEST = "Explain this code.";

export async function explainSelection(deps: Pick<CodeActionDeps, "askInChat" | "log">, uri?: vscode.Uri, range?: vscode.Range): Promise<void> {
  const editor = uri ? vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString()) : vscode.window.activeTextEditor;
  const document = editor?.document ?? (uri ? await vscode.workspace.openTextDocument(uri) : undefined);
  if (!document) {
    void vscode.window.showInformationMessage("gpt-oss: open a file and select the code to explain.");
    return;
  }
  let selection = range ?? editor?.selection;
  if (!selection || selection.isEmpty) {
    const at = (selection instanceof vscode.Selection ? selection.active : selection?.start) ?? new vscode.Position(0, 0);
    const span = await enclosingLines(document, new vscode.Range(at, at));
    selection = new vscode.Range(span.start, 0, span.end, document.lineAt(span.end).text.length);
  }
  const attachment = selectionAttachment(document, selection);
  if (!attachment) {
    void vscode.window.showInformationMessage("gpt-oss: the selection is empty.");
    return;
  }
  await deps.askInChat(EXPLAIN_REQUEST, [attachment]);
}

export function selectionAttachment(document: vscode.TextDocument, range: vscode.Range): Extract<Attachment, { kind: "selection" }> | undefined {
  // A selection of whole lines ends at column 0 of the next line: that line is not part of it.
  const endLine = range.end.character === 0 && range.end.line > range.start.line ? range.end.line - 1 : range.end.line;
  let end = range.end.character === 0 && endLine < range.end.line ? document.lineAt(endLine).range.end : range.end;
  if (endLine - range.start.line + 1 > MAX_LINES) {
    end = document.lineAt(range.start.line + MAX_LINES - 1).range.end;
    void vscode.window.setStatusBarMessage(`gpt-oss: only the first ${MAX_LINES} lines of the selection were attached.`, 8_000);
  }
  const text = document.getText(new vscode.Range(range.start, end)).replace(/\r\n/g, "\n");
  if (text.trim() === "") return undefined;
  return {
    kind: "selection",
    path: displayPathOf(document),
    languageId: document.languageId,
    startLine: range.start.line + 1,
    endLine: end.line + 1,
    text,
  };
}
