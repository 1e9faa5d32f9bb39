// apply_patch's files as ONE WorkspaceEdit: created, deleted, moved and changed files land
// together, so a single Undo reverts the whole patch (VS Code asks once whether to undo it in
// all files). Every file is checked against the text the patch was computed against first; the
// extension host stamps text edits with document versions, so typing after the check makes VS
// Code refuse the whole edit rather than mix the two.
import { promises as fs } from "node:fs";
import * as vscode from "vscode";
import { ToolError, type PatchFileChange } from "../../core/tools/contract";
import { findOpenDocument } from "./documents";

const STALE = "changed since the patch was prepared (the user or another program edited it), so nothing was applied. Read it again and send the patch anew.";
const METADATA: vscode.WorkspaceEditEntryMetadata = { label: "Patch by gpt-oss", needsConfirmation: false };

function sameText(current: string, before: string): boolean {
  return current === before || current.replace(/\r\n/g, "\n") === before.replace(/\r\n/g, "\n");
}

async function exists(absolute: string): Promise<boolean> {
  return findOpenDocument(absolute) !== undefined || (await fs.lstat(absolute).then(() => true, () => false));
}

export interface ApplyPatchOptions {
  /** The text as the user sees it (the environment's checked readText). */
  readText(absolute: string): Promise<string>;
  onSaveFailed?(path: string): void;
}

export async function applyPatchEdit(files: readonly PatchFileChange[], options: ApplyPatchOptions): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  /** Documents to save afterwards (the disk should match, unless the user had unsaved typing there). */
  const toSave: Array<{ uri: vscode.Uri; path: string }> = [];
  for (const file of files) {
    const uri = vscode.Uri.file(file.absolute);
    if (file.action === "add") {
      if (await exists(file.absolute)) throw new ToolError(`${file.path} already exists: it appeared after the patch was prepared, so nothing was applied.`);
      edit.createFile(uri, { overwrite: false, ignoreIfExists: false, contents: Buffer.from(file.after, "utf8") }, METADATA);
      continue;
    }
    const source = file.movedFrom ?? file;
    const sourceUri = vscode.Uri.file(source.absolute);
    const current = await options.readText(source.absolute).catch(() => undefined);
    if (current === undefined) throw new ToolError(`${source.path} no longer exists, so nothing was applied. Send the patch anew.`);
    if (!sameText(current, file.before)) throw new ToolError(`${source.path} ${STALE}`);
    if (file.action === "delete") {
      edit.deleteFile(sourceUri, { ignoreIfNotExists: false }, METADATA);
      continue;
    }
    const document = await vscode.workspace.openTextDocument(sourceUri);
    const wasDirty = document.isDirty;
    if (file.after !== document.getText()) {
      edit.replace(sourceUri, new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)), file.after, METADATA);
    }
    if (file.movedFrom) {
      if (await exists(file.absolute)) throw new ToolError(`${file.path} already exists: it appeared after the patch was prepared, so nothing was applied.`);
      // Text edits first, then the rename: the edit applies in order, and the moved document keeps them.
      edit.renameFile(sourceUri, uri, { overwrite: false }, METADATA);
    }
    if (!wasDirty) toSave.push({ uri, path: file.path });
  }
  if (!(await vscode.workspace.applyEdit(edit))) throw new ToolError(`VS Code could not apply the patch (a file ${STALE})`);
  for (const { uri, path } of toSave) {
    const document = vscode.workspace.textDocuments.find((doc) => doc.uri.toString() === uri.toString());
    if (document?.isDirty && !(await document.save())) options.onSaveFailed?.(path);
  }
}
