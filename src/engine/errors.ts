// Why the engine cannot do what was asked, in words a user can act on. The code lets callers
// (the VS Code layer, the CLI, the agent) choose a remedy without parsing messages.
import type { GgufErrorCode } from "../node/gguf/index";

export type EngineErrorCode =
  /** node-llama-cpp has no working binary for this platform (it is never built at run time). */
  | "no-binary"
  /** The model file is missing, unreadable, cut off or not GGUF (checked before loading). */
  | "model-file"
  /** llama.cpp refused the model for another reason. */
  | "model-load"
  /** Not enough memory (RAM or VRAM) for the model or the context size asked for. */
  | "insufficient-memory"
  /** The rendered prompt does not fit in the context window. */
  | "prompt-too-long"
  /** Safety net: llama.cpp asked to shift the context (generation stops before that; never seen). */
  | "context-full"
  /** A generation was asked of a sequence that is already generating. */
  | "busy"
  /** The engine or sequence was disposed (unloaded). */
  | "disposed"
  /** Every sequence of the context is in use. */
  | "no-sequence"
  /** The scripted-output file (testing aid) is missing or malformed. */
  | "script-invalid"
  /** The script has no response left for this generation. */
  | "script-exhausted"
  /** The model did not follow the script (a grammar or the script itself is at fault). */
  | "script-mismatch";

export class EngineError extends Error {
  override readonly name = "EngineError";
  /** For `model-file`: what the GGUF check found. */
  readonly fileProblem?: GgufErrorCode;

  constructor(
    readonly code: EngineErrorCode,
    message: string,
    options: { cause?: unknown; fileProblem?: GgufErrorCode } = {},
  ) {
    super(message, options.cause !== undefined ? { cause: options.cause } : undefined);
    if (options.fileProblem !== undefined) this.fileProblem = options.fileProblem;
  }
}

export function isEngineError(error: unknown, code?: EngineErrorCode): error is EngineError {
  return error instanceof EngineError && (code === undefined || error.code === code);
}

/** The text of any thrown value, for wrapping into an EngineError. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
