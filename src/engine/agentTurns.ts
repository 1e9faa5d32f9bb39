// The engine as the agent loop's TurnGenerator: each step renders the whole conversation and
// generates on one slot (an EngineSequence or a server slot), so the KV cache carries over between steps (a step after a
// tool call evaluates only the call's header, its result and what follows). Tool argument
// grammars come from the conversation's developer message (EngineSequence reads them).
import type { Conversation } from "../core/harmony/index";
import type { AgentOptions, TurnGenerator } from "../core/agent/types";
import type { GenerateOptions } from "./generationTypes";
import type { GenerationSlot } from "./backend";

/** Sampling and limits for every step; the signal comes from the loop, per step. */
export type TurnGeneratorOptions = Omit<GenerateOptions, "signal">;

export function createTurnGenerator(sequence: GenerationSlot, options: TurnGeneratorOptions = {}): TurnGenerator {
  // A generation speaks the agent's turn types: nothing to translate.
  return (conversation, signal) => sequence.generate({ conversation }, { ...options, signal });
}

/** Tokens the conversation takes as the model would read it (rendered for completion), for AgentOptions.countTokens. */
export function countConversationTokens(sequence: GenerationSlot, conversation: Conversation): number {
  return sequence.tokenize({ conversation }).length;
}

/** What the agent loop needs of the model, bound to one slot: spread it into runAgent's options. */
export type AgentBinding = Pick<AgentOptions, "generate" | "countTokens" | "contextSize">;

export function bindAgent(slot: GenerationSlot, options: TurnGeneratorOptions = {}): AgentBinding {
  return {
    generate: createTurnGenerator(slot, options),
    countTokens: (conversation) => countConversationTokens(slot, conversation),
    contextSize: slot.contextSize,
  };
}
