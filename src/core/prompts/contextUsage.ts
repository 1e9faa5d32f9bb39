// How full the context window is, and of what: the chat's toolbar shows it as a meter with a
// breakdown, and past COMPACT_AT offers Compact (older turns replaced by a summary).
import { defaultReserveTokens } from "../agent/contextBudget";
import type { Conversation } from "../harmony/index";

export interface ContextUsage {
  /** Tokens of the conversation as last sent to the model, with its answer. */
  readonly used: number;
  /** The context window, in tokens. */
  readonly window: number;
  /** Of the window, what is kept for the model's reply; the conversation may fill the rest before it is shortened. */
  readonly reserved: number;
  /** What the tokens are, in this order; they add up to `used`. */
  readonly parts: { label: string; tokens: number }[];
}

/** Past this share of the window the chat says so and offers Compact. */
export const COMPACT_AT = 0.8;

export interface UsageInputs {
  /** The conversation's system and developer messages without the project's instructions. */
  readonly headWithoutInstructions: Conversation;
  /** The same with them. */
  readonly head: Conversation;
  /** The whole conversation after the turn (head included). */
  readonly conversation: Conversation;
  /** The user messages' attachments, each as the user message it would be alone. */
  readonly attachments: readonly Conversation[];
  /** An empty user message (what an attachment's own count is measured against). */
  readonly emptyUser: Conversation;
  readonly window: number;
}

export function contextUsage(inputs: UsageInputs, countTokens: (conversation: Conversation) => number): ContextUsage {
  const used = countTokens(inputs.conversation);
  const system = Math.min(used, countTokens(inputs.headWithoutInstructions));
  const instructions = Math.max(0, countTokens(inputs.head) - system);
  const empty = countTokens(inputs.emptyUser);
  const attachments = inputs.attachments.reduce((sum, message) => sum + Math.max(0, countTokens(message) - empty), 0);
  const conversation = Math.max(0, used - system - instructions - attachments);
  return {
    used,
    window: inputs.window,
    reserved: defaultReserveTokens(inputs.window),
    parts: [
      { label: "System and tools", tokens: system },
      { label: "Instructions", tokens: instructions },
      { label: "Conversation", tokens: conversation },
      { label: "Attachments", tokens: Math.min(attachments, Math.max(0, used - system - instructions)) },
    ],
  };
}

/**
 * How full the room the conversation may take is (the window less what is kept for the reply):
 * at 100% the agent starts shortening older content, so that is what "full" means to the user.
 */
export function usageShare(usage: ContextUsage): number {
  const room = usage.window - usage.reserved;
  return room > 0 ? usage.used / room : 0;
}

/** "3,120 of 6,144 tokens (51%)", the window, and one line per part, for the meter's tooltip. */
export function usageDescription(usage: ContextUsage): string {
  const percent = Math.round(usageShare(usage) * 100);
  const room = usage.window - usage.reserved;
  const lines = [
    `Context: ${usage.used.toLocaleString("en-US")} of ${room.toLocaleString("en-US")} tokens (${percent}%)`,
    `(a ${usage.window.toLocaleString("en-US")}-token window, ${usage.reserved.toLocaleString("en-US")} kept for the answer)`,
  ];
  for (const part of usage.parts) lines.push(`${part.label}: ${part.tokens.toLocaleString("en-US")}`);
  return lines.join("\n");
}
