// Proposed edits shown in VS Code's own diff editor before the user approves them. The proposed
// text is served read-only under the `gpt-oss-proposed:` scheme (the path keeps the file's name,
// so the right language mode applies); the left side is the file itself, or an empty document for
// a file that does not exist yet.
import * as vscode from "vscode";
import type { ProposedChange } from "../../core/tools/contract";

export const PROPOSED_SCHEME = "gpt-oss-proposed";

type EditChange = Extract<ProposedChange, { kind: "edit" }>;

/** Diffs stay viewable for a while after the decision (the chat's "show diff" on an older card). */
const REMEMBERED = 50;

export class ProposedDiffs implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changes = new Map<string, EditChange>();
  private readonly registration: vscode.Disposable;
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  /** Call ids restart with each run: a reused id must not show the older run's text. */
  readonly onDidChange = this.changed.event;

  constructor() {
    this.registration = vscode.workspace.registerTextDocumentContentProvider(PROPOSED_SCHEME, this);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const { callId, side } = parseQuery(uri);
    const change = this.changes.get(callId);
    if (!change || side === "empty") return "";
    return change.after;
  }

  remember(callId: string, change: EditChange): void {
    const replaced = this.changes.get(callId);
    this.changes.delete(callId);
    this.changes.set(callId, change);
    if (replaced) this.changed.fire(proposedUri(callId, replaced, "after"));
    for (const old of this.changes.keys()) {
      if (this.changes.size <= REMEMBERED) break;
      this.changes.delete(old);
    }
  }

  has(callId: string): boolean {
    return this.changes.has(callId);
  }

  /** Opens (or focuses) the diff beside the chat, without taking the keyboard from it. */
  async open(callId: string): Promise<boolean> {
    const change = this.changes.get(callId);
    if (!change) return false;
    const proposed = proposedUri(callId, change, "after");
    const original = change.create ? proposedUri(callId, change, "empty") : vscode.Uri.file(change.absolute);
    const title = `${change.path}${change.create ? " (new file)" : ""} ↔ proposed by gpt-oss`;
    await vscode.commands.executeCommand("vscode.diff", original, proposed, title, { preview: true, preserveFocus: true });
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

function proposedUri(callId: string, change: EditChange, side: "after" | "empty"): vscode.Uri {
  const path = `/${change.path.replace(/^\/+/, "")}`;
  return vscode.Uri.from({ scheme: PROPOSED_SCHEME, path, query: new URLSearchParams({ callId, side }).toString() });
}

function parseQuery(uri: vscode.Uri): { callId: string; side: string } {
  const query = new URLSearchParams(uri.query);
  return { callId: query.get("callId") ?? "", side: query.get("side") ?? "after" };
}

export function isProposalTab(tab: vscode.Tab, callId?: string): boolean {
  const input = tab.input;
  if (!(input instanceof vscode.TabInputTextDiff) || input.modified.scheme !== PROPOSED_SCHEME) return false;
  return callId === undefined || parseQuery(input.modified).callId === callId;
}
