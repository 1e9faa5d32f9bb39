// The workspace as the tools see it: its on-disk folders, and paths written the way the model
// should write them back (relative to a folder, prefixed with the folder's name in a multi-root
// workspace, as workspacePaths.ts resolves them).
import * as path from "node:path";
import * as vscode from "vscode";
import type { WorkspaceFolderPath } from "../../core/tools/workspacePaths";

/** The open folders that live on disk (virtual file systems have no path the tools can use). */
export function diskWorkspaceFolders(): WorkspaceFolderPath[] {
  return (vscode.workspace.workspaceFolders ?? [])
    .filter((folder) => folder.uri.scheme === "file")
    .map((folder) => ({ name: folder.name, path: folder.uri.fsPath }));
}

export interface DisplayedPath {
  /** "src/a.ts", "lib/src/a.ts" in a multi-root workspace, else the absolute path. */
  readonly path: string;
  /** Relative to its own folder ("/" separators) when inside the workspace. */
  readonly relative?: string;
}

/** How a file is named to the model and the user. */
export function displayPath(uri: vscode.Uri): DisplayedPath {
  if (uri.scheme !== "file") return { path: uri.toString(true) };
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (!folder || folder.uri.scheme !== "file") return { path: uri.fsPath };
  const relative = path.relative(folder.uri.fsPath, uri.fsPath).split(path.sep).join("/") || ".";
  const multiRoot = (vscode.workspace.workspaceFolders?.length ?? 0) > 1;
  return { path: multiRoot ? `${folder.name}/${relative}` : relative, relative };
}
