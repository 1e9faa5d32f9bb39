// The status-bar switch for inline completions: on, off, or off for the active editor's language,
// with a spinner while the model works on one. Clicking it flips gptOss.inlineCompletions.enable.
// The startup bundle shows it first (never busy: no model runs before the features load); the
// features' own one (busy from the completion service) replaces it when they load (issue 20).
import * as vscode from "vscode";
import { COMPLETION_SETTING_KEYS, readCompletionSettings, completionsOn } from "./completionSettings";

export const TOGGLE_COMMAND = "gptOss.toggleInlineCompletions";

export const COMPLETION_STATUS_ITEM = "gptOss.inlineCompletions";

/** `onBusy` fires while the model works on a completion. */
export function registerCompletionStatus(onBusy: (listener: (busy: boolean) => void) => vscode.Disposable): vscode.Disposable {
  const item = vscode.window.createStatusBarItem(COMPLETION_STATUS_ITEM, vscode.StatusBarAlignment.Right, 99);
  item.name = "gpt-oss Inline Completions";
  item.command = TOGGLE_COMMAND;
  let busy = false;

  const render = () => {
    const settings = readCompletionSettings();
    const language = vscode.window.activeTextEditor?.document.languageId;
    if (!settings.enable) {
      item.text = "$(circle-slash) Completions";
      item.tooltip = "gpt-oss inline completions are off. Click to turn them on.";
    } else if (language !== undefined && !completionsOn(settings, language)) {
      item.text = "$(circle-slash) Completions";
      item.tooltip = `gpt-oss inline completions are off for ${language} (gptOss.inlineCompletions.languages). Click to turn them off everywhere.`;
    } else {
      item.text = busy ? "$(loading~spin) Completions" : "$(sparkle) Completions";
      item.tooltip = "gpt-oss inline completions are on: suggestions appear as ghost text, Tab accepts. Click to turn them off.";
    }
    item.show();
  };

  const subscriptions = [
    item,
    onBusy((now) => {
      busy = now;
      render();
    }),
    vscode.window.onDidChangeActiveTextEditor(render),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(COMPLETION_SETTING_KEYS.enable) || event.affectsConfiguration(COMPLETION_SETTING_KEYS.languages)) render();
    }),
  ];
  render();
  return vscode.Disposable.from(...subscriptions);
}
