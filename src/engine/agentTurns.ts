// The engine as the agent loop's TurnGenerator: each step renders the whole conversation and
// generates on one EngineSequence, so the KV cache carries over between steps (a step after a
// tool call evaluates only the call's header, its result and what follows). Tool argument
// grammars come from the conversation's developer message (EngineSequence reads them).
import type { Conversation } from "../core/harmony/index";
import type { TurnEvent, TurnGenerator, TurnResult, TurnToolCall } from "../core/agent/types";
import type { GenerateOptions, GenerationEvent, GenerationResult, ToolCall } from "./generationTypes";
import type { GenerationSlot } from "./backend";

/** Sampling and limits for every step; the signal comes from the loop, per step. */
export type TurnGeneratorOptions = Omit<GenerateOptions, "signal">;

export function createTurnGenerator(sequence: GenerationSlot, options: TurnGeneratorOptions = {}): TurnGenerator {
  return async function* generateTurn(conversation: Conversation, signal: AbortSignal): AsyncGenerator<TurnEvent, TurnResult, void> {
    const stream = sequence.generate({ conversation }, { ...options, signal });
    let finished = false;
    try {
      for (;;) {
        const next = await stream.next();
        if (next.done) {
          finished = true;
          return turnResultOf(next.value);
        }
        const event = turnEventOf(next.value);
        if (event) yield event;
      }
    } finally {
      // The loop stopped listening (a throw, a return): stop generating and free the sequence.
      if (!finished) await stream.return(undefined as never);
    }
  };
}

/** Tokens the conversation takes as the model would read it (rendered for completion), for AgentOptions.countTokens. */
export function countConversationTokens(sequence: GenerationSlot, conversation: Conversation): number {
  return sequence.tokenize({ conversation }).length;
}

function turnEventOf(event: GenerationEvent): TurnEvent | undefined {
  switch (event.type) {
    case "message-start":
    case "text":
    case "message-end":
    case "warning":
      return event;
    case "tool-call":
      return { type: "tool-call", call: toolCallOf(event.call) };
    case "prompt":
    case "done":
      return undefined;
    default:
      return event satisfies never;
  }
}

function toolCallOf(call: ToolCall): TurnToolCall {
  const out: TurnToolCall = { recipient: call.recipient, name: call.name, arguments: call.arguments };
  if (call.channel !== undefined) out.channel = call.channel;
  if (call.contentType !== undefined) out.contentType = call.contentType;
  return out;
}

function turnResultOf(result: GenerationResult): TurnResult {
  const { stats } = result;
  const turn: TurnResult = {
    stopReason: result.stopReason,
    messages: result.messages,
    stats: {
      promptTokens: stats.promptTokens,
      reusedTokens: stats.reusedTokens,
      generatedTokens: stats.generatedTokens,
      tokensPerSecond: stats.tokensPerSecond,
      promptEvaluatedTokens: stats.promptEvaluatedTokens,
    },
  };
  if (result.toolCall) turn.toolCall = toolCallOf(result.toolCall);
  return turn;
}
