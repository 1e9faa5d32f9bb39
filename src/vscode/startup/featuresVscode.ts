// The `vscode` module as the features bundle (dist/features.js) sees it: esbuild.mjs resolves
// every `import "vscode"` in that bundle here. It is the real API, except that registering
// something the startup bundle already answers for with a stand-in (standIns.ts) hands the
// handler to that stand-in instead of registering it a second time, and creating a status-bar item
// the startup bundle shows a placeholder for removes the placeholder first. The feature code stays
// as it is (it registers what it offers), and nothing is registered with VS Code twice (issue 20).
// Anything without a stand-in (listeners, other commands) registers as usual.
import * as vscode from "vscode";
import type { StandIns } from "./standIns";

export * from "vscode";

let standIns: StandIns | undefined;

/** Called by src/features.ts before anything registers. */
export function useStandIns(from: StandIns): void {
  standIns = from;
}

/** `real` with some members replaced; every other member read from `real` when asked (getters stay live). */
function withOverrides<T extends object>(real: T, overrides: Partial<T>): T {
  return new Proxy({} as T, { get: (_target, key) => (key in overrides ? overrides[key as keyof T] : Reflect.get(real, key)) });
}

export const commands = withOverrides(vscode.commands, {
  registerCommand: (id, callback, thisArg) => standIns?.commands.claim(id, thisArg === undefined ? callback : callback.bind(thisArg)) ?? vscode.commands.registerCommand(id, callback, thisArg),
});

const createStatusBarItem = (...args: [string, vscode.StatusBarAlignment?, number?] | [vscode.StatusBarAlignment?, number?]): vscode.StatusBarItem => {
  if (typeof args[0] === "string") standIns?.releasePlaceholder(args[0]);
  return (vscode.window.createStatusBarItem as (...a: unknown[]) => vscode.StatusBarItem)(...args);
};

// A claimed view keeps the stand-in's options, VS Code's defaults (the chat view asks for no others).
export const window = withOverrides(vscode.window, {
  registerWebviewViewProvider: (viewId, provider, options) => standIns?.webviewViews.claim(viewId, provider) ?? vscode.window.registerWebviewViewProvider(viewId, provider, options),
  createStatusBarItem: createStatusBarItem as typeof vscode.window.createStatusBarItem,
});

export const languages = withOverrides(vscode.languages, {
  registerInlineCompletionItemProvider: (selector, provider, ...rest) =>
    standIns?.claimInlineCompletions(provider) ?? vscode.languages.registerInlineCompletionItemProvider(selector, provider, ...(rest as [])),
});

export const workspace = withOverrides(vscode.workspace, {
  registerTextDocumentContentProvider: (scheme, provider) => standIns?.claimContentProvider(scheme, provider) ?? vscode.workspace.registerTextDocumentContentProvider(scheme, provider),
});

export const lm = withOverrides(vscode.lm, {
  registerLanguageModelChatProvider: (vendor, provider) => standIns?.claimChatProvider(vendor, provider) ?? vscode.lm.registerLanguageModelChatProvider(vendor, provider),
  registerTool: (name, tool) => standIns?.tools.claim(name, tool as vscode.LanguageModelTool<unknown>) ?? vscode.lm.registerTool(name, tool),
});
