// The shared-server backend's settings (`gptOss.backend: server`) and its API key, which lives in
// VS Code's SecretStorage (the OS keychain where there is one), never in settings or logs.
import * as vscode from "vscode";
import type { ModelInfo } from "../core/protocol";
import { describeConfiguredModel } from "../engine/configuredModel";
import type { ServerOptions } from "../engine/server/serverBackend";
import type { ServerApi } from "../engine/server/serverInfo";
import type { Log } from "./log";
import { modelsFolder } from "./modelDownload";
import { configuredModel } from "./modelSetting";

export const SERVER_KEY_SECRET = "gptOss.server.apiKey";

export function usesServer(): boolean {
  return vscode.workspace.getConfiguration("gptOss").get<string>("backend", "local") === "server";
}

export async function serverOptions(context: vscode.ExtensionContext): Promise<ServerOptions> {
  const config = vscode.workspace.getConfiguration("gptOss.server");
  const api: ServerApi = config.get<string>("api", "llama.cpp") === "openai" ? "openai" : "llama.cpp";
  const model = config.get<string>("model", "").trim();
  const seconds = config.get<number>("timeoutSeconds", 120);
  return {
    url: config.get<string>("url", "http://127.0.0.1:8080"),
    api,
    apiKey: (await context.secrets.get(SERVER_KEY_SECRET)) || undefined,
    ...(model ? { model } : {}),
    idleTimeoutMs: Math.max(5, Number.isFinite(seconds) ? seconds : 120) * 1000,
  };
}

/** "gpt-oss: Set Server API Key…": stores the key (or removes it when left empty). */
export function registerServerKeyCommand(context: vscode.ExtensionContext, log: Log): vscode.Disposable {
  return vscode.commands.registerCommand("gptOss.setServerApiKey", async () => {
    const key = await vscode.window.showInputBox({
      title: "gpt-oss server API key",
      prompt: "Sent as 'Authorization: Bearer' to gptOss.server.url. Stored in VS Code's secret storage. Leave empty to remove it.",
      password: true,
      ignoreFocusOut: true,
    });
    if (key === undefined) return;
    if (key.trim() === "") {
      await context.secrets.delete(SERVER_KEY_SECRET);
      log.info("Server API key removed.");
    } else {
      await context.secrets.store(SERVER_KEY_SECRET, key.trim());
      log.info("Server API key stored in secret storage.");
    }
  });
}

/**
 * What the views show as "the model": the configured local model, or in server mode the server,
 * which needs nothing on disk (whether it answers is found out on first use, with a clear error).
 */
export async function describeModelInUse(context: vscode.ExtensionContext, log: Log): Promise<ModelInfo> {
  if (usesServer()) {
    const url = vscode.workspace.getConfiguration("gptOss.server").get<string>("url", "http://127.0.0.1:8080");
    return { kind: "file", path: url, label: `gpt-oss server (${url})` };
  }
  return describeConfiguredModel(configuredModel(), modelsFolder(context, log));
}

/** Settings that change what describeModelInUse says. */
export const MODEL_IN_USE_SETTINGS = ["gptOss.model", "gptOss.modelsFolder", "gptOss.backend", "gptOss.server.url"];
