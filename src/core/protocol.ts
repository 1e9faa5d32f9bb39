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

/** Context the user attaches to a message: shown as a chip, sent to the model with the message. */
export const Attachment = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("selection"),
    /** Workspace-relative ("/" separators). */
    path: z.string(),
    languageId: z.string(),
    /** 1-based, inclusive. */
    startLine: z.number().int().min(1),
    endLine: z.number().int().min(1),
    text: z.string(),
  }),
  z.object({ kind: z.literal("file"), path: z.string(), languageId: z.string(), text: z.string() }),
  /** The Problems list (or one file's problems), as lines "path:line:col severity message". */
  z.object({ kind: z.literal("problems"), path: z.string().optional(), text: z.string(), count: z.number().int().min(0) }),
]);
export type Attachment = z.infer<typeof Attachment>;

/** What a changing tool asks to do, as the approval card shows it. */
export const ChangePreview = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("edit"), path: z.string(), create: z.boolean(), added: z.number(), removed: z.number() }),
  z.object({ kind: z.literal("command"), command: z.string(), cwd: z.string() }),
]);
export type ChangePreview = z.infer<typeof ChangePreview>;

export const TextChannel = z.enum(["analysis", "commentary", "final", "other"]);
export type TextChannel = z.infer<typeof TextChannel>;

/** One thing that happened in a turn, in the order it happened (the agent's events, for the view). */
export const ChatEvent = z.discriminatedUnion("kind", [
  /** The model starts a new step (1-based); steps after the first follow tool results. */
  z.object({ kind: z.literal("step"), step: z.number() }),
  /** Before the first token: loading the model, reading the prompt... */
  z.object({ kind: z.literal("progress"), text: z.string() }),
  /** Streamed text. analysis: reasoning ("Thinking"); commentary: a preamble between tool calls; final: the answer. */
  z.object({ kind: z.literal("text"), channel: TextChannel, text: z.string() }),
  z.object({
    kind: z.literal("toolCall"),
    callId: z.string(),
    name: z.string(),
    /** "Reading src/a.ts" */
    invocation: z.string(),
    /** The arguments as the model wrote them (JSON text). */
    arguments: z.string(),
    risk: z.enum(["read", "edit", "run"]).optional(),
  }),
  z.object({ kind: z.literal("approvalRequested"), callId: z.string(), preview: ChangePreview }),
  z.object({ kind: z.literal("approval"), callId: z.string(), approved: z.boolean(), always: z.boolean().optional(), reason: z.string().optional() }),
  z.object({
    kind: z.literal("toolResult"),
    callId: z.string(),
    isError: z.boolean(),
    /** One line for the card. */
    summary: z.string(),
    /** The start of what the model read back. */
    preview: z.string(),
    durationMs: z.number(),
  }),
  /** Older content was shortened to fit the context window. */
  z.object({ kind: z.literal("contextTrimmed"), detail: z.string() }),
  z.object({ kind: z.literal("notice"), level: z.enum(["info", "warning", "error"]), text: z.string() }),
  z.object({
    kind: z.literal("done"),
    reason: z.enum(["final", "step-limit", "cancelled", "max-tokens", "context-full", "no-answer", "error"]),
    steps: z.number(),
    /** Generation speed of the last step, for the footer. */
    tokensPerSecond: z.number().optional(),
  }),
]);
export type ChatEvent = z.infer<typeof ChatEvent>;

/** One saved conversation in the history list. */
export const ChatSummary = z.object({ id: z.string(), title: z.string(), updatedAt: z.string(), turns: z.number() });
export type ChatSummary = z.infer<typeof ChatSummary>;

export const HostToWebview = z.discriminatedUnion("type", [
  z.object({ type: z.literal("model"), model: ModelInfo }),
  /** A turn begins: the user's message as sent (also when it was queued), with what was attached. */
  z.object({ type: z.literal("turnStart"), turnId: z.string(), text: z.string(), attachments: z.array(Attachment).optional() }),
  z.object({ type: z.literal("turnEvent"), turnId: z.string(), event: ChatEvent }),
  /** busy: a turn is running; queued: messages waiting behind it. */
  z.object({ type: z.literal("chatState"), busy: z.boolean(), queued: z.number() }),
  /** The conversation was cleared (new chat, or before another chat is replayed). */
  z.object({ type: z.literal("cleared") }),
  /** Saved conversations of this workspace, newest first; `currentId` is the one shown. */
  z.object({ type: z.literal("history"), chats: z.array(ChatSummary), currentId: z.string().optional() }),
  /** Reasoning effort for the next message. */
  z.object({ type: z.literal("effort"), effort: z.enum(["low", "medium", "high"]) }),
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
  /** Send a message (queued behind a running turn). */
  z.object({ type: z.literal("send"), text: z.string().min(1), attachments: z.array(Attachment).optional() }),
  /** Stop the running turn (generation and any running tool). */
  z.object({ type: z.literal("stop") }),
  z.object({ type: z.literal("newChat") }),
  /** The user's answer on an approval card. */
  z.object({
    type: z.literal("approve"),
    callId: z.string(),
    decision: z.enum(["approve", "always", "deny"]),
    reason: z.string().optional(),
  }),
  /** Open the proposed edit in VS Code's diff editor. */
  z.object({ type: z.literal("showDiff"), callId: z.string() }),
  /**
   * The user clicked a link in the model's answer. The view never navigates itself: only http(s)
   * and mailto links are sent, and the host still checks the scheme before opening anything.
   */
  z.object({ type: z.literal("openLink"), href: z.string().max(8192) }),
  /** History: ask for the list; open, rename or delete a saved conversation. */
  z.object({ type: z.literal("listChats") }),
  z.object({ type: z.literal("openChat"), id: z.string() }),
  z.object({ type: z.literal("renameChat"), id: z.string(), title: z.string().min(1).max(200) }),
  z.object({ type: z.literal("deleteChat"), id: z.string() }),
  z.object({ type: z.literal("setEffort"), effort: z.enum(["low", "medium", "high"]) }),
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
