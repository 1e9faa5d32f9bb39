// Reacting to settings by what they read, not only by what VS Code says changed.
import * as vscode from "vscode";

/**
 * Calls `listener` when any of `keys` (settings or sections, e.g. "gptOss.server") reads
 * differently than before, or when VS Code's event names one of them. The event alone is not
 * enough: in a remote window (code-server) VS Code re-reads the user settings file after any
 * write to it and can drop values there that it had kept so far, with an event that names only
 * the key that was written (issue 19: a colour-theme change took `gptOss.model` away while
 * the chat still showed the model). Comparing values costs a few reads per settings change.
 */
export function onSettingsChange(keys: readonly string[], listener: () => void): vscode.Disposable {
  const read = () => JSON.stringify(keys.map((key) => vscode.workspace.getConfiguration().get(key)));
  let last = read();
  return vscode.workspace.onDidChangeConfiguration((event) => {
    const now = read();
    const changed = now !== last || keys.some((key) => event.affectsConfiguration(key));
    last = now;
    if (changed) listener();
  });
}
