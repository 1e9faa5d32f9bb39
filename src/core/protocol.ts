// Every message between the extension host and the chat webview, as zod schemas. Both sides
// import this file and validate on arrival: an invalid message is logged and dropped.
import { z } from "zod";

/** What the chat knows about the configured model before the engine loads it. */
export const ModelInfo = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("catalog"),
    id: z.string(),
    label: z.string(),
    sizeBytes: z.number(),
    memoryBytes: z.number(),
    description: z.string(),
    /** What of it is in the models folder: nothing, an interrupted download, or all of it. */
    stored: z.discriminatedUnion("state", [
      z.object({ state: z.literal("absent") }),
      z.object({ state: z.literal("partial"), downloadedBytes: z.number() }),
      z.object({ state: z.literal("complete") }),
    ]),
  }),
  z.object({
    kind: z.literal("file"),
    path: z.string(),
    /** Model name from the file's metadata, else its file name. */
    label: z.string(),
    sizeBytes: z.number().optional(),
    parameters: z.number().optional(),
    /** Set when the file cannot be used; says what to do about it. */
    problem: z.string().optional(),
  }),
]);
export type ModelInfo = z.infer<typeof ModelInfo>;

export const HostToWebview = z.discriminatedUnion("type", [
  z.object({ type: z.literal("model"), model: ModelInfo }),
]);
export type HostToWebview = z.infer<typeof HostToWebview>;

export const WebviewToHost = z.discriminatedUnion("type", [
  /** The webview loaded its script and wants the current state. */
  z.object({ type: z.literal("ready") }),
  z.object({ type: z.literal("chooseModelFile") }),
  /** Download (or resume) the configured catalog model, after the user's consent. */
  z.object({ type: z.literal("downloadModel") }),
  z.object({ type: z.literal("openSettings") }),
  z.object({ type: z.literal("showLogs") }),
]);
export type WebviewToHost = z.infer<typeof WebviewToHost>;

/** Validates an incoming message; returns undefined (and says why) when it does not fit. */
export function parseMessage<T>(
  schema: z.ZodType<T>,
  raw: unknown,
  onInvalid: (reason: string) => void,
): T | undefined {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  onInvalid(z.prettifyError(result.error));
  return undefined;
}
