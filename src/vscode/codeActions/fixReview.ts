// The user's look at a proposed fix before anything changes: VS Code's diff editor (the file on
// the left, the file with the fix on the right, served read-only under the `gpt-oss-fix:`
// scheme), and a notification to Apply or Discard. Apply is one WorkspaceEdit, so one Ctrl+Z
// undoes it, and only if the file still holds the text the fix was computed against.
import * as path from "node:path";
import * as vscode from "vscode";
import { CONTENT_SCHEMES } from "../contentSchemes";
import { replaceLines, type LineReplacement } from "./fixAnswer";

export const FIX_SCHEME = CONTENT_SCHEMES.fix;
export const APPLY = "Apply";
export const DISCARD = "Discard";

/** Labels the edit in VS Code's undo history. */
const EDIT_METADATA: vscode.WorkspaceEditEntryMetadata = { label: "Fix by gpt-oss", needsConfirmation: false };

export interface ProposedFix {
  document: vscode.TextDocument;
  /** The document's text when the fix was asked for (the model saw this). */
  textBefore: string;
  /** 1-based, inclusive: the lines replaced. */
  startLine: number;
  endLine: number;
  /** Their new text ("\n" line ends). */
  text: string;
  /** The notification's question. */
  question: string;
}

export type ReviewOutcome = "applied" | "discarded" | "changed" | "failed";

/** Serves the fixed texts to the diff editor, one per review, while it is open. */
export class FixDiffs implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly registration = vscode.workspace.registerTextDocumentContentProvider(FIX_SCHEME, this);
  private next = 1;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(new URLSearchParams(uri.query).get("id") ?? "") ?? "";
  }

  add(document: vscode.TextDocument, text: string): vscode.Uri {
    const id = String(this.next++);
    this.texts.set(id, text);
    // The path keeps the file's name so the diff gets the right language mode.
    return vscode.Uri.from({ scheme: FIX_SCHEME, path: `/${path.basename(document.uri.path)}`, query: new URLSearchParams({ id }).toString() });
  }

  async close(uri: vscode.Uri): Promise<void> {
    this.texts.delete(new URLSearchParams(uri.query).get("id") ?? "");
    const tabs = vscode.window.tabGroups.all
      .flatMap((group) => group.tabs)
      .filter((tab) => tab.input instanceof vscode.TabInputTextDiff && tab.input.modified.toString() === uri.toString());
    if (tabs.length > 0) await vscode.window.tabGroups.close(tabs, true);
  }

  dispose(): void {
    this.registration.dispose();
    this.texts.clear();
  }
}

/** Where in the document the fix goes: the smallest replacement, as offsets into `textBefore`. */
export function fixEdit(fix: ProposedFix): LineReplacement {
  const eol = fix.document.eol === vscode.EndOfLine.CRLF ? "\r\n" : "\n";
  return replaceLines(fix.textBefore, fix.startLine, fix.endLine, fix.text, eol);
}

/**
 * Scrolls the diff to the change, sideways too: a fix near the end of a long line would sit
 * beyond the narrow side-by-side panes, and the user would approve what they cannot see.
 */
function revealChange(right: vscode.Uri, edit: LineReplacement): void {
  const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === right.toString());
  if (!editor) return;
  const start = editor.document.positionAt(edit.start);
  const end = editor.document.positionAt(edit.start + edit.text.length);
  editor.selection = new vscode.Selection(start, start);
  editor.revealRange(new vscode.Range(start, end), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}

/** Shows the diff, asks, applies on Apply. Resolves once the user has answered (or dismissed it). */
export async function reviewFix(diffs: FixDiffs, fix: ProposedFix): Promise<ReviewOutcome> {
  const edit = fixEdit(fix);
  const right = diffs.add(fix.document, edit.after);
  const title = `${path.basename(fix.document.uri.path)} ↔ fix proposed by gpt-oss`;
  let choice: string | undefined;
  try {
    await vscode.commands.executeCommand("vscode.diff", fix.document.uri, right, title, { preview: false });
    revealChange(right, edit);
    choice = await vscode.window.showInformationMessage(fix.question, APPLY, DISCARD);
  } finally {
    await diffs.close(right).catch(() => undefined);
  }
  if (choice !== APPLY) return "discarded";

  const { document } = fix;
  // The model saw `textBefore`: a fix for other text could break what the user typed since.
  if (document.getText() !== fix.textBefore) return "changed";
  const workspaceEdit = new vscode.WorkspaceEdit();
  workspaceEdit.replace(document.uri, new vscode.Range(document.positionAt(edit.start), document.positionAt(edit.end)), edit.text, EDIT_METADATA);
  // Stamped with the document's version: a keystroke after the check above makes VS Code refuse it.
  if (!(await vscode.workspace.applyEdit(workspaceEdit))) return document.getText() !== fix.textBefore ? "changed" : "failed";
  const at = document.positionAt(edit.start);
  await vscode.window.showTextDocument(document, { selection: new vscode.Range(at, at), preview: false });
  return "applied";
}
