// gptOss.tools.browser, the switch alone: whether it is on, and the watch that asks for consent
// the moment it is turned on (not at the first chat after). Its own small file without zod: the
// startup bundle watches the switch; the consent dialog itself (browserSetting.ts) loads with
// the features (issue 20).
import * as vscode from "vscode";

export const BROWSER_SETTING = "gptOss.tools.browser";

/** On in settings, and never in Restricted Mode. */
export function browserEnabled(): boolean {
  return vscode.workspace.getConfiguration().get(BROWSER_SETTING) === true && vscode.workspace.isTrusted;
}

/** Calls `askConsent` each time the setting is turned on. */
export function registerBrowserConsent(askConsent: () => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((event) => {
    if (event.affectsConfiguration(BROWSER_SETTING) && browserEnabled()) askConsent();
  });
}
