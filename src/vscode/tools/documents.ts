// Reading and changing files the way the user sees them: an open editor's buffer (unsaved typing
// included) wins over the disk, and a change is one WorkspaceEdit, so it lands in the editor's
// undo stack (Ctrl+Z reverts it) and never silently overwrites what the user typed meanwhile.
import { openChecked, readCheckedText, type FileScope } from "../../node/files/verifiedOpen";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import * as vscode from "vscode";
import { ToolError, type ProposedChange } from "../../core/tools/contract";
import { platformIsCaseSensitive } from "../../node/tools/workspacePaths";

export type EditChange = Extract<ProposedChange, { kind: "edit" }>;

const CHANGED_SINCE_PROPOSED =
  "the file changed since the edit was proposed (the user or another program edited it). Read it again and propose the edit anew.";

/** Labels the edit in VS Code's undo history ("Undo Edit by gpt-oss"). */
const EDIT_METADATA: vscode.WorkspaceEditEntryMetadata = { label: "Edit by gpt-oss", needsConfirmation: false };

function samePath(a: string, b: string): boolean {
  const x = path.resolve(a);
  const y = path.resolve(b);
  return platformIsCaseSensitive ? x === y : x.toLowerCase() === y.toLowerCase();
}

/** The document VS Code has open for this file, if any (an editor tab, or one an extension opened). */
export function findOpenDocument(absolute: string): vscode.TextDocument | undefined {
  return vscode.workspace.textDocuments.find((doc) => doc.uri.scheme === "file" && samePath(doc.uri.fsPath, absolute));
}

/**
 * The text as the user sees it. From disk, a UTF-8 byte-order mark is dropped, as VS Code drops
 * it from a document's text, so what a tool reads compares equal to the document it edits later.
 */
export async function readDocumentText(absolute: string, scope: FileScope): Promise<string> {
  const open = findOpenDocument(absolute);
  if (open) return open.getText();
  // From disk: opened without blocking, the descriptor checked (a regular file, really inside the
  // workspace, no secret), read with a cap: a named pipe hung the extension host here.
  const text = await readCheckedText(absolute, scope, shownName(absolute, scope), MAX_DISK_READ_BYTES);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Larger files are refused: the whole file is read to page through it. */
export const MAX_DISK_READ_BYTES = 64 * 1024 * 1024;

function shownName(absolute: string, scope: FileScope): string {
  for (const folder of scope.folders) {
    const relative = path.relative(folder.path, absolute);
    if (relative && !relative.startsWith("..") && !path.isAbsolute(relative)) return relative.split(path.sep).join("/");
  }
  return path.basename(absolute);
}

/**
 * Whether the document still holds the text the edit was computed against. Line endings are
 * compared loosely: VS Code normalises a file's mixed line endings when it opens it, so a file
 * read from disk may differ from its document in nothing else.
 */
function stillAsProposed(current: string, before: string): boolean {
  return current === before || current.replace(/\r\n/g, "\n") === before.replace(/\r\n/g, "\n");
}

async function exists(absolute: string): Promise<boolean> {
  return fs.stat(absolute).then(() => true, () => false);
}

export interface ApplyEditOptions {
  /** Told about a save that failed (the edit itself is applied and undoable). */
  onSaveFailed?(path: string): void;
}

/**
 * Applies a proposed edit as one WorkspaceEdit. A new file is created with its parent folders; an
 * existing one has its whole text replaced by `after` (VS Code keeps the file's line endings and
 * encoding). A document that had no unsaved changes is saved so the disk matches; one the user
 * was editing stays unsaved, their edits and ours together.
 */
export async function applyProposedEdit(change: EditChange, scope: FileScope, options: ApplyEditOptions = {}): Promise<void> {
  const uri = vscode.Uri.file(change.absolute);
  // VS Code writes by name through its file service, so the check cannot hold the descriptor to
  // the write as the command-line tool does; it is made right before, on what opening finds
  // (a special file, a link now leading outside or to a secret are refused).
  if (!change.create && !findOpenDocument(change.absolute)) {
    const opened = await openChecked(change.absolute, scope, change.path);
    await opened.handle.close();
  }
  if (change.create) {
    if (findOpenDocument(change.absolute) || (await exists(change.absolute))) {
      throw new ToolError(`${change.path} already exists: ${CHANGED_SINCE_PROPOSED}`);
    }
    const edit = new vscode.WorkspaceEdit();
    edit.createFile(uri, { overwrite: false, ignoreIfExists: false, contents: Buffer.from(change.after, "utf8") }, EDIT_METADATA);
    if (!(await vscode.workspace.applyEdit(edit))) throw new ToolError(`VS Code could not create ${change.path}.`);
    return;
  }

  const document = await vscode.workspace.openTextDocument(uri);
  if (!stillAsProposed(document.getText(), change.before)) throw new ToolError(`${change.path}: ${CHANGED_SINCE_PROPOSED}`);
  const wasDirty = document.isDirty;
  const edit = new vscode.WorkspaceEdit();
  const whole = new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length));
  edit.replace(uri, whole, change.after, EDIT_METADATA);
  // The extension host stamps the edit with the document's version: if the user typed after the
  // check above, VS Code refuses the edit (false) rather than mixing the two.
  if (!(await vscode.workspace.applyEdit(edit))) throw new ToolError(`${change.path}: ${CHANGED_SINCE_PROPOSED}`);
  if (!wasDirty && !(await document.save())) options.onSaveFailed?.(change.path);
}
