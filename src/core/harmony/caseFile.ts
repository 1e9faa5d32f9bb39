// The conformance case file format (test/fixtures/harmony-conformance/README.md), validated
// with zod, and its mapping onto the conversation model. The files use the reference's
// snake_case names; the model uses camelCase.
import * as z from "zod";
import {
  FUNCTIONS_NAMESPACE,
  reasoningEffortSchema,
  roleSchema,
  toolDescriptionSchema,
  type Message,
  type MessageContent,
} from "./conversation";
import type { ParsedMessage } from "./parser";

const caseSystemContentSchema = z.strictObject({
  type: z.literal("system"),
  model_identity: z.string().optional(),
  reasoning_effort: reasoningEffortSchema.optional(),
  knowledge_cutoff: z.string().optional(),
  conversation_start_date: z.string().optional(),
  required_channels: z.array(z.string()).optional(),
});

const caseDeveloperContentSchema = z.strictObject({
  type: z.literal("developer"),
  instructions: z.string().optional(),
  function_tools: z.array(toolDescriptionSchema).optional(),
});

export const caseMessageSchema = z.strictObject({
  role: roleSchema,
  name: z.string().optional(),
  recipient: z.string().optional(),
  channel: z.string().optional(),
  content_type: z.string().optional(),
  content: z.union([z.string(), caseSystemContentSchema, caseDeveloperContentSchema]),
});
export type CaseMessage = z.infer<typeof caseMessageSchema>;

const caseCommon = {
  name: z.string().min(1),
  source: z.string(),
  about: z.string(),
};

export const renderCaseSchema = z.strictObject({
  ...caseCommon,
  kind: z.literal("render"),
  conversation: z.array(caseMessageSchema),
  render: z.strictObject({
    mode: z.enum(["completion", "conversation"]),
    next_role: roleSchema.optional(),
    auto_drop_analysis: z.boolean().default(true),
    strip_suffix: z.string().optional(),
  }),
  expected_file: z.string().min(1),
});
export type RenderCase = z.infer<typeof renderCaseSchema>;

export const parseCaseSchema = z.strictObject({
  ...caseCommon,
  kind: z.literal("parse"),
  input_text: z.string(),
  input_file: z.string().optional(),
  parse: z.strictObject({ role: roleSchema.nullable(), strict: z.boolean() }),
  expected_messages: z.array(caseMessageSchema).optional(),
  expected_error: z.string().optional(),
});
export type ParseCase = z.infer<typeof parseCaseSchema>;

export const harmonyCaseSchema = z.discriminatedUnion("kind", [renderCaseSchema, parseCaseSchema]);
export type HarmonyCase = z.infer<typeof harmonyCaseSchema>;

function contentFromCase(content: CaseMessage["content"]): MessageContent {
  if (typeof content === "string") return content;
  if (content.type === "system") {
    return {
      type: "system",
      ...(content.model_identity !== undefined && { modelIdentity: content.model_identity }),
      ...(content.reasoning_effort !== undefined && { reasoningEffort: content.reasoning_effort }),
      ...(content.knowledge_cutoff !== undefined && { knowledgeCutoff: content.knowledge_cutoff }),
      ...(content.conversation_start_date !== undefined && { conversationStartDate: content.conversation_start_date }),
      ...(content.required_channels !== undefined && {
        channelConfig: { validChannels: content.required_channels, channelRequired: true },
      }),
    };
  }
  return {
    type: "developer",
    ...(content.instructions !== undefined && { instructions: content.instructions }),
    // The reference's `with_function_tools` makes the namespace even for an empty list.
    ...(content.function_tools !== undefined && {
      tools: [{ name: FUNCTIONS_NAMESPACE, tools: content.function_tools }],
    }),
  };
}

export function messageFromCase(message: CaseMessage): Message {
  return {
    role: message.role,
    ...(message.name !== undefined && { name: message.name }),
    ...(message.recipient !== undefined && { recipient: message.recipient }),
    ...(message.channel !== undefined && { channel: message.channel }),
    ...(message.content_type !== undefined && { contentType: message.content_type }),
    content: contentFromCase(message.content),
  };
}

/** A parsed message in the case format (fields the case schema knows, absent when unset). */
export function parsedToCaseMessage(message: ParsedMessage): CaseMessage {
  return {
    role: message.role,
    ...(message.name !== undefined && { name: message.name }),
    ...(message.recipient !== undefined && { recipient: message.recipient }),
    ...(message.channel !== undefined && { channel: message.channel }),
    ...(message.contentType !== undefined && { content_type: message.contentType }),
    content: message.content,
  };
}
