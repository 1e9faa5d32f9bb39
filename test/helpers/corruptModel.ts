// Variants of the tiny gpt-oss model whose header lies about its tensors: the files that made
// llama.cpp abort (GGML_ASSERT) during the load, for the shape check's tests. Each is the tiny
// model's own metadata and tensors with one thing changed. The tensors and the tokenizer are made
// once per process (seconds), each variant is then only written.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { defaultTinyModelConfig } from "../fixtures/tiny-model/config";
import { encodeGguf, type GgufKv, type GgufTensor } from "../fixtures/tiny-model/ggufWriter";
import { gptOssMetadata, gptOssTensors } from "../fixtures/tiny-model/model";
import { buildHarmonyTokenizer, type GgufTokenizer } from "../fixtures/tiny-model/tokenizer";

export interface Corruption {
  /** Metadata keys to set (or, with undefined, to remove). */
  metadata?: Record<string, GgufKv | undefined>;
  /** Changes the tensor list (drop, duplicate, reshape one). */
  tensors?(tensors: GgufTensor[]): GgufTensor[];
}

let parts: { tokenizer: GgufTokenizer; tensors: GgufTensor[] } | undefined;

function tinyParts(): { tokenizer: GgufTokenizer; tensors: GgufTensor[] } {
  if (!parts) {
    const tokenizer = buildHarmonyTokenizer();
    parts = { tokenizer, tensors: gptOssTensors(defaultTinyModelConfig, tokenizer.tokens.length) };
  }
  return parts;
}

/** Writes the tiny model with `corruption` applied to `dir/name`; returns its path. */
export function writeCorruptTinyModel(dir: string, name: string, corruption: Corruption): string {
  const { tokenizer, tensors } = tinyParts();
  const metadata = gptOssMetadata(defaultTinyModelConfig, tokenizer).flatMap(([key, value]): Array<readonly [string, GgufKv]> => {
    if (!corruption.metadata || !(key in corruption.metadata)) return [[key, value]];
    const replaced = corruption.metadata[key];
    return replaced ? [[key, replaced]] : [];
  });
  for (const [key, value] of Object.entries(corruption.metadata ?? {})) {
    if (value && !metadata.some(([k]) => k === key)) metadata.push([key, value]);
  }
  const file = path.join(dir, name);
  writeFileSync(file, Buffer.concat(encodeGguf(metadata, corruption.tensors ? corruption.tensors([...tensors]) : tensors)));
  return file;
}
