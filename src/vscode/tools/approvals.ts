// Asks the user before a tool changes anything. A request can be answered in two places: a
// notification (Approve / Always allow / Deny) and the chat's approval card (which calls
// `resolve`). The first answer wins; the other is ignored (VS Code cannot take back a
// notification, so a late click on it does nothing). An edit opens VS Code's diff editor on the
// proposed text; "Always allow" is remembered per workspace and per tool in
// gptOss.tools.alwaysAllow, where the user can revoke it.
import * as vscode from "vscode";
import type { ApprovalDecision, ApprovalRequest, Approver } from "../../core/agent/types";
import type { Log } from "../log";
import { describeChange } from "./changeSummary";
import { ProposedDiffs } from "./proposedDiff";
import { addAlwaysAllowed, isAlwaysAllowed } from "./toolSettings";

export const APPROVE = "Approve";
export const ALWAYS_ALLOW = "Always allow";
export const DENY = "Deny";

/** The questions put to the user; tests answer them instead of a person. */
export interface ApprovalPrompts {
  /** A non-modal notification; resolves with the button pressed, undefined when dismissed. */
  ask(message: string, choices: readonly string[]): Thenable<string | undefined>;
  /** After "Deny": why, for the model (undefined or "" for no reason). */
  reason(request: ApprovalRequest): Thenable<string | undefined>;
}

export interface AlwaysAllowStore {
  has(toolName: string): boolean;
  add(toolName: string): Promise<void>;
}

export interface ApprovalServiceOptions {
  log?: Log;
  prompts?: ApprovalPrompts;
  alwaysAllow?: AlwaysAllowStore;
  /** Open the diff editor when an edit asks for approval (default true). */
  openDiff?: boolean;
}

const vscodePrompts: ApprovalPrompts = {
  ask: (message, choices) => vscode.window.showInformationMessage(message, ...choices),
  reason: (request) =>
    vscode.window.showInputBox({
      title: `Deny: ${request.invocation}`,
      prompt: "Why? The model reads this and can try another way (optional; Enter to skip).",
      placeHolder: "e.g. don't touch the tests, use pnpm instead",
    }),
};

/** apply_patch is the model's edit_file: "Always allow" given to edit_file covers it too. */
const COVERED_BY: Readonly<Record<string, string>> = { apply_patch: "edit_file" };

const settingsStore: AlwaysAllowStore = { has: isAlwaysAllowed, add: addAlwaysAllowed };

interface Pending {
  readonly request: ApprovalRequest;
  /** "Deny" was clicked in the notification: that answer won; only its reason is awaited. */
  denying: boolean;
  settle(decision: ApprovalDecision): void;
}

export class ApprovalService implements vscode.Disposable {
  private readonly pending = new Map<string, Pending>();
  private readonly diffs = new ProposedDiffs();
  private readonly prompts: ApprovalPrompts;
  private readonly alwaysAllow: AlwaysAllowStore;

  constructor(private readonly options: ApprovalServiceOptions = {}) {
    this.prompts = options.prompts ?? vscodePrompts;
    this.alwaysAllow = options.alwaysAllow ?? settingsStore;
  }

  /**
   * Whether to also ask in a notification. A toast cannot be withdrawn once the chat card has
   * answered, so the chat turns it off while its view (with the card) is visible.
   */
  notifyWhen: () => boolean = () => true;

  /** The core Approver: pass `approvals.approver` to the agent loop. */
  readonly approver: Approver = (request, signal) => this.request(request, signal);

  /** The call ids waiting for a decision. */
  pendingCallIds(): string[] {
    return [...this.pending.keys()];
  }

  /** Whether the user has always allowed this tool in this workspace (edit_file's covers apply_patch). */
  isAlwaysAllowed(toolName: string): boolean {
    const covering = COVERED_BY[toolName];
    return this.alwaysAllow.has(toolName) || (covering !== undefined && this.alwaysAllow.has(covering));
  }

  /** A decision from the chat view. False when nothing waits under that id (already decided). */
  resolve(callId: string, decision: ApprovalDecision): boolean {
    const waiting = this.pending.get(callId);
    if (!waiting || waiting.denying) return false;
    waiting.settle(decision);
    return true;
  }

  /** Reopens the diff of an edit (pending or recently decided). False when there is none. */
  showDiff(callId: string): Promise<boolean> {
    return this.diffs.open(callId);
  }

  private async request(request: ApprovalRequest, signal: AbortSignal): Promise<ApprovalDecision> {
    if (signal.aborted) return { approved: false, reason: "The run was cancelled." };
    // An edit to a file that configures code to run is asked whatever "Always allow" says.
    if (!request.mustAsk && this.isAlwaysAllowed(request.tool.name)) {
      this.options.log?.info(`Approved ${request.invocation}: ${request.tool.name} is always allowed in this workspace.`);
      return { approved: true };
    }
    // A call id is unique within a run; one left over from an abandoned run is superseded.
    this.pending.get(request.callId)?.settle({ approved: false, reason: "Superseded by a newer request." });

    const { change } = request;
    let diffShown: Promise<unknown> = Promise.resolve();
    const hasDiff = this.diffs.remember(request.callId, change);
    const decision = await new Promise<ApprovalDecision>((resolve) => {
      let settled = false;
      const settle = (decision: ApprovalDecision) => {
        if (settled) return;
        settled = true;
        signal.removeEventListener("abort", onAbort);
        if (this.pending.get(request.callId) === entry) this.pending.delete(request.callId);
        resolve(decision);
      };
      const entry: Pending = { request, denying: false, settle };
      const onAbort = () => settle({ approved: false, reason: "The run was cancelled." });
      signal.addEventListener("abort", onAbort, { once: true });
      this.pending.set(request.callId, entry);

      if (hasDiff && this.options.openDiff !== false) {
        diffShown = this.diffs.open(request.callId).catch((error) => this.options.log?.warn(`Could not open the diff for ${request.invocation}: ${error}`));
      }
      if (this.notifyWhen()) void this.askInNotification(entry, () => settled);
    });

    // Our diff tab only: the user's own editors stay as they are. A quick answer may come
    // before the diff has opened; closing first would leave it open.
    if (hasDiff) {
      await diffShown;
      await this.diffs.close(request.callId).catch(() => undefined);
    }
    if (decision.approved && decision.always) await this.rememberAlways(request.tool.name);
    this.options.log?.info(`${decision.approved ? "Approved" : "Denied"}: ${request.invocation}${!decision.approved && decision.reason ? ` (${decision.reason})` : ""}`);
    return decision;
  }

  private async askInNotification(entry: Pending, decided: () => boolean): Promise<void> {
    const { request, settle } = entry;
    const { change } = request;
    const verb = change.kind === "edit" ? (change.create ? "create" : "edit") : change.kind === "patch" ? "patch" : "run";
    const why = request.mustAsk ? ` Asked even if ${request.tool.name} is always allowed: ${request.mustAsk}` : "";
    const message = `gpt-oss wants to ${verb} ${describeChange(request.change)}.${why}`;
    try {
      // "Always allow" would not apply to such a file anyway; not offering it says so.
      const choice = await this.prompts.ask(message, request.mustAsk ? [APPROVE, DENY] : [APPROVE, ALWAYS_ALLOW, DENY]);
      if (decided()) return;
      if (choice === APPROVE) settle({ approved: true });
      else if (choice === ALWAYS_ALLOW) settle({ approved: true, always: true });
      else if (choice === DENY) {
        // The click decided (the chat card can no longer answer); the reason is a courtesy, and
        // an abort meanwhile settles without it.
        entry.denying = true;
        const reason = (await this.prompts.reason(request))?.trim();
        settle(reason ? { approved: false, reason } : { approved: false });
      }
      // Dismissed (Escape, closed): the chat card still waits for an answer.
    } catch (error) {
      this.options.log?.warn(`The approval notification failed: ${error}`);
    }
  }

  private async rememberAlways(toolName: string): Promise<void> {
    try {
      await this.alwaysAllow.add(toolName);
    } catch (error) {
      this.options.log?.warn(`Could not save "always allow" for ${toolName}: ${error}`);
    }
  }

  dispose(): void {
    for (const waiting of [...this.pending.values()]) waiting.settle({ approved: false, reason: "VS Code is closing the extension." });
    this.diffs.dispose();
  }
}
