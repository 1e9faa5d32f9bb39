// The agent loop: generate a step, run the tool it calls, append call and result, generate
// again, until the model answers on the final channel or a limit stops it. The loop never
// throws for what the model does: bad calls become results the model reads; limits, a full
// context and cancels end the run with a reason and a message.
//
// The returned conversation is always consistent: every tool call in it is followed by its
// result. A cancel during approval or while a tool runs keeps the call with a "cancelled"
// result (the model then knows it was stopped, and a command may have partly run); a cancel
// during generation drops the unfinished message (except a partial final answer, which the
// user saw). `options.conversation` itself is never mutated.
import type { Conversation } from "../harmony/index";
import type { ToolContext } from "../tools/contract";
import { defaultReserveTokens, fitContext } from "./contextBudget";
import { defaultMaxResultChars } from "./resultCap";
import { repeatNote, RepeatCounter, repeatStopMessage, REPEAT_NOTE, REPEAT_STOP } from "./repeatGuard";
import { handleToolCall } from "./toolCall";
import { answerOf, keptMessages, toolResultMessage, unlabelledAnswer } from "./transcript";
import { streamTurn } from "./turnStream";
import type { AgentEvent, AgentOptions, AgentRunResult, AgentStopReason, TurnResult, TurnStats } from "./types";

/** Model steps per request unless the options say otherwise (setting gptOss.agent.maxSteps). */
export const DEFAULT_MAX_STEPS = 25;

let callCounter = 0;

export function runAgent(options: AgentOptions): Promise<AgentRunResult> {
  return new AgentRun(options).run();
}

class AgentRun {
  private conversation: Conversation;
  private steps = 0;
  private lastStats: TurnStats | undefined;
  private readonly signal: AbortSignal;
  private readonly maxSteps: number;
  private readonly budget: number;
  private readonly toolContext: ToolContext;
  private readonly repeats = new RepeatCounter();

  constructor(private readonly options: AgentOptions) {
    this.conversation = [...options.conversation];
    this.signal = options.signal ?? new AbortController().signal;
    this.maxSteps = Math.max(1, Math.floor(options.maxSteps ?? DEFAULT_MAX_STEPS));
    this.budget = options.contextSize - (options.reserveTokens ?? defaultReserveTokens(options.contextSize));
    this.toolContext = {
      env: options.toolContext.env,
      signal: this.signal,
      maxResultChars: options.toolContext.maxResultChars ?? defaultMaxResultChars(options.contextSize),
    };
  }

  async run(): Promise<AgentRunResult> {
    for (;;) {
      if (this.signal.aborted) return this.finish("cancelled", "");
      let fit;
      try {
        fit = fitContext(this.conversation, this.budget, this.options.countTokens);
      } catch (error) {
        return this.fail(error);
      }
      if (!fit.fits) return this.finish("context-full", "", contextFullMessage(fit.smallest, this.budget, this.options.contextSize));
      if (fit.trim) this.emit({ type: "context-trimmed", ...fit.trim });
      this.conversation = fit.conversation;

      const step = ++this.steps;
      this.emit({ type: "step-start", step });

      let turn: TurnResult;
      try {
        turn = await streamTurn(this.options.generate, this.conversation, this.signal, (event) => this.emit(event));
      } catch (error) {
        if (this.signal.aborted) return this.finish("cancelled", "");
        return this.fail(error);
      }
      if (turn.stats) this.lastStats = turn.stats;

      const toolCall = turn.stopReason === "call" ? turn.toolCall : undefined;
      const kept = keptMessages(turn.messages, toolCall);
      for (const message of kept.dropped) this.emit({ type: "warning", message });
      this.conversation.push(...kept.messages);
      const answer = answerOf(kept.messages);

      switch (turn.stopReason) {
        case "abort":
          return this.finish("cancelled", answer);
        case "max-tokens":
          return this.finish("max-tokens", answer, maxTokensMessage(this.options.maxTokensPerStep, turn.messages.at(-1)?.channel));
        case "context-full":
          return this.finish("context-full", answer, contextFullMessage(undefined, this.budget, this.options.contextSize));
        case "return": {
          if (kept.messages.some((m) => m.channel === "final")) return this.finish("final", answer);
          const unlabelled = unlabelledAnswer(kept.messages);
          if (unlabelled !== undefined) return this.finish("final", unlabelled);
          return this.finish("no-answer", "", "The model ended its turn without an answer (only reasoning or a preamble). Ask again, or rephrase the request.");
        }
        case "call":
          if (!toolCall) return this.finish("no-answer", answer, "The model ended its turn with a call but addressed no tool. Ask again, or rephrase the request.");
          break;
        default:
          return turn.stopReason satisfies never;
      }

      const repeats = this.repeats.next(toolCall);
      if (repeats >= REPEAT_STOP) {
        // The call stays answered (every call in the conversation has its result).
        this.conversation.push(toolResultMessage(toolCall.recipient, repeatNote(repeats)));
        return this.finish("repeated-calls", "", repeatStopMessage(toolCall.recipient, repeats));
      }
      const last = step >= this.maxSteps;
      const notRun = last ? stepLimitResult(this.maxSteps) : repeats >= REPEAT_NOTE ? repeatNote(repeats) : undefined;
      const outcome = await handleToolCall({
        call: toolCall,
        callId: `call-${++callCounter}`,
        tools: this.options.tools,
        ...(this.options.hiddenTools ? { hiddenTools: this.options.hiddenTools } : {}),
        approve: this.options.approve,
        context: this.toolContext,
        emit: (event) => this.emit(event),
        ...(notRun !== undefined ? { notRun } : {}),
      });
      this.conversation.push(toolResultMessage(toolCall.recipient, outcome.result.content, resultChannel(toolCall, this.options.tools)));
      if (outcome.cancelled || this.signal.aborted) return this.finish("cancelled", "");
      if (last) return this.finish("step-limit", "", stepLimitMessage(this.maxSteps));
    }
  }

  private emit(event: AgentEvent): void {
    this.options.onEvent?.(event);
  }

  private fail(error: unknown): AgentRunResult {
    const message = error instanceof Error ? error.message : String(error);
    return this.finish("error", "", message);
  }

  /**
   * Ends the run; the result is its only report of the end (no event says it again). A reason
   * other than "final" or "cancelled" is also reported as a warning (an error for "error") just
   * before, so a view that shows notices needs nothing else.
   */
  private finish(reason: AgentStopReason, answer: string, message?: string): AgentRunResult {
    if (message !== undefined) this.emit(reason === "error" ? { type: "error", message } : { type: "warning", message });
    const result: AgentRunResult = { reason, conversation: this.conversation, answer, steps: this.steps };
    if (message !== undefined) result.message = message;
    if (this.lastStats) result.stats = this.lastStats;
    return result;
  }
}

/**
 * A built-in tool answers on the channel it was called on (the reference's python tool: the
 * call's channel, analysis); a function's result goes on commentary, as before.
 */
function resultChannel(call: { recipient: string; channel?: string }, tools: AgentOptions["tools"]): string {
  const builtin = tools.some((t) => t.recipient !== undefined && t.recipient === call.recipient);
  return builtin ? (call.channel ?? "analysis") : "commentary";
}

function maxTokensMessage(cap: number | undefined, channel: string | undefined): string {
  if (cap === undefined) return "The model's reply reached its token limit before it was finished.";
  const where = channel === "analysis" ? " while still reasoning (its reasoning ran away)" : "";
  return (
    `Stopped: the model wrote ${cap.toLocaleString("en-US")} tokens in one step${where} without finishing (the limit per step, setting gptOss.agent.maxTokensPerStep). ` +
    "Ask again, lower the reasoning effort, or raise the limit."
  );
}

function stepLimitResult(maxSteps: number): string {
  return `Not run: this request reached its limit of ${maxSteps} model steps. Tell the user what you found so far; they can ask you to continue.`;
}

function stepLimitMessage(maxSteps: number): string {
  return `Stopped after ${maxSteps} model steps (the limit per request, setting gptOss.agent.maxSteps). The last tool call was not run. Say "continue" to let the assistant go on.`;
}

function contextFullMessage(tokens: number | undefined, budget: number, contextSize: number): string {
  const format = (value: number) => value.toLocaleString("en-US");
  const size = tokens !== undefined ? ` (${format(tokens)} tokens after removing what could go, ${format(budget)} allowed)` : "";
  return (
    `The conversation no longer fits the model's context window of ${format(contextSize)} tokens${size}. ` +
    "Start a new chat, or raise gptOss.contextSize if memory allows."
  );
}
