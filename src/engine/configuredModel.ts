import path from "node:path";
import { GgufError, readModelDescription } from "../node/gguf";
import type { ModelInfo } from "../core/protocol";
import { type CatalogModel, defaultModelId, findCatalogModel } from "./catalog";
import { findStoredCatalogModel } from "./modelStore";

/**
 * Describes `gptOss.model` for the UI without loading the engine: a catalog entry (and how much
 * of it is in `modelsFolder`), or a local file whose header is read (exists, is a complete
 * GGUF, is gpt-oss), so a wrong path is reported before anything runs.
 */
export async function describeConfiguredModel(setting: string, modelsFolder: string): Promise<ModelInfo> {
  const value = setting.trim() || defaultModelId;
  const entry = findCatalogModel(value);
  if (entry) {
    const { id, label, sizeBytes, memoryBytes, description } = entry;
    return { kind: "catalog", id, label, sizeBytes, memoryBytes, description, stored: await storedState(modelsFolder, entry) };
  }
  return describeModelFile(value);
}

async function storedState(folder: string, entry: CatalogModel): Promise<Extract<ModelInfo, { kind: "catalog" }>["stored"]> {
  const stored = await findStoredCatalogModel(folder, entry);
  if (!stored) return { state: "absent" };
  return stored.state === "complete" ? { state: "complete" } : { state: "partial", downloadedBytes: stored.downloadedBytes };
}

async function describeModelFile(file: string): Promise<ModelInfo> {
  const label = path.basename(file);
  if (!path.isAbsolute(file)) {
    return {
      kind: "file",
      path: file,
      label,
      problem: `"${file}" is neither a catalog model (gpt-oss-20b, gpt-oss-120b) nor an absolute path to a .gguf file. Fix gptOss.model in Settings.`,
    };
  }
  try {
    const model = await readModelDescription(file);
    const problem = model.gptOss.compatible
      ? undefined
      : `This file is not a gpt-oss model: ${model.gptOss.problems.join("; ")}. Choose a gpt-oss GGUF.`;
    return { kind: "file", path: file, label: model.name ?? label, sizeBytes: model.fileSize, parameters: model.parameters, problem };
  } catch (error) {
    if (error instanceof GgufError) return { kind: "file", path: file, label, problem: error.message };
    throw error;
  }
}
