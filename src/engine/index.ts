// engine/: the only code that knows llama.cpp. Load a model (loadEngine), open a sequence per
// user of it, generate harmony turns as events. node-llama-cpp itself is imported lazily, on the
// first load, so importing this module costs nothing at activation.
export { bindAgent, countConversationTokens, createTurnGenerator, type AgentBinding, type TurnGeneratorOptions } from "./agentTurns";
export { AUTO_CONTEXT_MAX, AUTO_CONTEXT_MIN, chooseContextSize, type ContextSizeSetting } from "./contextSize";
export { Engine } from "./engine";
export { EngineError, isEngineError, type EngineErrorCode } from "./errors";
export type {
  GenerateOptions,
  GenerateRequest,
  GenerationResult,
  GenerationStats,
  GenerationStream,
  SamplingOptions,
} from "./generationTypes";
export { loadEngine, type EngineLog, type EngineLogLevel, type EngineOptions, type LoadStage } from "./load";
export { describeLoad, type LoadReport, type LoadTimings } from "./loadReport";
export { SCRIPT_ENV_VAR, loadScriptFile, parseScript, scriptPathFromEnvironment, ScriptPlayer } from "./script";
export { EngineSequence } from "./sequence";
export { splitSpecialSpellings } from "./safeTokenizer";
export { defaultThreads } from "./threads";
