// The tiny gpt-oss model for engine tests and benchmarks: generated on first use (a few seconds),
// cached under .cache/tiny-model/ after that.
import type { Llama, LlamaModel } from "node-llama-cpp" with { "resolution-mode": "import" };
import { ensureTinyModel, type EnsureOptions } from "../fixtures/tiny-model/generate";
import { cpuLlama } from "./cpuLlama";

/** Absolute path of the tiny model (default shape and seed unless overridden), created if missing. */
export async function tinyModelPath(options?: EnsureOptions): Promise<string> {
  return ensureTinyModel(options);
}

export interface LoadedTinyModel {
  llama: Llama;
  model: LlamaModel;
  path: string;
  /** Frees the model and llama.cpp, so the test process can exit. */
  dispose(): Promise<void>;
}

/**
 * Loads the tiny model in node-llama-cpp on the CPU, never building or downloading anything.
 * Contexts made from it should pass `threads: 1`: on small machines node-llama-cpp's default
 * thread count is ~200x slower.
 */
export async function loadTinyModel(options?: EnsureOptions): Promise<LoadedTinyModel> {
  const path = await tinyModelPath(options);
  const llama = await cpuLlama(1);
  const model = await llama.loadModel({ modelPath: path });
  return {
    llama,
    model,
    path,
    async dispose() {
      await model.dispose();
      await llama.dispose();
    },
  };
}

/**
 * The benchmarks' model: compute-bound like a real one (~6 ms per token at 1 thread), MXFP4
 * experts like the real files; ~240 MB, generated under .cache/tiny-model/ on first use.
 */
export const BENCH_MODEL_CONFIG = { embedding: 512, blocks: 8, experts: 16 } as const;
