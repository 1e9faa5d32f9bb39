import * as vscode from "vscode";
import { defaultModelId } from "../engine/catalog";
import type { Log } from "./log";

/** `gptOss.model`, trimmed; empty means the default catalog model. */
export function configuredModel(): string {
  return vscode.workspace.getConfiguration("gptOss").get<string>("model", "").trim() || defaultModelId;
}

/** Lets the user pick a local .gguf and makes it the configured model (user settings). */
export async function chooseModelFile(log: Log): Promise<void> {
  const picked = await vscode.window.showOpenDialog({
    title: "Choose a gpt-oss GGUF model file",
    openLabel: "Use this model",
    canSelectMany: false,
    filters: { "GGUF models": ["gguf"] },
  });
  const file = picked?.[0];
  if (!file) return;
  await vscode.workspace.getConfiguration("gptOss").update("model", file.fsPath, vscode.ConfigurationTarget.Global);
  log.info(`Model set to ${file.fsPath}`);
}

export async function openExtensionSettings(): Promise<void> {
  await vscode.commands.executeCommand("workbench.action.openSettings", "@ext:gpt-oss-local.gpt-oss-local");
}
