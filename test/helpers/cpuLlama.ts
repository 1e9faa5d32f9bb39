import type { Llama } from "node-llama-cpp" with { "resolution-mode": "import" };

/**
 * node-llama-cpp on the CPU with `threads` threads, for tests and benchmarks: the prebuilt
 * binary only, never a build or a download. Pass the same `threads` to createContext: on small
 * machines node-llama-cpp's default thread count is ~200x slower.
 */
export async function cpuLlama(threads: number): Promise<Llama> {
  // ESM-only with top-level await: a real dynamic import, never require().
  const { getLlama, LlamaLogLevel } = await import("node-llama-cpp");
  return getLlama({
    gpu: false,
    build: "never",
    skipDownload: true,
    progressLogs: false,
    logLevel: LlamaLogLevel.error,
    maxThreads: threads,
  });
}
