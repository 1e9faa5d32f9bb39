// Getting a catalog model onto the disk, the VS Code way: ask first (size, where, free disk),
// then a cancellable progress notification; Cancel keeps the partial file, errors come with
// the action that fixes them.
import path from "node:path";
import * as vscode from "vscode";
import { TokenAbort } from "./cancellation";
import { formatBytes } from "../core/format";
import { defaultSequencesKvBytes, type CatalogModel } from "../engine/catalog";
import { catalogDownload, downloadModel, type DownloadProgress } from "../engine/download";
import { DownloadError } from "../engine/downloadErrors";
import { errorText } from "../engine/errors";
import { formatDuration } from "../engine/downloadSpeed";
import { findStoredCatalogModel, freeDiskBytes, resolveModelSource, resolveModelsFolder, type StoredModel } from "../engine/modelStore";
import type { Log } from "./log";
import { chooseModelFile, configuredModel, openExtensionSettings } from "./modelSetting";

/** What a status bar (or anyone) can show about a running download. */
export interface ModelDownloadEvent {
  model: CatalogModel;
  state: "downloading" | "done" | "cancelled" | "failed";
  progress?: DownloadProgress;
}

const events = new vscode.EventEmitter<ModelDownloadEvent>();
export const onModelDownload: vscode.Event<ModelDownloadEvent> = events.event;

/** One download per model in this window; a second request joins the first. */
const inFlight = new Map<string, Promise<string | undefined>>();

/** The folder model files go to: `gptOss.modelsFolder`, else the extension's global storage. */
export function modelsFolder(context: vscode.ExtensionContext, log?: Log): string {
  const setting = vscode.workspace.getConfiguration("gptOss").get<string>("modelsFolder", "");
  const { folder, problem } = resolveModelsFolder(setting, path.join(context.globalStorageUri.fsPath, "models"));
  if (problem) log?.warn(problem);
  return folder;
}

/**
 * The local path of `model`, downloading it first with the user's consent. Undefined when
 * there is nothing to load now (declined, cancelled, failed: the user was told). When the user
 * picks "Choose Local File…" instead, the chosen file's path.
 */
export function ensureModelDownloaded(model: CatalogModel, context: vscode.ExtensionContext, log: Log): Promise<string | undefined> {
  const key = model.id;
  let running = inFlight.get(key);
  if (!running) {
    running = ensure(model, context, log).finally(() => inFlight.delete(key));
    inFlight.set(key, running);
  }
  return running;
}

async function ensure(model: CatalogModel, context: vscode.ExtensionContext, log: Log): Promise<string | undefined> {
  const folder = modelsFolder(context, log);
  const stored = await findStoredCatalogModel(folder, model);
  if (stored?.state === "complete") return stored.path;

  const choice = await askConsent(model, folder, stored);
  if (choice === "Choose Local File…") {
    await chooseModelFile(log);
    const chosen = configuredModel();
    return path.isAbsolute(chosen) ? chosen : undefined;
  }
  if (choice !== "Download") {
    log.info(`Download of ${model.label} declined.`);
    return undefined;
  }
  return downloadWithProgress(model, folder, log);
}

async function askConsent(model: CatalogModel, folder: string, stored: StoredModel | undefined): Promise<string | undefined> {
  const have = stored?.downloadedBytes ?? 0;
  const remaining = Math.max(0, model.sizeBytes - have);
  const free = await freeDiskBytes(folder).catch(() => undefined);
  const host = hostOf(model);
  const detail = [
    model.description,
    "",
    `Download: ${formatBytes(model.sizeBytes)} from ${host}` + (have > 0 ? ` (${formatBytes(have)} already here: it resumes)` : ""),
    `Saved to: ${folder}`,
    free === undefined
      ? "Free disk space: unknown"
      : `Free disk space: ${formatBytes(free)}` + (free < remaining ? ` — not enough: free up ${formatBytes(remaining - free)} or change gptOss.modelsFolder` : ""),
    `Needs about ${formatBytes(model.memoryBytes)} of memory to run (with ${formatBytes(defaultSequencesKvBytes(model.kv))} for the KV caches of its chat, completion and code-action sequences).`,
    "",
    "After the download, the model runs on this machine: nothing you type leaves it.",
  ].join("\n");
  const message = have > 0 ? `Resume downloading ${model.label}?` : `Download ${model.label} (${formatBytes(model.sizeBytes)})?`;
  return vscode.window.showInformationMessage(message, { modal: true, detail }, "Download", "Choose Local File…");
}

async function downloadWithProgress(model: CatalogModel, folder: string, log: Log): Promise<string | undefined> {
  const outcome: { path: string } | { error: unknown } = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Downloading ${model.label}`, cancellable: true },
    async (progress, token) => {
      const cancel = new TokenAbort(token);
      let shown = 0;
      try {
        const result = await downloadModel({
          ...catalogDownload(model),
          folder,
          signal: cancel.signal,
          log,
          onProgress: (p) => {
            // `increment` is relative; the bar is in percent.
            progress.report({ increment: p.percent - shown, message: progressMessage(p) });
            shown = p.percent;
            events.fire({ model, state: "downloading", progress: p });
          },
        });
        return { path: result.path };
      } catch (error) {
        return { error };
      } finally {
        cancel.dispose();
      }
    },
  );
  if ("path" in outcome) {
    events.fire({ model, state: "done" });
    return outcome.path;
  }
  return reportFailure(model, folder, log, outcome.error);
}

/** "41% · 4.6 GB of 11.3 GB · 12.3 MB/s · 9 min left" */
export function progressMessage(p: DownloadProgress): string {
  if (p.totalBytes <= 0) return p.resumedFromBytes > 0 ? "Resuming…" : "Starting…";
  const parts = [`${Math.floor(p.percent)}%`, `${formatBytes(p.downloadedBytes)} of ${formatBytes(p.totalBytes)}`];
  if (p.bytesPerSecond > 0) parts.push(`${formatBytes(p.bytesPerSecond)}/s`);
  const left = formatDuration(p.secondsLeft);
  if (left && p.downloadedBytes < p.totalBytes) parts.push(`${left} left`);
  else if (p.resumedFromBytes > 0 && p.bytesPerSecond === 0) parts.push("resuming");
  return parts.join(" · ");
}

async function reportFailure(model: CatalogModel, folder: string, log: Log, error: unknown): Promise<string | undefined> {
  if (!(error instanceof DownloadError)) {
    log.error(`Downloading ${model.label} failed`, error);
    const pick = await vscode.window.showErrorMessage(`Downloading ${model.label} failed: ${errorText(error)}`, "Retry", "Open Logs");
    return followUp(pick, model, folder, log);
  }
  if (error.code === "cancelled") {
    events.fire({ model, state: "cancelled" });
    log.info(error.message);
    const pick = await vscode.window.showInformationMessage(error.message, ...(error.partialKept ? ["Resume Now"] : []));
    return pick === "Resume Now" ? downloadWithProgress(model, folder, log) : undefined;
  }
  events.fire({ model, state: "failed" });
  if (error.code === "busy") {
    void vscode.window.showInformationMessage(error.message);
    return undefined;
  }
  log.error(`[${error.code}] ${error.message}`);
  const actions = ["Retry"];
  if (error.code === "disk-space" || error.code === "write") actions.unshift("Open Settings");
  if (["size-mismatch", "not-gguf", "checksum", "http"].includes(error.code)) actions.push("Choose Local File…");
  actions.push("Open Logs");
  const pick = await vscode.window.showErrorMessage(error.message, ...actions);
  return followUp(pick, model, folder, log);
}

async function followUp(pick: string | undefined, model: CatalogModel, folder: string, log: Log): Promise<string | undefined> {
  switch (pick) {
    case "Retry":
      return downloadWithProgress(model, folder, log);
    case "Open Logs":
      log.show();
      return undefined;
    case "Open Settings":
      await openExtensionSettings();
      return undefined;
    case "Choose Local File…": {
      await chooseModelFile(log);
      const chosen = configuredModel();
      return path.isAbsolute(chosen) ? chosen : undefined;
    }
    default:
      return undefined;
  }
}

function hostOf(model: CatalogModel): string {
  try {
    return new URL(resolveModelSource(model.uri).urls[0]!).host;
  } catch {
    return model.uri;
  }
}
