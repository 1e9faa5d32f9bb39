// A throwaway folder inside the opened workspace (the sample workspace, whose own files tests
// must not change): tools only see workspace folders, so test files have to live in one.
// `dispose()` reverts what is still unsaved, closes the editors and deletes the folder.
import { promises as fs } from "fs";
import * as path from "path";
import * as vscode from "vscode";

export interface ScratchFolder {
  readonly root: string;
  /** The workspace folder holding it. */
  readonly workspace: string;
  /** Writes a file (parents created) and returns its absolute path. */
  write(relative: string, text: string): Promise<string>;
  /** Path relative to the workspace folder, "/"-separated, as tools display it. */
  display(absolute: string): string;
  dispose(): Promise<void>;
}

export async function createScratchFolder(name: string): Promise<ScratchFolder> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error("the e2e suite needs a workspace folder (the sample workspace)");
  const workspace = folder.uri.fsPath;
  const root = await fs.mkdtemp(path.join(workspace, `.e2e-${name}-`));
  const inside = (doc: vscode.TextDocument) => doc.uri.scheme === "file" && doc.uri.fsPath.startsWith(root + path.sep);
  return {
    root,
    workspace,
    async write(relative, text) {
      const absolute = path.join(root, relative);
      await fs.mkdir(path.dirname(absolute), { recursive: true });
      await fs.writeFile(absolute, text);
      return absolute;
    },
    display: (absolute) => path.relative(workspace, absolute).split(path.sep).join("/"),
    async dispose() {
      // Closing a dirty editor would ask "Save?" and hang the run; these files are throwaway,
      // so saving them is the quiet way out.
      for (const doc of vscode.workspace.textDocuments.filter((d) => inside(d) && d.isDirty)) await doc.save();
      const tabs = vscode.window.tabGroups.all
        .flatMap((group) => group.tabs)
        .filter((tab) => tab.input instanceof vscode.TabInputText && tab.input.uri.fsPath.startsWith(root + path.sep));
      if (tabs.length) await vscode.window.tabGroups.close(tabs, true);
      await fs.rm(root, { recursive: true, force: true });
    },
  };
}

/** Polls `probe` until it returns a value (not undefined) or `timeoutMs` passes. */
export async function eventually<T>(probe: () => T | undefined | Promise<T | undefined>, timeoutMs: number, intervalMs = 250): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
