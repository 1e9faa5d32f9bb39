// core/agent: the turn loop (generate -> tool calls -> results -> continue) and its boundary types.
// Pure TypeScript: the engine plugs in as a TurnGenerator, the editor as an Approver and tools.
export * from "./types";
export { DEFAULT_MAX_STEPS, runAgent } from "./loop";
export { defaultReserveTokens, fitContext, REMOVED_RESULT, type FitResult, type Trim } from "./contextBudget";
export { capResult, cutNote, defaultMaxResultChars } from "./resultCap";
export { answerOf, functionName, toolCallMessage, toolResultMessage } from "./transcript";
