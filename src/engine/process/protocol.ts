// The messages between the extension (or the CLI) and the engine's child process, over Node's IPC
// channel (a pipe: no port, no server). Both sides parse what they receive with these schemas, so a
// message that drifted from the protocol is a clear error, never an undefined read. Generation
// events and the load report are checked for their kind only: they are built by the same code on
// both sides (generationTypes.ts, loadReport.ts) and re-describing every field here would be a
// second copy to keep in step.
import * as z from "zod";
import type { GgufErrorCode } from "../../node/gguf/index";
import type { EngineErrorCode } from "../errors";
import type { TurnEvent } from "../../core/agent/types";
import type { GenerateRequest, GenerationResult } from "../generationTypes";
import type { LoadStage } from "../load";
import type { LoadReport } from "../loadReport";

const LogLevel = z.enum(["error", "warn", "info", "debug"]);

/** What the parent may ask the child. */
export const ToChild = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("load"),
    options: z.object({
      modelPath: z.string(),
      gpu: z.union([z.literal("auto"), z.literal(false)]).optional(),
      threads: z.number().int().min(0).optional(),
      contextSize: z.union([z.number().int().min(0), z.literal("auto")]).optional(),
      sequences: z.number().int().min(1).optional(),
      lanes: z.array(z.object({ lane: z.enum(["chat", "completion", "other"]), contextSize: z.union([z.number(), z.literal("auto")]) })).optional(),
      laneLayout: z.enum(["contexts", "sequences"]).optional(),
      speculative: z.union([z.boolean(), z.object({ minPattern: z.number(), maxPrediction: z.number() })]).optional(),
      /** Resolved by the parent (GPT_OSS_SCRIPT included): a path, or false for none. */
      script: z.union([z.string(), z.literal(false)]),
      /** Forward llama.cpp's log lines at this level and above; undefined: none. */
      logLevel: LogLevel.optional(),
    }),
  }),
  z.object({
    type: z.literal("generate"),
    id: z.number().int(),
    slot: z.number().int().min(0),
    request: z.custom<GenerateRequest>((value) => typeof value === "object" && value !== null && ("conversation" in value || "segments" in value)),
    options: z.object({
      temperature: z.number().optional(),
      topP: z.number().optional(),
      topK: z.number().optional(),
      minP: z.number().optional(),
      seed: z.number().optional(),
      maxTokens: z.number().optional(),
      promptChunkSize: z.number().optional(),
      script: z.union([z.string(), z.literal(false)]).optional(),
      /** Send prompt-progress messages (the caller passed onPromptProgress). */
      progress: z.boolean(),
    }),
  }),
  z.object({ type: z.literal("abort"), id: z.number().int() }),
  z.object({ type: z.literal("dispose") }),
]);
export type ToChild = z.infer<typeof ToChild>;
export type WireLoadOptions = Extract<ToChild, { type: "load" }>["options"];
export type WireGenerateOptions = Extract<ToChild, { type: "generate" }>["options"];

/** An error thrown in the child, rebuilt as an EngineError (when it has a code) in the parent. */
export const WireError = z.object({
  name: z.string(),
  message: z.string(),
  code: z.string().optional(),
  fileProblem: z.string().optional(),
});
export type WireError = z.infer<typeof WireError> & { code?: EngineErrorCode | string; fileProblem?: GgufErrorCode | string };

const EVENT_TYPES = ["prompt", "message-start", "text", "message-end", "tool-call", "warning"] as const;
const Event = z.looseObject({ type: z.enum(EVENT_TYPES) }).transform((event) => event as unknown as TurnEvent);
const Result = z.looseObject({ stopReason: z.string(), stats: z.looseObject({}) }).transform((result) => result as unknown as GenerationResult);

/** What the child tells the parent. Sent in batches (an array per send), one per event-loop turn. */
export const FromChild = z.discriminatedUnion("type", [
  z.object({ type: z.literal("stage"), stage: z.enum(["checking", "importing", "starting", "loading-model", "creating-context"]) }),
  z.object({ type: z.literal("load-progress"), fraction: z.number() }),
  z.object({ type: z.literal("log"), level: LogLevel, message: z.string() }),
  z.object({
    type: z.literal("loaded"),
    report: z.looseObject({ modelPath: z.string(), contextSize: z.number(), sequences: z.number() }).transform((r) => r as unknown as LoadReport),
  }),
  z.object({ type: z.literal("load-failed"), error: WireError }),
  z.object({ type: z.literal("event"), id: z.number().int(), event: Event }),
  /** The generation's end: its result (the stream's return value). */
  z.object({ type: z.literal("result"), id: z.number().int(), result: Result }),
  z.object({ type: z.literal("prompt-progress"), id: z.number().int(), evaluated: z.number(), total: z.number() }),
  z.object({ type: z.literal("failed"), id: z.number().int(), error: WireError }),
]);
export type FromChild = z.infer<typeof FromChild>;
export const FromChildBatch = z.array(FromChild);

/**
 * The hot path: a generation event (several per token). Checked by hand for the same shape the
 * schema checks (measured: zod's parse of these cost ~1 ms per token, halving tokens/s through
 * the child on a small model); every other message goes through FromChild.
 */
export function asEventMessage(value: unknown): Extract<FromChild, { type: "event" }> | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const message = value as { type?: unknown; id?: unknown; event?: unknown };
  if (message.type !== "event" || !Number.isInteger(message.id)) return undefined;
  const event = message.event as { type?: unknown } | null | undefined;
  if (typeof event !== "object" || event === null || !(EVENT_TYPES as readonly unknown[]).includes(event.type)) return undefined;
  return message as Extract<FromChild, { type: "event" }>;
}

export type { LoadStage };
