// Commands around the loaded model: load now, unload, and the status bar's action menu.
import * as vscode from "vscode";
import { errorText } from "../engine/errors";
import type { ModelHost } from "../engine/modelHost";
import { ENGINE_SETTINGS } from "./engineSettings";
import type { Log } from "./log";
import { onSettingsChange } from "./settingsWatch";
import { SERVER_KEY_SECRET } from "./serverSettings";

export function registerModelHostCommands(host: ModelHost, log: Log, secrets: vscode.SecretStorage): vscode.Disposable {
  const load = async () => {
    try {
      await host.ensureLoaded();
    } catch (error) {
      // The host logged it and shows it in the status bar; say it once here with the fixes.
      const choice = await vscode.window.showErrorMessage(`gpt-oss: ${errorText(error)}`, "Open Settings", "Open Logs");
      if (choice === "Open Settings") await vscode.commands.executeCommand("gptOss.openSettings");
      if (choice === "Open Logs") log.show();
    }
  };
  return vscode.Disposable.from(
    vscode.commands.registerCommand("gptOss.loadModel", load),
    vscode.commands.registerCommand("gptOss.unloadModel", () => host.unload("unloaded by the user")),
    vscode.commands.registerCommand("gptOss.modelActions", () => showActions(host, load)),
    // A loaded model that no longer matches the settings is unloaded; the next use loads the new one.
    onSettingsChange(ENGINE_SETTINGS, () => {
      if (host.state.kind === "ready" || host.state.kind === "error") void host.unload("settings changed");
    }),
    // A new server key applies to the next connection.
    secrets.onDidChange((event) => {
      if (event.key === SERVER_KEY_SECRET && (host.state.kind === "ready" || host.state.kind === "error")) void host.unload("the server API key changed");
    }),
  );
}

interface Action extends vscode.QuickPickItem {
  run(): unknown;
}

async function showActions(host: ModelHost, load: () => Promise<void>): Promise<void> {
  const state = host.state.kind;
  const actions: Action[] = [];
  if (state === "idle" || state === "error") actions.push({ label: "$(play) Load Model Now", run: load });
  if (state === "ready") actions.push({ label: "$(debug-stop) Unload Model", description: "frees its memory", run: () => host.unload("unloaded by the user") });
  actions.push(
    { label: "$(cloud-download) Download Model…", run: () => vscode.commands.executeCommand("gptOss.downloadModel") },
    { label: "$(database) Manage Downloaded Models", run: () => vscode.commands.executeCommand("gptOss.manageModels") },
    { label: "$(output) Show Logs", run: () => vscode.commands.executeCommand("gptOss.showLogs") },
    { label: "$(settings-gear) Open Settings", run: () => vscode.commands.executeCommand("gptOss.openSettings") },
  );
  const picked = await vscode.window.showQuickPick(actions, { title: "gpt-oss Model" });
  await picked?.run();
}
