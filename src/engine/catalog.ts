// The models the extension knows how to get. Pure data: no node-llama-cpp import, so the UI can
// describe a model (size, memory) before the engine is ever loaded.
import { defaultLanes, sequenceKvBytes, type KvShape } from "./lanes";
import { AUTO_CONTEXT_MAX } from "./contextSize";

export interface CatalogModel {
  /** The name users put in `gptOss.model`. */
  id: "gpt-oss-20b" | "gpt-oss-120b";
  label: string;
  /** node-llama-cpp model URI of the GGUF. */
  uri: string;
  /** Size of the GGUF file in bytes. */
  sizeBytes: number;
  /**
   * Memory (RAM or VRAM) the model needs to run, in bytes: the weights, the KV caches of the
   * chat, completion and other sequences at their default sizes (lanes.ts), and llama.cpp's
   * compute buffers.
   */
  memoryBytes: number;
  /** The KV-cache shape, for the sequences' share of `memoryBytes`. */
  kv: KvShape;
  description: string;
  /**
   * SHA-256 (hex) of the GGUF, one per part for a split model, checked after a download.
   * Only from a source that was verified; unset where nobody could check it.
   */
  sha256?: string | readonly string[];
}

const GiB = 1024 ** 3;

/** The KV caches of the default lanes (the chat at the automatic maximum), in bytes. */
export function defaultSequencesKvBytes(kv: KvShape): number {
  return defaultLanes(AUTO_CONTEXT_MAX).reduce((sum, lane) => sum + sequenceKvBytes(kv, lane.contextSize === "auto" ? AUTO_CONTEXT_MAX : lane.contextSize), 0);
}

function entry(model: Omit<CatalogModel, "memoryBytes"> & { computeBytes: number }): CatalogModel {
  const { computeBytes, ...rest } = model;
  return { ...rest, memoryBytes: model.sizeBytes + defaultSequencesKvBytes(model.kv) + computeBytes };
}

export const catalog: readonly CatalogModel[] = [
  entry({
    id: "gpt-oss-20b",
    label: "gpt-oss-20b",
    uri: "hf:giladgd/gpt-oss-20b-GGUF/gpt-oss-20b.MXFP4.gguf",
    sizeBytes: Math.round(11.27 * GiB),
    // 24 blocks alternating 128-token sliding-window and full attention, 8 KV heads of 64.
    kv: { blocks: 24, headsKv: 8, keyLength: 64, valueLength: 64, slidingWindow: 128 },
    computeBytes: 2.5e9,
    description: "21B parameters (3.6B active). Fast on a laptop with 16 GB; the default.",
  }),
  entry({
    id: "gpt-oss-120b",
    label: "gpt-oss-120b",
    // Split in two parts; node-llama-cpp fetches and loads every part from the first one.
    uri: "hf:giladgd/gpt-oss-120b-GGUF/gpt-oss-120b.MXFP4-00001-of-00002.gguf",
    sizeBytes: Math.round(59.02 * GiB),
    kv: { blocks: 36, headsKv: 8, keyLength: 64, valueLength: 64, slidingWindow: 128 },
    computeBytes: 15e9,
    description: "117B parameters (5.1B active). Needs about 80 GB: a workstation or one large GPU.",
  }),
];

export const defaultModelId: CatalogModel["id"] = "gpt-oss-20b";

export function findCatalogModel(name: string): CatalogModel | undefined {
  return catalog.find((model) => model.id === name.trim().toLowerCase());
}
