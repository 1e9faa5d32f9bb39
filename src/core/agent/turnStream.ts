// One model step: drives the turn generator and passes its stream on as agent events. Text is
// sorted by channel the way the chat shows it (analysis: reasoning, commentary without a
// recipient: a preamble, final: the answer); a tool call's arguments are not text, they come out
// whole in the loop's tool-call event once validated.
import type { Conversation } from "../harmony/index";
import type { AgentEvent, TurnEvent, TurnGenerator, TurnResult } from "./types";
import { drainGenerator } from "../drainGenerator";

type TextChannel = Extract<AgentEvent, { type: "text" }>["channel"];

export function textChannelOf(channel: string | undefined, recipient: string | undefined): TextChannel | undefined {
  if (recipient !== undefined) return undefined;
  return channel === "analysis" || channel === "commentary" || channel === "final" ? channel : "other";
}

function agentEventOf(event: TurnEvent): AgentEvent | undefined {
  switch (event.type) {
    case "message-start":
      return { type: "message-start", channel: event.header.channel, recipient: event.header.recipient };
    case "text": {
      const channel = textChannelOf(event.channel, event.recipient);
      return channel && event.text ? { type: "text", channel, text: event.text } : undefined;
    }
    case "message-end":
      return { type: "message-end", channel: event.message.channel, recipient: event.message.recipient, content: event.message.content };
    case "warning":
      return { type: "warning", message: event.message };
    case "prompt":
    case "tool-call":
      return undefined;
    default:
      return event satisfies never;
  }
}

/** Runs one generation to its end, emitting events; closes the generator if anything throws. */
export function streamTurn(generate: TurnGenerator, conversation: Conversation, signal: AbortSignal, emit: (event: AgentEvent) => void): Promise<TurnResult> {
  return drainGenerator(generate(conversation, signal), (turnEvent) => {
    const event = agentEventOf(turnEvent);
    if (event) emit(event);
  });
}
