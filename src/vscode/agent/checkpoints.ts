// Checkpoints in VS Code: before each chat message's first approved change, every workspace
// folder on disk is snapshotted (node/checkpoints, in the extension's storage). *Restore
// Checkpoint…* puts the folders back as they were before a message (after listing the files and
// asking once); *Compare with Checkpoint…* opens VS Code's diff of every changed file.
import * as vscode from "vscode";
import { CONTENT_SCHEMES } from "../contentSchemes";
import type { CheckpointHook } from "../../core/agent/checkpointApprover";
import { CheckpointStore, type CheckpointChange, type CheckpointInfo } from "../../node/checkpoints/checkpointStore";
import type { Log } from "../log";

const SCHEME = CONTENT_SCHEMES.checkpoint;

/** One folder's checkpoint for a message, as the chat's transcript keeps it. */
export interface TakenCheckpoint {
  folder: string;
  id: string;
}

interface FolderCheckpoint {
  folder: vscode.WorkspaceFolder;
  store: CheckpointStore;
  checkpoint: CheckpointInfo;
}

export class ChatCheckpoints implements vscode.Disposable {
  private readonly stores = new Map<string, CheckpointStore>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly storeRoot: string,
    private readonly log: Log,
  ) {
    this.disposables.push(
      vscode.workspace.registerTextDocumentContentProvider(SCHEME, {
        provideTextDocumentContent: async (uri) => {
          const { folder, id, path } = JSON.parse(uri.query) as { folder: string; id: string; path: string };
          const bytes = await this.store(folder).fileAt(id, path);
          return bytes ? new TextDecoder().decode(bytes) : "";
        },
      }),
      vscode.commands.registerCommand("gptOss.restoreCheckpoint", () => this.restoreCommand()),
      vscode.commands.registerCommand("gptOss.compareCheckpoint", () => this.compareCommand()),
    );
  }

  /** The hook the chat's approver calls before a message's first change; undefined when nothing is on disk. */
  hookFor(label: string, taken: (checkpoints: TakenCheckpoint[]) => void, failed: (error: unknown) => void): CheckpointHook | undefined {
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === "file");
    if (!folders.length) return undefined;
    return {
      take: async () => {
        const list: TakenCheckpoint[] = [];
        for (const folder of folders) {
          const checkpoint = await this.store(folder.uri.fsPath).take(label);
          this.log.info(`Checkpoint ${checkpoint.id.slice(0, 12)} of ${folder.name} before "${checkpoint.label}"`);
          list.push({ folder: folder.uri.fsPath, id: checkpoint.id });
        }
        taken(list);
      },
      failed,
    };
  }

  /** Restores the checkpoints of one message (every folder), after listing the files and asking once. */
  async restoreTaken(taken: readonly TakenCheckpoint[]): Promise<number | undefined> {
    const entries = await this.entries(taken);
    const changes = await Promise.all(entries.map(async (e) => ({ entry: e, changes: await e.store.changesSince(e.checkpoint.id) })));
    const all = changes.flatMap(({ entry, changes }) => changes.map((c) => ({ ...c, path: entries.length > 1 ? `${entry.folder.name}/${c.path}` : c.path })));
    const label = entries[0]?.checkpoint.label ?? "this message";
    if (!all.length) {
      void vscode.window.showInformationMessage(`Nothing to restore: the workspace is as it was before "${label}".`);
      return undefined;
    }
    const choice = await vscode.window.showWarningMessage(
      `Restore the workspace to before "${label}"?`,
      { modal: true, detail: `${describeChanges(all)}\n\nThe current state is kept as a checkpoint of its own.` },
      "Restore",
    );
    if (choice !== "Restore") return undefined;
    try {
      for (const { entry, changes: folderChanges } of changes) if (folderChanges.length) await entry.store.restore(entry.checkpoint.id);
      void vscode.window.showInformationMessage(`Restored ${all.length} file(s) to before "${label}".`);
      return all.length;
    } catch (error) {
      void vscode.window.showErrorMessage(`Restoring the checkpoint failed: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  }

  async compareTaken(taken: readonly TakenCheckpoint[]): Promise<void> {
    for (const entry of await this.entries(taken)) await this.compare(entry);
  }

  private async entries(taken: readonly TakenCheckpoint[]): Promise<FolderCheckpoint[]> {
    const entries: FolderCheckpoint[] = [];
    for (const { folder, id } of taken) {
      const workspaceFolder = vscode.workspace.workspaceFolders?.find((f) => f.uri.fsPath === folder);
      if (!workspaceFolder) continue;
      const store = this.store(folder);
      entries.push({ folder: workspaceFolder, store, checkpoint: await store.find(id) });
    }
    return entries;
  }

  private store(folder: string): CheckpointStore {
    let store = this.stores.get(folder);
    if (!store) {
      store = new CheckpointStore({ storeRoot: this.storeRoot, folder });
      this.stores.set(folder, store);
    }
    return store;
  }

  private async pick(title: string): Promise<FolderCheckpoint | undefined> {
    const items: (vscode.QuickPickItem & { entry: FolderCheckpoint })[] = [];
    for (const folder of (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === "file")) {
      const store = this.store(folder.uri.fsPath);
      for (const checkpoint of await store.list(50).catch(() => [])) {
        items.push({
          label: checkpoint.label,
          description: `${new Date(checkpoint.createdAt).toLocaleString()} · ${checkpoint.id.slice(0, 8)}`,
          ...(vscode.workspace.workspaceFolders!.length > 1 ? { detail: folder.name } : {}),
          entry: { folder, store, checkpoint },
        });
      }
    }
    if (!items.length) {
      void vscode.window.showInformationMessage("No checkpoints yet: one is taken before the assistant's first change in each chat message.");
      return undefined;
    }
    return (await vscode.window.showQuickPick(items, { title, placeHolder: "The workspace as it was before this message" }))?.entry;
  }

  private async restoreCommand(): Promise<void> {
    const entry = await this.pick("Restore Checkpoint");
    if (!entry) return;
    const changes = await entry.store.changesSince(entry.checkpoint.id);
    if (!changes.length) {
      void vscode.window.showInformationMessage(`Nothing to restore: ${entry.folder.name} is as it was before "${entry.checkpoint.label}".`);
      return;
    }
    const detail = describeChanges(changes);
    const choice = await vscode.window.showWarningMessage(
      `Restore ${entry.folder.name} to before "${entry.checkpoint.label}"?`,
      { modal: true, detail: `${detail}\n\nThe current state is kept as a checkpoint of its own.` },
      "Restore",
    );
    if (choice !== "Restore") return;
    try {
      const result = await entry.store.restore(entry.checkpoint.id);
      void vscode.window.showInformationMessage(`Restored ${result.changes.length} file(s) in ${entry.folder.name}.`);
    } catch (error) {
      void vscode.window.showErrorMessage(`Restoring the checkpoint failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private async compareCommand(): Promise<void> {
    const entry = await this.pick("Compare with Checkpoint");
    if (entry) await this.compare(entry);
  }

  private async compare(entry: FolderCheckpoint): Promise<void> {
    const changes = await entry.store.changesSince(entry.checkpoint.id);
    if (!changes.length) {
      void vscode.window.showInformationMessage(`No changes in ${entry.folder.name} since before "${entry.checkpoint.label}".`);
      return;
    }
    const resources = changes.map((change) => {
      const current = vscode.Uri.joinPath(entry.folder.uri, ...change.path.split("/"));
      const before = vscode.Uri.from({ scheme: SCHEME, path: `/${change.path}`, query: JSON.stringify({ folder: entry.folder.uri.fsPath, id: entry.checkpoint.id, path: change.path }) });
      return [current, change.status === "created" ? undefined : before, change.status === "deleted" ? undefined : current];
    });
    await vscode.commands.executeCommand("vscode.changes", `Since before "${entry.checkpoint.label}"`, resources);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

function describeChanges(changes: readonly CheckpointChange[]): string {
  const sign = { modified: "changed", created: "created since (will be deleted)", deleted: "deleted since (will come back)" } as const;
  const lines = changes.slice(0, 20).map((c) => `${c.path}: ${sign[c.status]}`);
  if (changes.length > 20) lines.push(`…and ${changes.length - 20} more`);
  return lines.join("\n");
}
