import * as vscode from "vscode";

/**
 * The extension's one log: the "gpt-oss" output channel. A LogOutputChannel, so its level
 * follows VS Code's "Developer: Set Log Level..." and lines carry timestamps.
 */
export type Log = vscode.LogOutputChannel;

export function createLog(): Log {
  return vscode.window.createOutputChannel("gpt-oss", { log: true });
}
