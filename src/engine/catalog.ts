// The models the extension knows how to get. Pure data: no node-llama-cpp import, so the UI can
// describe a model (size, memory) before the engine is ever loaded.

export interface CatalogModel {
  /** The name users put in `gptOss.model`. */
  id: "gpt-oss-20b" | "gpt-oss-120b";
  label: string;
  /** node-llama-cpp model URI of the GGUF. */
  uri: string;
  /** Size of the GGUF file in bytes. */
  sizeBytes: number;
  /** Memory (RAM or VRAM) the model needs to run with a default context, in bytes. */
  memoryBytes: number;
  description: string;
  /**
   * SHA-256 (hex) of the GGUF, one per part for a split model, checked after a download.
   * Only from a source that was verified; unset where nobody could check it.
   */
  sha256?: string | readonly string[];
}

const GiB = 1024 ** 3;

export const catalog: readonly CatalogModel[] = [
  {
    id: "gpt-oss-20b",
    label: "gpt-oss-20b",
    uri: "hf:giladgd/gpt-oss-20b-GGUF/gpt-oss-20b.MXFP4.gguf",
    sizeBytes: Math.round(11.27 * GiB),
    memoryBytes: 16e9,
    description: "21B parameters (3.6B active). Fast on a laptop with 16 GB; the default.",
  },
  {
    id: "gpt-oss-120b",
    label: "gpt-oss-120b",
    // Split in two parts; node-llama-cpp fetches and loads every part from the first one.
    uri: "hf:giladgd/gpt-oss-120b-GGUF/gpt-oss-120b.MXFP4-00001-of-00002.gguf",
    sizeBytes: Math.round(59.02 * GiB),
    memoryBytes: 80e9,
    description: "117B parameters (5.1B active). Needs about 80 GB: a workstation or one large GPU.",
  },
];

export const defaultModelId: CatalogModel["id"] = "gpt-oss-20b";

export function findCatalogModel(name: string): CatalogModel | undefined {
  return catalog.find((model) => model.id === name.trim().toLowerCase());
}
