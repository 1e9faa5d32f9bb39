import { stat } from "node:fs/promises";
import path from "node:path";
import type { ModelInfo } from "../core/protocol";
import { defaultModelId, findCatalogModel } from "./catalog";

/**
 * Describes `gptOss.model` for the UI without loading the engine: a catalog entry, or a local
 * file checked on disk (exists, is a GGUF) so a wrong path is reported before anything runs.
 */
export async function describeConfiguredModel(setting: string): Promise<ModelInfo> {
  const value = setting.trim() || defaultModelId;
  const entry = findCatalogModel(value);
  if (entry) {
    const { id, label, sizeBytes, memoryBytes, description } = entry;
    return { kind: "catalog", id, label, sizeBytes, memoryBytes, description };
  }
  return describeModelFile(value);
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
    const info = await stat(file);
    if (!info.isFile()) return { kind: "file", path: file, label, problem: "This path is not a file. Choose a .gguf model file." };
    return { kind: "file", path: file, label, sizeBytes: info.size };
  } catch {
    return { kind: "file", path: file, label, problem: "No file at this path. Choose the .gguf file again, or set gptOss.model to gpt-oss-20b." };
  }
}
