// "gpt-oss: Download Model…" and "gpt-oss: Manage Downloaded Models": pick a catalog model
// to fetch; see what is on disk (sizes, partial downloads) and use, delete or reveal it.
import * as vscode from "vscode";
import { formatBytes } from "../core/format";
import { catalog, findCatalogModel, type CatalogModel } from "../engine/catalog";
import { errorText } from "../engine/errors";
import { deleteStoredModel, listStoredModels, type StoredModel } from "../engine/modelStore";
import type { Log } from "./log";
import { ensureModelDownloaded, modelsFolder } from "./modelDownload";
import { chooseModelFile, configuredModel } from "./modelSetting";

export function registerModelCommands(context: vscode.ExtensionContext, log: Log): void {
  const run = (name: string, action: () => Promise<void>) => async () => {
    try {
      await action();
    } catch (error) {
      log.error(`${name} failed`, error);
      void vscode.window.showErrorMessage(`gpt-oss: ${errorText(error)}`);
    }
  };
  context.subscriptions.push(
    vscode.commands.registerCommand("gptOss.downloadModel", run("Download Model", () => pickAndDownload(context, log))),
    vscode.commands.registerCommand("gptOss.manageModels", run("Manage Downloaded Models", () => manageModels(context, log))),
  );
}

interface CatalogPick extends vscode.QuickPickItem {
  model?: CatalogModel;
}

async function pickAndDownload(context: vscode.ExtensionContext, log: Log): Promise<void> {
  const folder = modelsFolder(context, log);
  const stored = await listStoredModels(folder, catalog);
  const current = configuredModel();
  const items: CatalogPick[] = catalog.map((model) => {
    const onDisk = stored.find((entry) => entry.catalogId === model.id);
    const inUse = current === model.id ? " · in use" : "";
    return {
      label: model.label,
      description: `${formatBytes(model.sizeBytes)} · ${diskState(onDisk)}${inUse}`,
      detail: `${model.description} Needs about ${formatBytes(model.memoryBytes)} of memory.`,
      model,
    };
  });
  items.push({ label: "", kind: vscode.QuickPickItemKind.Separator }, { label: "$(file) Choose Local File…", description: "a .gguf already on this machine" });
  const picked = await vscode.window.showQuickPick(items, { title: "gpt-oss: Download Model", placeHolder: `Models are saved in ${folder}` });
  if (!picked) return;
  if (!picked.model) return chooseModelFile(log);

  const model = picked.model;
  const file = await ensureModelDownloaded(model, context, log);
  if (!file || configuredModel() === model.id || file === configuredModel()) return;
  const use = await vscode.window.showInformationMessage(`${model.label} is downloaded. Use it now?`, "Use This Model");
  if (use) await useModel(model.id, log);
}

interface StoredPick extends vscode.QuickPickItem {
  stored?: StoredModel;
}

async function manageModels(context: vscode.ExtensionContext, log: Log): Promise<void> {
  const folder = modelsFolder(context, log);
  const stored = await listStoredModels(folder, catalog);
  if (stored.length === 0) {
    const pick = await vscode.window.showInformationMessage(`No models downloaded yet (they go to ${folder}).`, "Download Model…");
    if (pick) await vscode.commands.executeCommand("gptOss.downloadModel");
    return;
  }
  const current = configuredModel();
  const total = stored.reduce((sum, entry) => sum + entry.downloadedBytes, 0);
  const items: StoredPick[] = stored.map((entry) => ({
    label: `${isInUse(entry, current) ? "$(check) " : ""}${entry.catalogId ?? entry.name}`,
    description: `${diskState(entry)}${entry.parts > 1 ? ` · ${entry.parts} parts` : ""}`,
    detail: entry.path,
    stored: entry,
  }));
  items.push({ label: "", kind: vscode.QuickPickItemKind.Separator }, { label: "$(folder-opened) Reveal Models Folder", description: folder });
  const picked = await vscode.window.showQuickPick(items, {
    title: `gpt-oss: Downloaded Models (${formatBytes(total)} on disk)`,
    placeHolder: "Choose a model to use, delete or reveal",
  });
  if (!picked) return;
  if (!picked.stored) return reveal(folder);
  await actOn(picked.stored, context, log);
}

async function actOn(entry: StoredModel, context: vscode.ExtensionContext, log: Log): Promise<void> {
  const model = entry.catalogId ? findCatalogModel(entry.catalogId) : undefined;
  const actions: string[] = [];
  if (entry.state === "complete") actions.push("$(check) Use This Model");
  else if (model && !entry.downloading) actions.push("$(cloud-download) Resume Download");
  // Deleting under a running download would only make it fail at the end.
  if (!entry.downloading) actions.push("$(trash) Delete…");
  actions.push("$(folder-opened) Reveal in Folder");
  const action = await vscode.window.showQuickPick(actions, { title: entry.catalogId ?? entry.name, placeHolder: `${diskState(entry)} · ${entry.path}` });
  if (!action) return;
  if (action.endsWith("Use This Model")) return useModel(entry.catalogId ?? entry.path, log);
  if (action.endsWith("Resume Download") && model) {
    await ensureModelDownloaded(model, context, log);
    return;
  }
  if (action.endsWith("Reveal in Folder")) return reveal(entry.files[0] ?? entry.path);
  await confirmAndDelete(entry, log);
}

async function confirmAndDelete(entry: StoredModel, log: Log): Promise<void> {
  const size = formatBytes(entry.downloadedBytes);
  const inUse = isInUse(entry, configuredModel());
  const detail = [
    `${entry.files.length === 1 ? "File" : "Files"}: ${entry.files.join("\n")}`,
    `Frees ${size}.`,
    entry.catalogId ? "It can be downloaded again at any time." : "It was not downloaded from the catalog: it cannot be restored from here.",
    inUse ? "It is the model in use: the assistant will offer to download it again, or to choose another, when it next needs it." : "",
  ]
    .filter(Boolean)
    .join("\n");
  const confirmed = await vscode.window.showWarningMessage(`Delete ${entry.catalogId ?? entry.name} (${size})?`, { modal: true, detail }, "Delete");
  if (confirmed !== "Delete") return;
  try {
    await deleteStoredModel(entry);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EBUSY" || code === "EPERM") {
      throw new Error(`Cannot delete ${entry.name}: it is in use (loaded by the assistant, or open in another program). Unload it or close that program, then try again.`);
    }
    throw error;
  }
  log.info(`Deleted ${entry.files.join(", ")} (${size}).`);
  void vscode.window.showInformationMessage(`Deleted ${entry.catalogId ?? entry.name}: ${size} freed.`);
}

async function useModel(value: string, log: Log): Promise<void> {
  await vscode.workspace.getConfiguration("gptOss").update("model", value, vscode.ConfigurationTarget.Global);
  log.info(`Model set to ${value}`);
}

async function reveal(target: string): Promise<void> {
  // revealFileInOS needs a desktop: in a browser (code-server, Codespaces) show the path instead.
  if (vscode.env.uiKind === vscode.UIKind.Desktop && !vscode.env.remoteName) {
    await vscode.commands.executeCommand("revealFileInOS", vscode.Uri.file(target));
    return;
  }
  const pick = await vscode.window.showInformationMessage(`Models are in ${target} on the machine running the extension.`, "Copy Path");
  if (pick) await vscode.env.clipboard.writeText(target);
}


function isInUse(entry: StoredModel, current: string): boolean {
  return (entry.catalogId !== undefined && entry.catalogId === current.toLowerCase()) || entry.path === current;
}

function diskState(entry: StoredModel | undefined): string {
  if (!entry) return "not downloaded";
  if (entry.downloading) return `downloading: ${formatBytes(entry.downloadedBytes)}${entry.totalBytes ? ` of ${formatBytes(entry.totalBytes)}` : ""}`;
  if (entry.state === "complete") return `downloaded, ${formatBytes(entry.downloadedBytes)}`;
  const of = entry.totalBytes ? ` of ${formatBytes(entry.totalBytes)} (${Math.floor((entry.downloadedBytes / entry.totalBytes) * 100)}%)` : "";
  return `partial: ${formatBytes(entry.downloadedBytes)}${of}, resumes`;
}
