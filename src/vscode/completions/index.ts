// Inline completions in VS Code: the service on the shared model, the provider for every file,
// the status-bar switch and the commands (toggle, statistics for people and tests).
import * as vscode from "vscode";
import type { ModelHost } from "../../engine/modelHost";
import type { Log } from "../log";
import { describeModelInUse, MODEL_IN_USE_SETTINGS } from "../serverSettings";
import { onSettingsChange } from "../settingsWatch";
import { CompletionService, type CompletionCounters } from "./completionService";
import { COMPLETION_SELECTOR, readCompletionSettings, toggleCompletions } from "./completionSettings";
import { registerCompletionStatus, TOGGLE_COMMAND } from "./completionStatus";
import { InlineCompletionProvider } from "./provider";

export const STATS_COMMAND = "gptOss.showCompletionStats";

export interface CompletionDeps {
  context: vscode.ExtensionContext;
  host: ModelHost;
  log: Log;
  chatBusy(): boolean;
}

export function registerInlineCompletions({ context, host, log, chatBusy }: CompletionDeps): vscode.Disposable {
  const service = new CompletionService({ host, log, maxTokens: () => readCompletionSettings().maxTokens });
  const provider = new InlineCompletionProvider({ service, host, log, chatBusy, modelOnDisk: onDiskCheck(context, log) });
  return vscode.Disposable.from(
    vscode.languages.registerInlineCompletionItemProvider(COMPLETION_SELECTOR, provider),
    registerCompletionStatus((listener) => service.onBusy(listener)),
    vscode.commands.registerCommand(TOGGLE_COMMAND, async () => {
      const on = await toggleCompletions();
      void vscode.window.setStatusBarMessage(`gpt-oss inline completions ${on ? "on" : "off"}.`, 3_000);
    }),
    // Returns the figures too, so tests can assert "no model call" without reading the screen.
    vscode.commands.registerCommand(STATS_COMMAND, (): CompletionCounters => {
      const figures = { ...service.counters };
      void vscode.window.showInformationMessage(statsText(figures));
      return figures;
    }),
    vscode.workspace.onDidCloseTextDocument((document) => service.forget(document.uri.toString())),
  );
}

export function statsText(c: CompletionCounters): string {
  return (
    `gpt-oss inline completions: ${c.requests} request(s), ${c.cacheHits} from the cache, ${c.modelCalls} model call(s), ` +
    `${c.cancelled} cancelled, ${c.errors} failed, ${c.evaluatedTokens} token(s) evaluated.`
  );
}

/**
 * Whether the configured model is on disk, remembered until the model settings change (a header
 * read per keystroke would be wasteful; a download finishing is noticed at the next change).
 */
function onDiskCheck(context: vscode.ExtensionContext, log: Log): () => Promise<boolean> {
  let answer: Promise<boolean> | undefined;
  let checkedAt = 0;
  context.subscriptions.push(
    onSettingsChange(MODEL_IN_USE_SETTINGS, () => (answer = undefined)),
  );
  return () => {
    // A "no" is asked again after a minute: the download may have finished meanwhile.
    if (answer && Date.now() - checkedAt > 60_000) answer = undefined;
    if (!answer) {
      checkedAt = Date.now();
      // In server mode nothing needs to be on disk: the server is asked (and a failure logged).
      answer = describeModelInUse(context, log)
        .then((model) => (model.kind === "catalog" ? model.stored.state === "complete" : model.problem === undefined))
        .catch(() => false);
    }
    return answer;
  };
}
