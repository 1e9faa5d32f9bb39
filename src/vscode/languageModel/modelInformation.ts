// What the vscode.lm provider lists (the configured model when it can run without asking anything:
// a downloaded catalog model or a valid local file; in server mode the server's model) and the
// context key the getting-started walkthrough reads. Its own file, with only the model-file check
// beneath it (no model host, no zod): VS Code asks for the list right after activation, and the
// startup bundle answers that from here rather than loading the features for it (issue 20).
import * as path from "node:path";
import * as vscode from "vscode";
import { describeConfiguredModel } from "../../engine/configuredModel";
import { AUTO_CONTEXT_MAX } from "../../engine/contextSize";
import type { Log } from "../log";
import { modelsFolder } from "../modelDownload";
import { configuredModel } from "../modelSetting";
import { MODEL_IN_USE_SETTINGS, usesServer } from "../serverSettings";
import { onSettingsChange } from "../settingsWatch";

/** True once the configured model can run without a download (walkthrough step 1). */
export const MODEL_READY_CONTEXT = "gptOss.modelOnDisk";

export interface ContextWindow {
  contextSize: number;
  /** False before the model loads: then the size is the setting's (or the automatic maximum). */
  loaded: boolean;
}

/** The context window before a load: what gptOss.contextSize asks for, else the most "auto" gives. */
export function unloadedContextWindow(): ContextWindow {
  const setting = vscode.workspace.getConfiguration("gptOss").get<number>("contextSize", 0);
  return { contextSize: setting > 0 ? setting : AUTO_CONTEXT_MAX, loaded: false };
}

/** Part of the window kept for the answer (reasoning included); the rest is input. */
export function outputReserve(contextSize: number): number {
  return Math.min(8192, Math.floor(contextSize / 4));
}

/** `serverModel`: the server's model name once connected. */
export async function languageModelInformation(
  context: vscode.ExtensionContext,
  log: Log,
  { contextSize, loaded }: ContextWindow,
  serverModel = "gpt-oss",
): Promise<vscode.LanguageModelChatInformation[]> {
  const reserve = outputReserve(contextSize);
  if (usesServer()) {
    const url = vscode.workspace.getConfiguration("gptOss.server").get<string>("url", "http://127.0.0.1:8080");
    return [
      {
        id: "server",
        name: `${serverModel} (server)`,
        family: "gpt-oss",
        version: "server",
        detail: url,
        tooltip: `gpt-oss on the shared server at ${url}${loaded ? `, context ${contextSize.toLocaleString("en-US")} tokens` : ""}.`,
        maxInputTokens: contextSize - reserve,
        maxOutputTokens: reserve,
        capabilities: { toolCalling: true },
      },
    ];
  }
  const info = await describeConfiguredModel(configuredModel(), modelsFolder(context, log));
  const usable = info.kind === "catalog" ? info.stored.state === "complete" : info.problem === undefined;
  if (!usable) return [];
  const where = loaded ? `context ${contextSize.toLocaleString("en-US")} tokens` : `context up to ${contextSize.toLocaleString("en-US")} tokens (set when the model loads)`;
  return [
    {
      id: info.kind === "catalog" ? info.id : `gguf:${path.basename(info.path)}`,
      name: info.kind === "catalog" ? info.label : `gpt-oss (${info.label})`,
      family: "gpt-oss",
      version: info.kind === "catalog" ? info.id : "gguf",
      detail: "local",
      tooltip: `${info.label}, running on this machine through llama.cpp; ${where}. Nothing leaves your machine.`,
      maxInputTokens: contextSize - reserve,
      maxOutputTokens: reserve,
      capabilities: { toolCalling: true },
    },
  ];
}

/** Calls `onChange` when a setting the list depends on changes (the model in use, the context size). */
export function watchModelInformation(onChange: () => void): vscode.Disposable {
  return onSettingsChange([...MODEL_IN_USE_SETTINGS, "gptOss.contextSize"], onChange);
}

/** Sets the walkthrough's context key from the model list; a failure is logged. */
export async function updateModelReadyContext(models: () => Thenable<vscode.LanguageModelChatInformation[]>, log: Log): Promise<void> {
  try {
    await vscode.commands.executeCommand("setContext", MODEL_READY_CONTEXT, (await models()).length > 0);
  } catch (error) {
    log.warn(`Checking the configured model failed: ${String(error)}`);
  }
}
