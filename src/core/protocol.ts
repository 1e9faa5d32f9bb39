// Every message between the extension host and the chat webview, as zod schemas. Both sides
// import this file and validate on arrival: an invalid message is logged and dropped.
import * as z from "zod";

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
export const PatchFilePreview = z.object({
  path: z.string(),
  action: z.enum(["add", "update", "delete", "move"]),
  added: z.number(),
  removed: z.number(),
});
export type PatchFilePreview = z.infer<typeof PatchFilePreview>;

export const ChangePreview = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("edit"),
    path: z.string(),
    create: z.boolean(),
    added: z.number(),
    removed: z.number(),
    /** apply_patch: each file (path and counts above are the totals, path naming them all). */
    files: z.array(PatchFilePreview).optional(),
    /** Set when the edit configures code to run: asked whatever "Always allow" says, and this says why. */
    why: z.string().optional(),
  }),
  z.object({ kind: z.literal("command"), command: z.string(), cwd: z.string() }),
  /** A tool from an MCP server or another extension, with the arguments the model gave it. */
  z.object({ kind: z.literal("external"), source: z.string(), tool: z.string(), arguments: z.string() }),
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
  z.object({
    kind: z.literal("text"),
    channel: TextChannel,
    text: z.string(),
    /** Set on merged text (a replay, a saved chat): the chunks (tokens) it was streamed in, and for how long (ms, until the next event). */
    chunks: z.number().int().min(0).optional(),
    ms: z.number().min(0).optional(),
  }),
  z.object({
    kind: z.literal("toolCall"),
    callId: z.string(),
    name: z.string(),
    /** "Reading src/a.ts" */
    invocation: z.string(),
    /** The arguments as the model wrote them (JSON text). */
    arguments: z.string(),
    risk: z.enum(["read", "edit", "run", "external"]).optional(),
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
  /** The browser's pages by cursor, so the answer's citations `【cursor†L9-L11】` become links. */
  z.object({ kind: z.literal("citations"), pages: z.record(z.string().regex(/^\d+$/), z.string().max(8192)) }),
  z.object({ kind: z.literal("notice"), level: z.enum(["info", "warning", "error"]), text: z.string() }),
  /** The project instructions this message's prompt holds (AGENTS.md...), as workspace paths; the chips open them. */
  z.object({ kind: z.literal("instructions"), files: z.array(z.object({ label: z.string(), path: z.string().optional() })) }),
  /** The workspace was snapshotted before this message's first change: Restore and Compare use it. */
  z.object({ kind: z.literal("checkpoint"), checkpoints: z.array(z.object({ folder: z.string(), id: z.string() })) }),
  z.object({
    kind: z.literal("done"),
    reason: z.enum(["final", "step-limit", "cancelled", "max-tokens", "context-full", "no-answer", "repeated-calls", "error"]),
    steps: z.number(),
    /** Generation speed of the last step, for the footer. */
    tokensPerSecond: z.number().optional(),
  }),
]);
export type ChatEvent = z.infer<typeof ChatEvent>;

/** The shared model's state, as the chat's toolbar shows it (the status bar shows the same). */
export const EngineState = z.discriminatedUnion("kind", [
  /** Not loaded: it loads with the first message. */
  z.object({ kind: z.literal("idle") }),
  z.object({ kind: z.literal("downloading"), percent: z.number().min(0).max(100) }),
  z.object({ kind: z.literal("loading"), stage: z.string(), percent: z.number().min(0).max(100).optional() }),
  /** device: "CPU", "CUDA", "Metal"...; detail: the load report's one line. */
  z.object({ kind: z.literal("ready"), device: z.string(), detail: z.string(), tokensPerSecond: z.number().optional() }),
  /** action: the one step most likely to fix it. */
  z.object({ kind: z.literal("error"), message: z.string(), action: z.enum(["loadModel", "openSettings", "chooseModelFile", "showLogs"]) }),
]);
export type EngineState = z.infer<typeof EngineState>;

/** What a code block's Apply targets when the block names no file: the active editor. */
export const ActiveEditor = z.object({
  /** Workspace-relative ("/" separators); absent for an editor outside the workspace or none. */
  path: z.string().optional(),
  languageId: z.string().optional(),
  hasSelection: z.boolean(),
});
export type ActiveEditor = z.infer<typeof ActiveEditor>;

/** Where an Apply from a code block stands, shown under the block. */
export const ApplyState = z.discriminatedUnion("state", [
  /** Waiting for the user: the same approval (and diff) as an edit_file call. */
  z.object({ state: z.literal("awaiting"), callId: z.string(), preview: ChangePreview }),
  z.object({ state: z.literal("applied"), text: z.string() }),
  z.object({ state: z.literal("denied"), text: z.string() }),
  z.object({ state: z.literal("failed"), text: z.string() }),
]);
export type ApplyState = z.infer<typeof ApplyState>;

/** One saved conversation in the history list. */
export const ChatSummary = z.object({ id: z.string(), title: z.string(), updatedAt: z.string(), turns: z.number() });
export type ChatSummary = z.infer<typeof ChatSummary>;

export const HostToWebview = z.discriminatedUnion("type", [
  z.object({ type: z.literal("model"), model: ModelInfo }),
  /** A turn begins: the user's message as sent (also when it was queued), with what was attached. */
  z.object({ type: z.literal("turnStart"), turnId: z.string(), text: z.string(), attachments: z.array(Attachment).optional() }),
  /** replayed: part of the host's replay of the conversation (the view drawn again), not news to announce. */
  z.object({ type: z.literal("turnEvent"), turnId: z.string(), event: ChatEvent, replayed: z.boolean().optional() }),
  /** busy: a turn is running; queued: messages waiting behind it. */
  z.object({ type: z.literal("chatState"), busy: z.boolean(), queued: z.number() }),
  /** The conversation was cleared (new chat, or before another chat is replayed). */
  z.object({ type: z.literal("cleared") }),
  /** Saved conversations of this workspace, newest first; `currentId` is the one shown. */
  z.object({ type: z.literal("history"), chats: z.array(ChatSummary), currentId: z.string().optional() }),
  /** Reasoning effort for the next message. */
  z.object({ type: z.literal("effort"), effort: z.enum(["low", "medium", "high"]) }),
  /** How full the context window is after the last turn (absent: nothing sent yet). */
  z.object({
    type: z.literal("context"),
    usage: z.object({ used: z.number(), window: z.number(), reserved: z.number(), parts: z.array(z.object({ label: z.string(), tokens: z.number() })) }).optional(),
  }),
  /** The shared model's state changed (and once after "ready"). */
  z.object({ type: z.literal("engine"), state: EngineState }),
  /** Context the user asked to attach (answer to `attach`), shown as a chip until sent. */
  z.object({ type: z.literal("attached"), attachment: Attachment }),
  /** An `attach` that found nothing to attach or was refused (a secret file); said under the chips. */
  z.object({ type: z.literal("attachFailed"), text: z.string() }),
  z.object({ type: z.literal("activeEditor"), editor: ActiveEditor }),
  /** Progress of an Apply from the code block `blockId`. */
  z.object({ type: z.literal("applyState"), blockId: z.string(), apply: ApplyState }),
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
  /** Open a workspace file the view names (an instructions chip); the host checks the path policy. */
  z.object({ type: z.literal("openWorkspaceFile"), path: z.string().max(1024) }),
  /** The checkpoint taken before a turn's changes: put the workspace back, or diff it against today. */
  z.object({ type: z.literal("restoreCheckpoint"), turnId: z.string() }),
  z.object({ type: z.literal("compareCheckpoint"), turnId: z.string() }),
  /** The tool picker (a quick pick of every source and tool). */
  z.object({ type: z.literal("pickTools") }),
  /** Replace the older turns by a summary the model writes (the context meter's Compact). */
  z.object({ type: z.literal("compact") }),
  /** Load the model now (the toolbar's action after a failed load). */
  z.object({ type: z.literal("loadModel") }),
  /** Attach context to the next message; `pickFile` opens a file picker (the `@` in the box). */
  z.object({ type: z.literal("attach"), what: z.enum(["selection", "file", "problems", "pickFile"]) }),
  /** Code block actions. */
  z.object({ type: z.literal("insertCode"), code: z.string().max(5_000_000) }),
  /** path: the file the block names (else the active editor); the host asks for approval with a diff. */
  z.object({ type: z.literal("applyCode"), blockId: z.string(), code: z.string().max(5_000_000), path: z.string().max(1024).optional() }),
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
