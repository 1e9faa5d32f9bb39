// The conversation model: everything a harmony conversation can say, as the reference
// (openai/harmony v0.0.8, `src/chat.rs`) models it. Types come from zod schemas so that data
// crossing a boundary (case files, saved chats, webview messages) is validated with the same shapes.
import * as z from "zod";

export const ROLES = ["system", "developer", "user", "assistant", "tool"] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

export function isRole(word: string): word is Role {
  return (ROLES as readonly string[]).includes(word);
}

export const reasoningEffortSchema = z.enum(["low", "medium", "high"]);
export type ReasoningEffort = z.infer<typeof reasoningEffortSchema>;

/** A JSON Schema object, kept as parsed (key order matters: properties render in that order). */
export const jsonSchemaSchema = z.record(z.string(), z.unknown());
export type JsonSchema = z.infer<typeof jsonSchemaSchema>;

/** One function the model may call: rendered as `type NAME = (_: PARAMS) => any;`. */
export const toolDescriptionSchema = z.object({
  name: z.string().min(1),
  description: z.string(),
  parameters: jsonSchemaSchema.optional(),
});
export type ToolDescription = z.infer<typeof toolDescriptionSchema>;

/** A tool namespace (`functions`, or a built-in like `browser`): a `## NAME` section. */
export const toolNamespaceSchema = z.object({
  name: z.string().min(1),
  description: z.string().optional(),
  tools: z.array(toolDescriptionSchema),
});
export type ToolNamespace = z.infer<typeof toolNamespaceSchema>;

/** `# Valid channels: a, b.` plus, when required, `Channel must be included for every message.` */
export const channelConfigSchema = z.object({
  validChannels: z.array(z.string()),
  channelRequired: z.boolean(),
});
export type ChannelConfig = z.infer<typeof channelConfigSchema>;

/** The system message's content. An absent field renders nothing (no hidden defaults here). */
export const systemContentSchema = z.object({
  type: z.literal("system"),
  modelIdentity: z.string().optional(),
  reasoningEffort: reasoningEffortSchema.optional(),
  knowledgeCutoff: z.string().optional(),
  conversationStartDate: z.string().optional(),
  channelConfig: channelConfigSchema.optional(),
  /** Built-in tool namespaces (the reference puts browser/python here). */
  tools: z.array(toolNamespaceSchema).optional(),
});
export type SystemContent = z.infer<typeof systemContentSchema>;

/** The developer message's content: `# Instructions` and the tool namespaces (usually `functions`). */
export const developerContentSchema = z.object({
  type: z.literal("developer"),
  instructions: z.string().optional(),
  tools: z.array(toolNamespaceSchema).optional(),
});
export type DeveloperContent = z.infer<typeof developerContentSchema>;

export const messageContentSchema = z.union([z.string(), systemContentSchema, developerContentSchema]);
export type MessageContent = z.infer<typeof messageContentSchema>;

/**
 * One message. `name` is the author's name: a tool message's header shows only that name
 * (`functions.get_weather`); for other roles it renders as `role:name`.
 */
export const messageSchema = z.object({
  role: roleSchema,
  name: z.string().optional(),
  recipient: z.string().optional(),
  channel: z.string().optional(),
  /** e.g. `json`, `code`, or `<|constrain|>json` (the marker is rendered as its special token). */
  contentType: z.string().optional(),
  content: messageContentSchema,
});
export type Message = z.infer<typeof messageSchema>;

export const conversationSchema = z.array(messageSchema);
export type Conversation = Message[];

/** The namespace that holds the developer's function tools; calls go to `functions.NAME`. */
export const FUNCTIONS_NAMESPACE = "functions";

/** The reference library's `SystemContent::new()` defaults: what gpt-oss was trained with. */
export function defaultSystemContent(overrides: Partial<Omit<SystemContent, "type">> = {}): SystemContent {
  return {
    type: "system",
    modelIdentity: "You are ChatGPT, a large language model trained by OpenAI.",
    reasoningEffort: "medium",
    knowledgeCutoff: "2024-06",
    channelConfig: { validChannels: ["analysis", "commentary", "final"], channelRequired: true },
    ...overrides,
  };
}

/** Developer content with instructions and the given function tools in the `functions` namespace. */
export function developerContent(instructions: string | undefined, functionTools: ToolDescription[] = []): DeveloperContent {
  return {
    type: "developer",
    ...(instructions !== undefined ? { instructions } : {}),
    ...(functionTools.length ? { tools: [{ name: FUNCTIONS_NAMESPACE, tools: functionTools }] } : {}),
  };
}
