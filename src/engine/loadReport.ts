// What loading found and chose, for the log ("gpt-oss" output channel), the status bar and the CLI.
import type { LlamaGpuType } from "node-llama-cpp" with { "resolution-mode": "import" };
import { formatBytes } from "../core/format";
import type { Lane } from "./lanes";

/** One lane's sequence as loaded: its size and what its KV cache takes. */
export interface LaneReport {
  lane: Lane;
  contextSize: number;
  /** KV-cache bytes of this sequence (estimated from the model's shape, F16 cache). */
  kvBytes: number;
}

export interface LoadTimings {
  /** Reading and checking the GGUF header. */
  checkMs: number;
  /** `import("node-llama-cpp")` (free after the first load in a process). */
  importMs: number;
  /** `getLlama`: finding and testing the binary for the GPU (or CPU). */
  getLlamaMs: number;
  loadModelMs: number;
  createContextMs: number;
  totalMs: number;
}

export interface LoadReport {
  modelPath: string;
  model: {
    name: string | undefined;
    architecture: string | undefined;
    fileSize: number;
    parameters: number;
    quantization: string | undefined;
    /** gpt-oss with the harmony special tokens (otherwise loaded with a warning). */
    gptOss: boolean;
    trainContextSize: number;
  };
  device: {
    /** node-llama-cpp's backend: "cuda", "vulkan", "metal", or false for the CPU. */
    gpu: LlamaGpuType;
    gpuNames: string[];
    /** Layers offloaded to the GPU, of `totalLayers`. */
    gpuLayers: number;
    totalLayers: number;
    /** "CPU", "CUDA: NVIDIA H100 (25/25 layers)" */
    label: string;
  };
  threads: number;
  /** The context size in effect (tokens per sequence), after fitting and llama.cpp's rounding. */
  contextSize: number;
  /** What was asked: a number, or "auto" (fitted to memory). */
  contextSizeRequested: number | "auto";
  sequences: number;
  /**
   * Set when each kind of caller has a sequence of its own (chat, completion, other). `layout`:
   * one context per lane (each sized for its job), or one context with a sequence per lane.
   */
  lanes?: { layout: "contexts" | "sequences"; sequences: LaneReport[] };
  /** Sliding-window size (gpt-oss: 128); long rollbacks are kept cheap with checkpoints. */
  swaSize: number | undefined;
  timings: LoadTimings;
  /** Things the user may want to know (not gpt-oss, context size capped, ...). */
  warnings: string[];
  script?: { path: string; responses: number };
  /** Set when the backend is a shared server instead of llama.cpp in this process. */
  server?: { url: string; api: "llama.cpp" | "openai"; model: string };
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** Log lines for a load, e.g. "Loaded model.gguf in 3.2 s on CPU (1 thread), context 32,768 tokens". */
export function describeLoad(report: LoadReport): string[] {
  if (report.server) {
    const { url, api, model } = report.server;
    return [
      `Using the gpt-oss server at ${url} (${api === "llama.cpp" ? "llama.cpp /completion" : "OpenAI-compatible /v1/completions"}): model ${model}, ` +
        `context ${report.contextSize.toLocaleString("en-US")} tokens, ${report.sequences} slot${report.sequences === 1 ? "" : "s"}.`,
    ];
  }
  const t = report.timings;
  const threads = `${report.threads} thread${report.threads === 1 ? "" : "s"}`;
  const asked = report.contextSizeRequested === "auto" ? "fitted to memory" : `asked ${report.contextSizeRequested.toLocaleString("en-US")}`;
  const lines = [
    `Loaded ${report.model.name ?? report.modelPath} in ${seconds(t.totalMs)} on ${report.device.label} (${threads}); ` +
      `context ${report.contextSize.toLocaleString("en-US")} tokens (${asked}, trained ${report.model.trainContextSize.toLocaleString("en-US")})` +
      (report.sequences > 1 ? ` x ${report.sequences} sequences` : ""),
    `Load timings: check ${seconds(t.checkMs)}, import ${seconds(t.importMs)}, getLlama ${seconds(t.getLlamaMs)}, ` +
      `loadModel ${seconds(t.loadModelMs)}, createContext ${seconds(t.createContextMs)}`,
  ];
  if (report.lanes) {
    const layout = report.lanes.layout === "contexts" ? "a context each" : "sequences of one context";
    lines.push(
      `Sequences (${layout}): ` +
        report.lanes.sequences.map((s) => `${s.lane} ${s.contextSize.toLocaleString("en-US")} tokens, KV ${formatBytes(s.kvBytes)}`).join("; "),
    );
  }
  if (report.script) lines.push(`Scripted output from ${report.script.path} (${report.script.responses} responses): a testing aid, not the model's own words.`);
  for (const warning of report.warnings) lines.push(`Warning: ${warning}`);
  return lines;
}
