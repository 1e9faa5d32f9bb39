// "Explain / Fix this with gpt-oss": the commands the light bulb, the editor's context menu and
// the keybindings run. The light bulb's provider (codeActionProvider.ts) is registered by the
// startup bundle (src/extension.ts): VS Code asks it at every cursor move, and answering needs
// none of this.
import * as vscode from "vscode";
import { EXPLAIN_COMMAND, FIX_COMMAND } from "./codeActionProvider";
import type { CodeActionDeps } from "./deps";
import { explainSelection } from "./explain";
import { FixRunner } from "./fixCommand";
import { FixDiffs } from "./fixReview";
import type { FixTarget } from "./fixTarget";

export function registerCodeActions(deps: CodeActionDeps): vscode.Disposable {
  const diffs = new FixDiffs();
  const fixes = new FixRunner(deps, diffs);
  // A command argument from the light bulb is plain data; from a keybinding or the menu there is none.
  const run = (what: string, body: () => Promise<void>) =>
    body().catch((error: unknown) => {
      deps.log.error(`${what} failed`, error);
      void vscode.window.showErrorMessage(`gpt-oss: ${what} failed: ${error instanceof Error ? error.message : String(error)}`);
    });
  return vscode.Disposable.from(
    diffs,
    vscode.commands.registerCommand(EXPLAIN_COMMAND, (uri?: unknown, range?: unknown) =>
      run("Explain", () => explainSelection(deps, uri instanceof vscode.Uri ? uri : undefined, range instanceof vscode.Range ? range : undefined)),
    ),
    vscode.commands.registerCommand(FIX_COMMAND, (target?: FixTarget) => run("Fix", () => fixes.run(isFixTarget(target) ? target : undefined))),
  );
}

/** The editor context menu passes the document's URI as the first argument: not a target. */
function isFixTarget(value: unknown): value is FixTarget {
  return typeof value === "object" && value !== null && "uri" in value && "range" in value && typeof (value as FixTarget).uri === "string";
}
