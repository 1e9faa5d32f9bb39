// Proposed edits shown in VS Code's own diff editor before the user approves them. The proposed
// text is served read-only under the `gpt-oss-proposed:` scheme (the path keeps the file's name,
// so the right language mode applies); the left side is the file itself, or an empty document for
// a file that does not exist yet.
import * as vscode from "vscode";
import { CONTENT_SCHEMES } from "../contentSchemes";
import type { ProposedChange } from "../../core/tools/contract";

export const PROPOSED_SCHEME = CONTENT_SCHEMES.proposed;

/** One diff tab: a file's proposed text against the file (or an empty side for a new file). */
interface DiffEntry {
  path: string;
  absolute: string;
  after: string;
  /** No file on the left: a new file (or a moved one, shown whole under its new name). */
  create: boolean;
  deleted?: boolean;
}

/** The diffs a change shows: one for an edit, one per file for a patch, none for a command. */
export function diffEntries(change: ProposedChange): DiffEntry[] {
  if (change.kind === "command" || change.kind === "external") return [];
  if (change.kind === "edit") return [{ path: change.path, absolute: change.absolute, after: change.after, create: change.create }];
  return change.files.map((file) => ({
    path: file.movedFrom ? `${file.movedFrom.path} → ${file.path}` : file.path,
    // A moved file is compared with where it was.
    absolute: file.movedFrom?.absolute ?? file.absolute,
    after: file.after,
    create: file.action === "add",
    ...(file.action === "delete" ? { deleted: true } : {}),
  }));
}

/** Diffs stay viewable for a while after the decision (the chat's "show diff" on an older card). */
const REMEMBERED = 50;

export class ProposedDiffs implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changes = new Map<string, DiffEntry[]>();
  private readonly registration: vscode.Disposable;
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  /** Call ids restart with each run: a reused id must not show the older run's text. */
  readonly onDidChange = this.changed.event;

  constructor() {
    this.registration = vscode.workspace.registerTextDocumentContentProvider(PROPOSED_SCHEME, this);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const { callId, side, file } = parseQuery(uri);
    const entry = this.changes.get(callId)?.[file];
    if (!entry || side === "empty") return "";
    return entry.after;
  }

  /** Keeps the change's diffs under its call id; false when it has none (a command). */
  remember(callId: string, change: ProposedChange): boolean {
    const entries = diffEntries(change);
    if (entries.length === 0) return false;
    const replaced = this.changes.get(callId);
    this.changes.delete(callId);
    this.changes.set(callId, entries);
    replaced?.forEach((entry, index) => this.changed.fire(proposedUri(callId, entry, "after", index)));
    for (const old of this.changes.keys()) {
      if (this.changes.size <= REMEMBERED) break;
      this.changes.delete(old);
    }
    return true;
  }

  has(callId: string): boolean {
    return this.changes.has(callId);
  }

  /** Opens (or focuses) the diff beside the chat, without taking the keyboard from it. */
  async open(callId: string): Promise<boolean> {
    const entries = this.changes.get(callId);
    if (!entries) return false;
    // A patch opens one tab per file (not previews, which would replace each other).
    const preview = entries.length === 1;
    for (const [index, entry] of entries.entries()) {
      const proposed = proposedUri(callId, entry, "after", index);
      const original = entry.create ? proposedUri(callId, entry, "empty", index) : vscode.Uri.file(entry.absolute);
      const note = entry.create ? " (new file)" : entry.deleted ? " (deleted)" : "";
      const title = `${entry.path}${note} ↔ proposed by gpt-oss`;
      await vscode.commands.executeCommand("vscode.diff", original, proposed, title, { preview, preserveFocus: true });
    }
    return true;
  }

  /** Closes the diff tabs of this proposal (ours alone: never an editor the user is working in). */
  async close(callId: string): Promise<void> {
    const tabs = vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => isProposalTab(tab, callId));
    if (tabs.length > 0) await vscode.window.tabGroups.close(tabs, true);
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
    this.changes.clear();
  }
}

function proposedUri(callId: string, entry: DiffEntry, side: "after" | "empty", file = 0): vscode.Uri {
  const path = `/${entry.path.replace(/^.* → /, "").replace(/^\/+/, "")}`;
  return vscode.Uri.from({ scheme: PROPOSED_SCHEME, path, query: new URLSearchParams({ callId, side, file: String(file) }).toString() });
}

function parseQuery(uri: vscode.Uri): { callId: string; side: string; file: number } {
  const query = new URLSearchParams(uri.query);
  return { callId: query.get("callId") ?? "", side: query.get("side") ?? "after", file: Number(query.get("file") ?? "0") || 0 };
}

export function isProposalTab(tab: vscode.Tab, callId?: string): boolean {
  const input = tab.input;
  if (!(input instanceof vscode.TabInputTextDiff) || input.modified.scheme !== PROPOSED_SCHEME) return false;
  return callId === undefined || parseQuery(input.modified).callId === callId;
}
