// Context the user attaches to a chat message: the selection, the active file, the Problems list,
// or a file picked with `@`. Whatever is attached goes into the model's context, so it passes the
// same gate as a tool's read: inside the workspace folders, not a secret file unless the user
// allowed it (gptOss.tools.secretAllowList).
import * as path from "node:path";
import * as vscode from "vscode";
import type { Attachment } from "../../core/protocol";
import { ToolError } from "../../core/tools/contract";
import { formatLocation, visibleLocations } from "../../core/tools/languageTools";
import { resolveForTool, secretFilterFor } from "../../core/tools/resolveForTool";
import { capText, formatBytes } from "../../core/tools/resultCap";
import { openChecked } from "../../node/files/verifiedOpen";
import { looksBinary } from "../../core/tools/textLines";
import type { VscodeToolEnvironment } from "../tools/vscodeToolEnvironment";

/** An attached file longer than this is cut: it would crowd out the conversation (read_file pages the rest). */
export const MAX_ATTACHED_FILE_CHARS = 40_000;
const MAX_SELECTION_CHARS = 40_000;
const MAX_PROBLEMS = 200;
/** The `@` picker lists at most this many files (a huge repository would stall the picker). */
const MAX_PICKER_FILES = 5_000;

export type AttachRequest = "selection" | "file" | "problems" | "pickFile";

/** Thrown when there is nothing to attach or it is refused; the message is shown under the chips. */
export class AttachError extends Error {
  override name = "AttachError";
}

export async function attachContext(what: AttachRequest, env: VscodeToolEnvironment): Promise<Attachment | undefined> {
  switch (what) {
    case "selection":
      return attachSelection(env);
    case "file": {
      const document = vscode.window.activeTextEditor?.document;
      if (!document) throw new AttachError("No file is open in an editor.");
      return attachDocument(document, env);
    }
    case "problems":
      return attachProblems(env);
    case "pickFile": {
      const picked = await pickWorkspaceFile(env);
      if (!picked) return undefined;
      await checkBeforeOpening(picked, env);
      return attachDocument(await vscode.workspace.openTextDocument(picked), env);
    }
    default:
      return what satisfies never;
  }
}

async function attachSelection(env: VscodeToolEnvironment): Promise<Attachment> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.selection.isEmpty) throw new AttachError("Nothing is selected in the editor.");
  const { document, selection } = editor;
  const shown = await checkedPath(document, env);
  const text = capText(document.getText(selection), MAX_SELECTION_CHARS, "[The selection was cut here.]").text;
  // A selection ending at column 0 of a line does not include that line.
  const endLine = selection.end.character === 0 && selection.end.line > selection.start.line ? selection.end.line : selection.end.line + 1;
  return { kind: "selection", path: shown, languageId: document.languageId, startLine: selection.start.line + 1, endLine, text };
}

async function attachDocument(document: vscode.TextDocument, env: VscodeToolEnvironment): Promise<Attachment> {
  const shown = await checkedPath(document, env);
  const full = document.getText();
  if (looksBinary(full)) throw new AttachError(`${shown} is a binary file.`);
  const text = capText(full, MAX_ATTACHED_FILE_CHARS, `[The file was cut here; it has ${document.lineCount} lines. Use read_file for the rest.]`).text;
  return { kind: "file", path: shown, languageId: document.languageId, text };
}

/** The Problems list for the whole workspace, errors first, as get_diagnostics words it. */
async function attachProblems(env: VscodeToolEnvironment): Promise<Attachment> {
  const severityOrder = { error: 0, warning: 1, information: 2, hint: 3 } as const;
  const found = visibleLocations(env, await env.languageServices.diagnostics(undefined));
  if (found.length === 0) throw new AttachError("The Problems list is empty.");
  found.sort((a, b) => severityOrder[a.severity] - severityOrder[b.severity] || a.path.localeCompare(b.path) || a.line - b.line);
  const lines = found.slice(0, MAX_PROBLEMS).map((d) => {
    const { preview: _preview, ...location } = d;
    return `${formatLocation(location, env.paths)}: ${d.severity}: ${d.message.replace(/\s*\n\s*/g, " ")}${d.source ? ` [${d.source}]` : ""}`;
  });
  if (found.length > lines.length) lines.push(`[… and ${found.length - lines.length} more]`);
  return { kind: "problems", text: lines.join("\n"), count: found.length };
}

/**
 * The document's path as the model reads it, after the tools' path and secret policy. An untitled
 * buffer has no path to leak and passes as its name.
 */
async function checkedPath(document: vscode.TextDocument, env: VscodeToolEnvironment): Promise<string> {
  if (document.uri.scheme === "untitled") return document.uri.path;
  if (document.uri.scheme !== "file") throw new AttachError(`${document.uri.toString(true)} is not a file in the workspace.`);
  try {
    return (await resolveForTool(env, document.uri.fsPath, { mustExist: true })).display;
  } catch (error) {
    if (error instanceof ToolError) throw new AttachError(error.message);
    throw error;
  }
}

/** Larger files are not attached (VS Code would load all of it into the extension host first). */
const MAX_ATTACHED_FILE_BYTES = 16 * 1024 * 1024;

/**
 * A picked file passes the tools' checks before VS Code opens it: opening a named pipe would
 * block, and a huge file would be loaded whole. The descriptor is checked, not the name.
 */
async function checkBeforeOpening(uri: vscode.Uri, env: VscodeToolEnvironment): Promise<void> {
  try {
    const file = await resolveForTool(env, uri.fsPath, { mustExist: true });
    const opened = await openChecked(file.absolute, { folders: env.folders, secretPolicy: env.secretPolicy }, file.display);
    await opened.handle.close();
    if (opened.stat.size > MAX_ATTACHED_FILE_BYTES) {
      throw new ToolError(`${file.display} is too large to attach (${formatBytes(opened.stat.size)}). Ask about it instead; read_file pages through it.`);
    }
  } catch (error) {
    if (error instanceof ToolError) throw new AttachError(error.message);
    throw error;
  }
}

interface FileItem extends vscode.QuickPickItem {
  uri: vscode.Uri;
}

/** A quick pick over the workspace's files (secret files left out), for `@` in the message box. */
async function pickWorkspaceFile(env: VscodeToolEnvironment): Promise<vscode.Uri | undefined> {
  const isSecret = secretFilterFor(env);
  const uris = await vscode.workspace.findFiles("**/*", undefined, MAX_PICKER_FILES);
  const items: FileItem[] = [];
  for (const uri of uris) {
    const relative = vscode.workspace.asRelativePath(uri, false);
    if (isSecret(relative)) continue;
    const folder = path.posix.dirname(relative);
    items.push({ label: path.posix.basename(relative), description: folder === "." ? "" : folder, uri });
  }
  items.sort((a, b) => a.label.localeCompare(b.label) || (a.description ?? "").localeCompare(b.description ?? ""));
  const picked = await vscode.window.showQuickPick(items, {
    title: "Attach a file to the message",
    placeHolder: "Type to find a file",
    matchOnDescription: true,
  });
  return picked?.uri;
}
