// Loading: check the file, import node-llama-cpp (lazily, on first use), start llama.cpp on the
// best GPU it finds (or the CPU), load the model, create a context. Never builds or downloads
// anything at run time: a platform without a prebuilt binary gets a clear error instead.
import path from "node:path";
import type { Llama, LlamaContext, LlamaLogLevel, LlamaModel } from "node-llama-cpp" with { "resolution-mode": "import" };
import { GgufError, readModelDescription, type ModelDescription } from "../node/gguf/index";
import { formatBytes } from "../core/format";
import { chooseContextSize, smallerContextSize, type ContextSizeSetting } from "./contextSize";
import { Engine } from "./engine";
import { EngineError, errorText } from "./errors";
import { importNodeLlamaCpp, type NodeLlamaCpp } from "./llamaModule";
import { DEFAULT_PROMPT_LOOKUP, type PromptLookupOptions } from "./predictor";
import { sequenceKvBytes, type KvShape, type Lane, type LaneSpec } from "./lanes";
import type { LaneReport, LoadReport, LoadTimings } from "./loadReport";
import { loadScriptFile, scriptPathFromEnvironment, type ScriptPlayer } from "./script";
import { resolveThreads } from "./threads";

export type EngineLogLevel = "error" | "warn" | "info" | "debug";
export type EngineLog = (level: EngineLogLevel, message: string) => void;
export type LoadStage = "checking" | "importing" | "starting" | "loading-model" | "creating-context";

export interface EngineOptions {
  modelPath: string;
  /** "auto" (default): CUDA, Vulkan or Metal when node-llama-cpp finds one, else the CPU. false: CPU only. */
  gpu?: "auto" | false;
  /** CPU threads; 0 or undefined: the machine's physical cores less one (at least 1). */
  threads?: number;
  /** Tokens per sequence; "auto", 0 or undefined: fitted to memory (2,048 to 32,768). */
  contextSize?: ContextSizeSetting;
  /** Sequences in the context (parallel users of the model). Default 1. Ignored with `lanes`. */
  sequences?: number;
  /**
   * A sequence per kind of caller, each with its own size (lanes.ts); the chat lane's size is
   * `contextSize`. Undefined: `sequences` equal sequences that any caller may take.
   */
  lanes?: LaneSpec[];
  /**
   * "contexts" (default): a context per lane, each with its own size and decode loop; measured
   * better than one context on CPUs (bench:concurrency). "sequences": one context holding a
   * sequence per lane, all at the chat's size, batched together by llama.cpp.
   */
  laneLayout?: "contexts" | "sequences";
  /**
   * Prompt-lookup speculative decoding on every sequence (predictor.ts): same output, faster where
   * the answer copies the prompt. Default off here; the extension and CLI turn it on by setting.
   */
  speculative?: boolean | PromptLookupOptions;
  /** Scripted-output file (testing aid); undefined: `GPT_OSS_SCRIPT` from the environment; false: none. */
  script?: string | false;
  signal?: AbortSignal;
  /** Receives llama.cpp's warnings and errors (and more at "debug"). Without it they are dropped. */
  log?: EngineLog;
  logLevel?: EngineLogLevel;
  onStage?(stage: LoadStage): void;
  /** Model load progress, 0..1. */
  onLoadProgress?(fraction: number): void;
}

export async function loadEngine(options: EngineOptions): Promise<Engine> {
  const started = performance.now();
  const timings: LoadTimings = { checkMs: 0, importMs: 0, getLlamaMs: 0, loadModelMs: 0, createContextMs: 0, totalMs: 0 };
  const lap = (key: Exclude<keyof LoadTimings, "totalMs">, since: number) => (timings[key] = performance.now() - since);
  const modelPath = path.resolve(options.modelPath);
  const warnings: string[] = [];

  options.onStage?.("checking");
  let since = performance.now();
  const description = await checkModelFile(modelPath);
  if (!description.gptOss.compatible) {
    warnings.push(`${path.basename(modelPath)} is not a gpt-oss model (${description.gptOss.problems.join("; ")}): harmony features (reasoning, tools) may not work.`);
  }
  const scriptPath = options.script === false ? undefined : (options.script ?? scriptPathFromEnvironment());
  const script = scriptPath !== undefined ? await loadScriptFile(scriptPath) : undefined;
  lap("checkMs", since);
  checkAborted(options.signal);

  options.onStage?.("importing");
  since = performance.now();
  const nlc = await importNodeLlamaCpp();
  lap("importMs", since);
  checkAborted(options.signal);

  options.onStage?.("starting");
  since = performance.now();
  const llama = await startLlama(nlc, options);
  lap("getLlamaMs", since);

  let model: LlamaModel | undefined;
  try {
    checkAborted(options.signal);
    const threads = resolveThreads(options.threads, llama.cpuMathCores);
    llama.maxThreads = threads;

    options.onStage?.("loading-model");
    since = performance.now();
    model = await loadModel(nlc, llama, modelPath, description, options);
    lap("loadModelMs", since);
    checkAborted(options.signal);

    options.onStage?.("creating-context");
    since = performance.now();
    const choice = chooseContextSize(options.contextSize, model.trainContextSize);
    if (choice.warning) warnings.push(choice.warning);
    const lanes = options.lanes?.length ? options.lanes : undefined;
    const layout = options.laneLayout ?? "contexts";
    const sequences = lanes ? (layout === "contexts" ? 1 : lanes.length) : Math.max(1, Math.floor(options.sequences ?? 1));
    // node-llama-cpp splits `llama.maxThreads` among the contexts evaluating at once: with it at
    // `threads`, a completion's context would wait for the chat's thread (turns again). A context
    // per lane may use up to `threads` each and all the math cores together; two at once split them.
    const separate = lanes !== undefined && layout === "contexts";
    if (separate) llama.maxThreads = Math.max(threads, Math.min(llama.cpuMathCores, threads * lanes.length));
    const contextThreads = separate ? { ideal: threads, min: 1 } : threads;
    const createContext = (option: number | { min: number; max: number }, requested: number | "auto", count: number) =>
      model!.createContext({ contextSize: option, sequences: count, threads: contextThreads, ...(options.signal ? { createSignal: options.signal } : {}) }).catch((error: unknown) => {
        throw contextError(nlc, error, requested, model!.trainContextSize, options.signal);
      });
    const context = await createContext(choice.option, choice.requested, sequences);
    const laneContexts = new Map<Lane, LlamaContext>();
    let laneReports: LaneReport[] | undefined;
    if (lanes) {
      const shape = kvShapeOf(model);
      laneReports = [];
      try {
        for (const spec of lanes) {
          let laneContext = context;
          if (layout === "contexts" && spec.lane !== "chat") {
            const laneChoice = chooseContextSize(spec.contextSize, model.trainContextSize);
            laneContext = await createContext(laneChoice.option, laneChoice.requested, 1);
          }
          laneContexts.set(spec.lane, laneContext);
          laneReports.push({ lane: spec.lane, contextSize: laneContext.contextSize, kvBytes: sequenceKvBytes(shape, laneContext.contextSize) });
        }
      } catch (error) {
        for (const created of new Set([context, ...laneContexts.values()])) await created.dispose().catch(() => undefined);
        throw error;
      }
    }
    lap("createContextMs", since);
    timings.totalMs = performance.now() - started;

    const report: LoadReport = {
      modelPath,
      model: {
        name: description.name,
        architecture: description.architecture,
        fileSize: description.fileSize,
        parameters: description.parameters,
        quantization: description.quantization,
        gptOss: description.gptOss.compatible,
        trainContextSize: model.trainContextSize,
      },
      device: await describeDevice(llama, model),
      threads,
      contextSize: context.contextSize,
      contextSizeRequested: choice.requested,
      sequences: laneReports ? laneReports.length : sequences,
      ...(laneReports ? { lanes: { layout, sequences: laneReports } } : {}),
      swaSize: model.fileInsights.swaSize,
      timings,
      warnings,
      ...(script ? { script: { path: script.source, responses: script.responses.length } } : {}),
    };
    const promptLookup = options.speculative === true ? DEFAULT_PROMPT_LOOKUP : options.speculative || undefined;
    return new Engine(nlc, llama, model, context, report, script, laneContexts, promptLookup);
  } catch (error) {
    await model?.dispose().catch(() => undefined);
    await llama.dispose().catch(() => undefined);
    throw error;
  }
}

/** The KV cache's shape from the loaded model's metadata (for the per-lane memory log). */
function kvShapeOf(model: LlamaModel): KvShape {
  const meta = model.fileInfo.architectureMetadata as {
    block_count?: number;
    attention?: { head_count?: number | number[]; head_count_kv?: number | number[]; key_length?: number; value_length?: number };
    embedding_length?: number;
  };
  const first = (value: number | number[] | undefined) => (Array.isArray(value) ? value[0] : value);
  const heads = first(meta.attention?.head_count) ?? 1;
  const headDim = meta.embedding_length !== undefined ? Math.floor(meta.embedding_length / heads) : 64;
  return {
    blocks: meta.block_count ?? model.fileInsights.totalLayers,
    headsKv: first(meta.attention?.head_count_kv) ?? heads,
    keyLength: meta.attention?.key_length ?? headDim,
    valueLength: meta.attention?.value_length ?? headDim,
    slidingWindow: model.fileInsights.swaSize,
  };
}

/** The GGUF header check: a missing, truncated or foreign file is refused before llama.cpp sees it. */
async function checkModelFile(modelPath: string): Promise<ModelDescription> {
  try {
    return await readModelDescription(modelPath);
  } catch (error) {
    if (error instanceof GgufError) {
      throw new EngineError("model-file", error.message, { cause: error, fileProblem: error.code });
    }
    throw error;
  }
}

async function startLlama(nlc: NodeLlamaCpp, options: EngineOptions): Promise<Llama> {
  const gpu = options.gpu === false ? false : "auto";
  const log = options.log;
  try {
    return await nlc.getLlama({
      gpu,
      build: "never",
      skipDownload: true,
      progressLogs: false,
      logLevel: toLlamaLogLevel(nlc, log ? (options.logLevel ?? "warn") : "error"),
      ...(log ? { logger: (level: LlamaLogLevel, message: string) => forwardLog(nlc, log, level, message) } : {}),
      // Until the model's thread count is known: never node-llama-cpp's oversubscribing default.
      maxThreads: options.threads && options.threads > 0 ? options.threads : 1,
    });
  } catch (error) {
    if (error instanceof nlc.NoBinaryFoundError) {
      throw new EngineError(
        "no-binary",
        `node-llama-cpp has no prebuilt llama.cpp binary for this platform (${process.platform}-${process.arch}${gpu === false ? ", CPU" : ""}). ` +
          "Install the extension build made for this platform; nothing is compiled or downloaded at run time.",
        { cause: error },
      );
    }
    throw new EngineError("model-load", `llama.cpp could not start: ${errorText(error)}`, { cause: error });
  }
}

async function loadModel(nlc: NodeLlamaCpp, llama: Llama, modelPath: string, description: ModelDescription, options: EngineOptions): Promise<LlamaModel> {
  try {
    return await llama.loadModel({
      modelPath,
      ...(options.signal ? { loadSignal: options.signal } : {}),
      ...(options.onLoadProgress ? { onLoadProgress: options.onLoadProgress } : {}),
    });
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason ?? error;
    if (error instanceof nlc.InsufficientMemoryError) {
      throw new EngineError(
        "insufficient-memory",
        `Not enough memory to load ${path.basename(modelPath)} (${formatBytes(description.fileSize)}): ${errorText(error)}. Close other programs or choose a smaller model.`,
        { cause: error },
      );
    }
    throw new EngineError("model-load", `llama.cpp could not load ${path.basename(modelPath)}: ${errorText(error)}`, { cause: error });
  }
}

function contextError(nlc: NodeLlamaCpp, error: unknown, requested: number | "auto", trained: number, signal: AbortSignal | undefined): unknown {
  if (signal?.aborted) return signal.reason ?? error;
  const size = requested === "auto" ? 2048 : requested;
  const memory = error instanceof nlc.InsufficientMemoryError || /memory|alloc/i.test(errorText(error));
  if (!memory) return new EngineError("model-load", `llama.cpp could not create a context: ${errorText(error)}`, { cause: error });
  const advice =
    requested === "auto"
      ? "Even the smallest automatic context (2,048 tokens) does not fit: close other programs or choose a smaller model."
      : `Set gptOss.contextSize to a smaller value (e.g. ${smallerContextSize(Math.min(size, trained)).toLocaleString("en-US")}) or to 0 for automatic.`;
  return new EngineError("insufficient-memory", `Not enough memory for a context of ${size.toLocaleString("en-US")} tokens (${errorText(error)}). ${advice}`, { cause: error });
}

async function describeDevice(llama: Llama, model: LlamaModel): Promise<LoadReport["device"]> {
  const gpuNames = llama.gpu === false ? [] : await llama.getGpuDeviceNames().catch(() => []);
  const totalLayers = model.fileInsights.totalLayers;
  const label =
    llama.gpu === false
      ? "CPU"
      : `${llama.gpu.toUpperCase()}${gpuNames.length ? `: ${gpuNames.join(", ")}` : ""} (${model.gpuLayers}/${totalLayers} layers)`;
  return { gpu: llama.gpu, gpuNames, gpuLayers: model.gpuLayers, totalLayers, label };
}

function checkAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason ?? new Error("Loading was cancelled.");
}

function toLlamaLogLevel(nlc: NodeLlamaCpp, level: EngineLogLevel): LlamaLogLevel {
  return level === "debug" ? nlc.LlamaLogLevel.debug : level === "info" ? nlc.LlamaLogLevel.info : level === "warn" ? nlc.LlamaLogLevel.warn : nlc.LlamaLogLevel.error;
}

function forwardLog(nlc: NodeLlamaCpp, log: EngineLog, level: LlamaLogLevel, message: string): void {
  const text = message.trimEnd();
  if (text === "") return;
  const { LlamaLogLevel: L } = nlc;
  const ours: EngineLogLevel = level === L.fatal || level === L.error ? "error" : level === L.warn ? "warn" : level === L.info ? "info" : "debug";
  log(ours, `llama.cpp: ${text}`);
}
