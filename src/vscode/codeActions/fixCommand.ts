// "Fix this with gpt-oss": the agent runs on an action-priority lease with read-only tools (it can
// look around, not change anything), under a cancellable progress notification; its answer's
// code block becomes a proposed edit that the user reviews as a diff and applies, or not.
import * as path from "node:path";
import * as vscode from "vscode";
import { runAgent } from "../../core/agent/loop";
import type { AgentEvent, AgentRunResult, Approver } from "../../core/agent/types";
import { today } from "../../core/prompts/conversationHead";
import { availableTools, functionToolDescriptions } from "../../core/tools/registry";
import { bindAgent } from "../../engine/agentTurns";
import { errorText } from "../../engine/errors";
import { TokenAbort } from "../cancellation";
import { samplingOptions } from "../engineSettings";
import { agentSettings } from "../tools/toolSettings";
import type { CodeActionDeps } from "./deps";
import { proposeFix } from "./fixAnswer";
import { fixConversation, type FixProblem, type FixRegion } from "./fixPrompt";
import { reviewFix, type FixDiffs } from "./fixReview";
import { fixTargetOf, isFixable, type FixTarget } from "./fixTarget";
import { displayPathOf, enclosingLines, spanText } from "./regions";

/** A quick fix needs few steps; a model that keeps searching is not going to converge. */
const MAX_FIX_STEPS = 12;

/** The error (else warning) under the active editor's cursor, for the command and its keybinding. */
function targetAtCursor(): FixTarget | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const at = editor.selection.active;
  const here = vscode.languages
    .getDiagnostics(editor.document.uri)
    .filter((d) => isFixable(d) && (d.range.contains(at) || d.range.start.line === at.line))
    .sort((a, b) => a.severity - b.severity || Math.abs(a.range.start.line - at.line) - Math.abs(b.range.start.line - at.line));
  return here[0] ? fixTargetOf(editor.document.uri, here[0]) : undefined;
}

/** Read-only tools never ask; anything else is refused outright (none is offered). */
const refuseChanges: Approver = async () => ({ approved: false, reason: "Fixes are proposed as a diff; tools here only read." });

export class FixRunner {
  constructor(
    private readonly deps: CodeActionDeps,
    private readonly diffs: FixDiffs,
  ) {}

  async run(target = targetAtCursor()): Promise<void> {
    if (!target) {
      void vscode.window.showInformationMessage("gpt-oss: there is no error or warning at the cursor to fix.");
      return;
    }
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(target.uri));
    const textBefore = document.getText();
    const range = new vscode.Range(...target.range);
    const span = await enclosingLines(document, range);
    const region: FixRegion = { startLine: span.start + 1, endLine: span.end + 1, text: spanText(document, span) };
    const problem: FixProblem = {
      path: displayPathOf(document),
      languageId: document.languageId,
      severity: target.severity,
      message: target.message,
      line: range.start.line + 1,
      endLine: range.end.line + 1,
      ...(target.source ? { source: target.source } : {}),
    };
    const name = path.basename(document.uri.path);
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `gpt-oss: fixing ${name}:${problem.line}`, cancellable: true },
      (progress, token) => this.runAgent(problem, region, progress, token),
    );
    if (result === undefined) return;
    this.deps.log.info(`Fix for ${problem.path}:${problem.line}: ${result.reason} after ${result.steps} step(s).`);
    if (result.reason === "cancelled") return;
    if (result.reason !== "final") {
      void vscode.window.showWarningMessage(`gpt-oss found no fix: ${result.message ?? result.reason}`);
      return;
    }

    const proposal = proposeFix(result.answer, region, problem);
    if (proposal.kind === "none") {
      this.deps.log.info(`No usable fix: the answer ${proposal.reason}.`);
      const said = proposal.explanation ? ` It said: ${proposal.explanation}` : "";
      void vscode.window.showWarningMessage(`gpt-oss has no usable fix: its answer ${proposal.reason}, so nothing was changed.${said}`);
      return;
    }
    const outcome = await reviewFix(this.diffs, {
      document,
      textBefore,
      startLine: proposal.startLine,
      endLine: proposal.endLine,
      text: proposal.text,
      question: `gpt-oss proposes a fix for ${name}:${problem.line}${proposal.explanation ? `: ${proposal.explanation}` : "."} Apply it?`,
    });
    this.deps.log.info(`Fix for ${problem.path}:${problem.line}: ${outcome}.`);
    if (outcome === "applied") void vscode.window.setStatusBarMessage("gpt-oss: fix applied (Undo reverts it).", 5_000);
    else if (outcome === "changed") void vscode.window.showWarningMessage(`gpt-oss: ${name} changed while the fix was being prepared, so nothing was applied. Run the fix again.`);
    else if (outcome === "failed") void vscode.window.showErrorMessage(`gpt-oss: VS Code could not apply the fix to ${name}.`);
  }

  /** Undefined when there was no run (no model, or it failed to start: the user was told). */
  private async runAgent(
    problem: FixProblem,
    region: FixRegion,
    progress: vscode.Progress<{ message?: string }>,
    token: vscode.CancellationToken,
  ): Promise<AgentRunResult | undefined> {
    const { host, log, tools, isChatBusy } = this.deps;
    const cancel = new TokenAbort(token);
    progress.report({ message: isChatBusy() ? "waiting for the chat to finish…" : host.state.kind === "ready" ? "starting…" : "loading the model…" });
    try {
      const run = await host.run("action", cancel.signal, (slot, signal) => {
        const readOnly = availableTools({ trusted: false, languageServices: true });
        const conversation = fixConversation(problem, region, {
          tools: functionToolDescriptions(readOnly),
          folders: tools.environment.folders.map((folder) => folder.name),
          date: today(),
        });
        return runAgent({
          conversation,
          tools: readOnly,
          ...bindAgent(slot, samplingOptions()),
          approve: refuseChanges,
          toolContext: { env: tools.environment },
          maxSteps: Math.min(agentSettings().maxSteps, MAX_FIX_STEPS),
          signal,
          onEvent: (event) => {
            const message = progressText(event);
            if (message) progress.report({ message });
          },
        });
      });
      switch (run.kind) {
        case "done":
          return run.value;
        case "cancelled":
          return undefined;
        case "load-failed":
          log.error("Fix: the model could not be loaded", run.error);
          void vscode.window.showErrorMessage(`gpt-oss: ${errorText(run.error)}`);
          return undefined;
        case "no-model":
          void vscode.window.showWarningMessage("gpt-oss: no model is ready. Download the model or choose a local .gguf file, then try again.");
          return undefined;
        case "failed":
          throw run.error;
        default:
          return run satisfies never;
      }
    } finally {
      cancel.dispose();
    }
  }
}

function progressText(event: AgentEvent): string | undefined {
  switch (event.type) {
    case "step-start":
      return event.step === 1 ? "thinking…" : undefined;
    case "tool-call":
      return `${event.invocation}…`;
    case "message-start":
      return event.channel === "final" ? "writing the fix…" : event.channel === "analysis" ? "thinking…" : undefined;
    default:
      return undefined;
  }
}
