// A TurnGenerator for unit tests of the agent loop: each step plays a scripted harmony
// completion (the text after `<|start|>assistant`, special tokens spelled out) through the real
// HarmonyStreamParser, one character per token, and reports events and a result the way the
// engine does. No model: what the loop does with a turn is the thing under test.
import {
  HarmonyStreamParser,
  SPECIAL_TOKENS,
  textToSegments,
  type Conversation,
  type HarmonyEvent,
  type HarmonyToken,
} from "../../src/core/harmony/index";
import type { TurnEvent, TurnGenerator, TurnResult, StopReason, ToolCall } from "../../src/core/agent/types";

export interface ScriptedStep {
  /** The completion, e.g. `<|channel|>final<|message|>Hi.<|return|>`. */
  text: string;
  /** How the turn ends when `text` has no `<|call|>` / `<|return|>` at its end. Default "max-tokens". */
  stopReason?: StopReason;
  /** Called before token `index` is parsed (e.g. to abort mid-generation). */
  beforeToken?(index: number): void;
}

/** A step, or a function of the conversation the step was asked to complete. */
export type ScriptEntry = string | ScriptedStep | ((conversation: Conversation) => string | ScriptedStep);

export interface ScriptedTurns {
  generate: TurnGenerator;
  /** The conversation each step received, copied when it was asked. */
  readonly prompts: Conversation[];
  /** Steps not played yet. */
  readonly remaining: number;
}

/** Harmony text as tokens: special tokens by id, other text one character per token. */
export function harmonyTokens(text: string): HarmonyToken[] {
  return textToSegments(text).flatMap((s): HarmonyToken[] =>
    s.kind === "special" ? [{ id: SPECIAL_TOKENS[s.name].id }] : [...s.text].map((char) => ({ id: 1, text: char })),
  );
}

export function scriptedTurns(entries: readonly ScriptEntry[]): ScriptedTurns {
  const prompts: Conversation[] = [];
  let next = 0;
  async function* generate(conversation: Conversation, signal: AbortSignal): AsyncGenerator<TurnEvent, TurnResult, void> {
    prompts.push(structuredClone(conversation));
    const entry = entries[next++];
    if (entry === undefined) throw new Error(`The script has no step ${next} (it has ${entries.length}).`);
    const resolved = typeof entry === "function" ? entry(conversation) : entry;
    const step = typeof resolved === "string" ? { text: resolved } : resolved;

    const parser = new HarmonyStreamParser({ role: "assistant" });
    let toolCall: ToolCall | undefined;
    let header: { channel?: string; recipient?: string } = {};
    const translate = (events: readonly HarmonyEvent[]): TurnEvent[] =>
      events.flatMap((event): TurnEvent[] => {
        if (event.type === "message-start") {
          header = event.header;
          return [{ type: "message-start", header: event.header }];
        }
        if (event.type === "content-delta") return [{ type: "text", text: event.text, channel: header.channel, recipient: header.recipient }];
        const out: TurnEvent[] = [{ type: "message-end", message: event.message }];
        if (event.message.end === "call" && event.message.recipient !== undefined) {
          const recipient = event.message.recipient;
          toolCall = { recipient, name: recipient.replace(/^functions\./, ""), arguments: event.message.content };
          if (event.message.channel !== undefined) toolCall.channel = event.message.channel;
          if (event.message.contentType !== undefined) toolCall.contentType = event.message.contentType;
          out.push({ type: "tool-call", call: toolCall });
        }
        return out;
      });

    const tokens = harmonyTokens(step.text);
    let stopReason: StopReason | undefined;
    for (const [index, token] of tokens.entries()) {
      // A macrotask per token, like a real model: timers and other callers get to run in between.
      await new Promise((resolve) => setImmediate(resolve));
      step.beforeToken?.(index);
      if (signal.aborted) {
        stopReason = "abort";
        break;
      }
      yield* translate(parser.push(token));
      if (token.id === SPECIAL_TOKENS.call.id || token.id === SPECIAL_TOKENS.return.id) {
        stopReason = token.id === SPECIAL_TOKENS.call.id ? "call" : "return";
        break;
      }
    }
    if (stopReason !== "call" && stopReason !== "return") {
      stopReason ??= step.stopReason ?? "max-tokens";
      yield* translate(parser.end());
    }
    const result: TurnResult = { stopReason, messages: [...parser.messages], stats: { promptTokens: 0, reusedTokens: 0, generatedTokens: tokens.length, tokensPerSecond: 100 } };
    if (stopReason === "call" && toolCall) result.toolCall = toolCall;
    return result;
  }
  return {
    generate,
    prompts,
    get remaining() {
      return entries.length - next;
    },
  };
}
