// The light bulb's entries: "Fix this with gpt-oss" on each error or warning in range (listed with
// the diagnostic, never preferred: VS Code's own fixes are cheaper and exact) and "Explain this
// with gpt-oss" on a selection. Building them costs nothing: no model call until one is chosen,
// and the command receives plain data.
import * as vscode from "vscode";
import { fixTargetOf, isFixable } from "./fixTarget";

export const EXPLAIN_COMMAND = "gptOss.explainSelection";
export const FIX_COMMAND = "gptOss.fixDiagnostic";
/** Not a refactoring or a fix: a kind of its own, so `only` filters can ask for it or leave it out. */
export const EXPLAIN_KIND = vscode.CodeActionKind.Empty.append("gptOss").append("explain");

/** A list of several fixes needs to say which problem each one is for. */
const MESSAGE_PREVIEW = 60;

export class GptOssCodeActions implements vscode.CodeActionProvider {
  static readonly providedCodeActionKinds = [vscode.CodeActionKind.QuickFix, EXPLAIN_KIND];
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: GptOssCodeActions.providedCodeActionKinds };

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    const wants = (kind: vscode.CodeActionKind) => !context.only || context.only.contains(kind);

    if (wants(vscode.CodeActionKind.QuickFix)) {
      const fixable = context.diagnostics.filter(isFixable);
      for (const diagnostic of fixable) {
        const title = fixable.length === 1 ? "Fix this with gpt-oss" : `Fix "${preview(diagnostic.message)}" with gpt-oss`;
        const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
        action.diagnostics = [diagnostic];
        action.isPreferred = false;
        action.command = { command: FIX_COMMAND, title, arguments: [fixTargetOf(document.uri, diagnostic)] };
        actions.push(action);
      }
    }
    if (wants(EXPLAIN_KIND) && !range.isEmpty) {
      const title = "Explain this with gpt-oss";
      const action = new vscode.CodeAction(title, EXPLAIN_KIND);
      action.command = { command: EXPLAIN_COMMAND, title, arguments: [document.uri, range] };
      actions.push(action);
    }
    return actions;
  }
}

function preview(message: string): string {
  const line = message.split("\n")[0]!.trim();
  return line.length > MESSAGE_PREVIEW ? `${line.slice(0, MESSAGE_PREVIEW - 1)}…` : line;
}
