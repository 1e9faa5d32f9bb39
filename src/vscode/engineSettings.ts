// What to load, from the user's settings: the model (downloading a catalog model first, with
// consent), threads, context size and device. Read afresh at every load, so a changed setting
// applies the next time the model loads.
import path from "node:path";
import * as vscode from "vscode";
import { findCatalogModel } from "../engine/catalog";
import { defaultLanes } from "../engine/lanes";
import type { SamplingOptions } from "../engine/generationTypes";
import type { EngineLogLevel } from "../engine/load";
import type { BackendOptions } from "../engine/modelHost";
import type { Log } from "./log";
import { ensureModelDownloaded } from "./modelDownload";
import { configuredModel } from "./modelSetting";
import { serverOptions, usesServer } from "./serverSettings";

/** Settings whose change means the loaded model no longer matches them. */
export const ENGINE_SETTINGS = ["gptOss.model", "gptOss.modelsFolder", "gptOss.threads", "gptOss.contextSize", "gptOss.gpu", "gptOss.speculativeDecoding", "gptOss.backend", "gptOss.server"];

export function idleUnloadMs(): number {
  const minutes = vscode.workspace.getConfiguration("gptOss").get<number>("unloadAfterMinutes", 15);
  return Math.max(0, minutes) * 60_000;
}

export async function resolveEngineOptions(context: vscode.ExtensionContext, log: Log): Promise<BackendOptions | undefined> {
  if (usesServer()) return { server: await serverOptions(context) };
  const config = vscode.workspace.getConfiguration("gptOss");
  const setting = configuredModel();
  const entry = findCatalogModel(setting);
  const modelPath = entry ? await ensureModelDownloaded(entry, context, log) : setting;
  if (!modelPath) return undefined;
  if (!path.isAbsolute(modelPath)) {
    throw new Error(`gptOss.model is "${setting}": use gpt-oss-20b, gpt-oss-120b, or an absolute path to a .gguf file.`);
  }
  const contextSize = config.get<number>("contextSize", 0) || "auto";
  return {
    modelPath,
    gpu: config.get<string>("gpu", "auto") === "cpu" ? false : "auto",
    threads: config.get<number>("threads", 0),
    contextSize,
    // A sequence each for the chat, completions and vscode.lm / code actions (lanes.ts).
    lanes: defaultLanes(contextSize),
    speculative: config.get<boolean>("speculativeDecoding", true),
    log: (level: EngineLogLevel, message: string) => log[level === "debug" ? "debug" : level](`llama.cpp: ${message}`),
    logLevel: "warn",
  };
}

/** Sampling for chat and code actions, read at each request so a change applies at once. */
export function samplingOptions(): SamplingOptions {
  const config = vscode.workspace.getConfiguration("gptOss");
  const inRange = (value: unknown, min: number, max: number, fallback: number) =>
    typeof value === "number" && Number.isFinite(value) && value >= min && value <= max ? value : fallback;
  return {
    temperature: inRange(config.get("temperature"), 0, 2, 1),
    topP: inRange(config.get("topP"), 0, 1, 1),
    topK: Math.round(inRange(config.get("topK"), 0, 1_000_000, 100)),
  };
}
