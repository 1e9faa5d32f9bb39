// The workspace tools' VS Code side, assembled once at activation: the environment the agent's
// tools run in, the approvals that guard changing tools, and the same tools offered to every
// chat in VS Code as language-model tools.
import * as vscode from "vscode";
import type { Log } from "../log";
import { ApprovalService } from "./approvals";
import { registerLanguageModelTools } from "./languageModelTools";
import { createVscodeToolEnvironment, type VscodeToolEnvironment } from "./vscodeToolEnvironment";

export interface WorkspaceTools {
  /** Pass as the agent's `toolContext.env`. */
  readonly environment: VscodeToolEnvironment;
  /** `approvals.approver` is the agent's Approver; the chat view calls `resolve` and `showDiff`. */
  readonly approvals: ApprovalService;
}

/** Builds the tools' services and registers the language-model tools; all disposed with the extension. */
export function registerWorkspaceTools(context: vscode.ExtensionContext, log: Log): WorkspaceTools {
  const environment = createVscodeToolEnvironment({ log });
  const approvals = new ApprovalService({ log });
  context.subscriptions.push(
    environment,
    approvals,
    registerLanguageModelTools({ environment, log, isAlwaysAllowed: (name) => approvals.isAlwaysAllowed(name) }),
  );
  return { environment, approvals };
}

export { ApprovalService } from "./approvals";
export { createVscodeToolEnvironment, type VscodeToolEnvironment } from "./vscodeToolEnvironment";
export { agentSettings, readToolSettings, type ToolSettings } from "./toolSettings";
