// What both backends do with a turn's text once the harmony parser has read it: turn the parser's
// events into the turn's events (text carrying its message's channel and recipient), catch the
// tool call a message ends with, and build the result with its figures. The local engine
// (generate.ts) and the server backend (server/serverSlot.ts) each feed it tokens their own way and
// hook in what only they do (the token memo and grammar switch locally, the grammar request on the
// server).
import type { StopReason, ToolCall, TurnEvent } from "../core/agent/types";
import { HarmonyStreamParser, type HarmonyEvent, type HarmonyToken, type ParsedHeader, type ParsedMessage } from "../core/harmony/index";
import type { GenerationResult, GenerationStats } from "./generationTypes";
import { toolCallOf } from "./toolGrammar";

export interface TurnRecorderHooks {
  /** A message header arrived (called before its event is queued). */
  messageStarted?(header: ParsedHeader): void;
  /** Content text arrived (called before its event is queued). */
  content?(text: string): void;
  /** A message ended (called before its event is queued). */
  messageEnded?(message: ParsedMessage): void;
  /** Whether the message that just ended had its arguments generated under the tool's grammar. */
  constrained(): boolean;
  /** The message's events are queued: reset what belonged to it. */
  afterMessage?(): void;
}

/** A turn's figures, before the speed is worked out from them. */
export type TurnFigures = Omit<GenerationStats, "tokensPerSecond">;

export class TurnRecorder {
  private readonly parser = new HarmonyStreamParser({ strict: false });
  private readonly pending: TurnEvent[] = [];
  private open: ParsedHeader | undefined;
  private call: ToolCall | undefined;

  constructor(private readonly hooks: TurnRecorderHooks) {}

  /** The header of the message being read, if one is open. */
  get header(): ParsedHeader | undefined {
    return this.open;
  }

  push(token: HarmonyToken): void {
    this.record(this.parser.push(token));
  }

  /** The prompt's tail is in: what follows is the model's (see HarmonyStreamParser.promptEnded). */
  promptEnded(): void {
    this.parser.promptEnded();
  }

  /** The turn stopped early (abort, a limit): ends what the parser holds. */
  end(): void {
    this.record(this.parser.end());
  }

  /** Queues an event of the backend's own (a grammar warning). */
  queue(event: TurnEvent): void {
    this.pending.push(event);
  }

  /** The events queued so far, in order. */
  *drain(): Generator<TurnEvent, void, void> {
    while (this.pending.length > 0) yield this.pending.shift()!;
  }

  result(stop: StopReason, tokens: number[], figures: TurnFigures): GenerationResult {
    const { generatedTokens, generationMs } = figures;
    const result: GenerationResult = {
      stopReason: stop,
      messages: [...this.parser.messages],
      tokens,
      stats: { ...figures, tokensPerSecond: generationMs > 0 ? (generatedTokens * 1000) / generationMs : 0 },
    };
    if (stop === "call" && this.call) result.toolCall = this.call;
    return result;
  }

  private record(events: readonly HarmonyEvent[]): void {
    for (const event of events) {
      if (event.type === "message-start") {
        this.open = event.header;
        this.hooks.messageStarted?.(event.header);
        this.pending.push({ type: "message-start", header: event.header });
      } else if (event.type === "content-delta") {
        this.hooks.content?.(event.text);
        this.pending.push({ type: "text", text: event.text, channel: this.open?.channel, recipient: this.open?.recipient });
      } else {
        this.messageEnded(event.message);
      }
    }
  }

  private messageEnded(message: ParsedMessage): void {
    this.hooks.messageEnded?.(message);
    this.pending.push({ type: "message-end", message });
    const call = toolCallOf(message, this.hooks.constrained());
    if (call) {
      this.call = call;
      this.pending.push({ type: "tool-call", call });
    }
    this.open = undefined;
    this.hooks.afterMessage?.();
  }
}
