// A tool call in the answer to a vscode.lm request, mapped to a tool the request declared the way
// the agent loop maps one (trainedNames.ts): `functions.NAME`, NAME alone, a trained alias
// (`repo_browser.open_file`, `container.exec`...), alias argument names rewritten only into names
// the declared schema has, a raw patch for an `apply_patch`. A call nothing maps to is answered,
// as in the agent loop, with what is available, and the model tries again (a few times); it never
// reaches the caller as a call to a tool it did not declare.
import { adaptArguments, resolveRecipient } from "../agent/trainedNames";
import { unavailableToolMessage } from "../agent/toolCall";
import { keptMessages, toolResultMessage } from "../agent/transcript";
import type { ToolCall, TurnResult } from "../agent/types";
import type { Conversation } from "../harmony/index";
import { applyPatchTool } from "../tools/applyPatch/tool";
import type { LmTool } from "./lmConversation";

export type LmCallOutcome =
  | { kind: "call"; name: string; input: Record<string, unknown>; /** The name the model used, when not `functions.<name>`. */ alias?: string }
  | { kind: "refused"; /** What the model reads back. */ reason: string };

/** Our tools that read arguments in shapes besides JSON (a raw patch, a heredoc), by name. */
const ARGUMENT_READERS = new Map([[applyPatchTool.name, applyPatchTool]]);

function propertiesOf(schema: object | undefined): Set<string> {
  const properties = (schema as { properties?: unknown } | undefined)?.properties;
  return new Set(properties && typeof properties === "object" ? Object.keys(properties) : []);
}

export function lmToolCall(call: ToolCall, tools: readonly LmTool[]): LmCallOutcome {
  const target = resolveRecipient(call.recipient, tools, call.arguments);
  if (!target) return { kind: "refused", reason: `Error: ${unavailableToolMessage(call.recipient, tools.map((t) => t.name))}` };
  const { tool } = target;
  const properties = propertiesOf(tool.inputSchema);
  const text = call.arguments.trim() === "" ? "{}" : call.arguments;
  const read = ARGUMENT_READERS.get(tool.name)?.readArguments?.(text) as Record<string, unknown> | undefined;
  let json: unknown = read && Object.keys(read).every((key) => properties.has(key)) ? read : undefined;
  if (json === undefined) {
    try {
      json = JSON.parse(text);
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      return { kind: "refused", reason: `Error: the arguments for ${tool.name} are not valid JSON (${why}). Call it again with one JSON object that matches its parameters.` };
    }
  }
  const input = adaptArguments(tool.name, json, properties);
  if (!input || typeof input !== "object" || Array.isArray(input)) {
    return { kind: "refused", reason: `Error: the arguments for ${tool.name} must be one JSON object. Call it again with an object that matches its parameters.` };
  }
  return { kind: "call", name: tool.name, input: input as Record<string, unknown>, ...(target.alias !== undefined ? { alias: target.alias } : {}) };
}

export interface LmAnswer<R extends TurnResult> {
  /** The last generation's result. */
  result: R;
  /** The call to hand the caller, mapped to a tool it declared. */
  call?: Extract<LmCallOutcome, { kind: "call" }>;
  /** The refusals the model read, in order (the last one unanswered when no call came after it). */
  refused: string[];
}

/** How many unmappable calls the model is answered before the request ends without a call. */
export const LM_CALL_RETRIES = 2;

/**
 * Generates until the answer is text or a call to a declared tool. An unmappable call joins the
 * conversation with its refusal as the tool's result, and the model goes on from there.
 */
export async function answerLmRequest<R extends TurnResult>(
  conversation: Conversation,
  tools: readonly LmTool[],
  generate: (conversation: Conversation) => Promise<R>,
): Promise<LmAnswer<R>> {
  const refused: string[] = [];
  let current = conversation;
  for (;;) {
    const result = await generate(current);
    if (!result.toolCall) return { result, refused };
    const outcome = lmToolCall(result.toolCall, tools);
    if (outcome.kind === "call") return { result, call: outcome, refused };
    refused.push(outcome.reason);
    if (refused.length > LM_CALL_RETRIES) return { result, refused };
    current = [...current, ...keptMessages(result.messages, result.toolCall).messages, toolResultMessage(result.toolCall.recipient, outcome.reason)];
  }
}
