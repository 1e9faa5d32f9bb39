// The agent loop's boundary: what it needs (a turn generator, tools, an approver, token counting)
// and what it reports (events a chat view, the CLI's --json and tests all read). No engine here:
// the engine implements `TurnGenerator` (src/engine/agentTurns.ts), tests may drive it from
// harmony text, and the loop never knows which.
import type { Conversation, ParsedHeader, ParsedMessage } from "../harmony/index";
import type { AnyTool, ProposedChange, ToolEnvironment, ToolResult, ToolRisk } from "../tools/contract";

/** Why a generated turn ended (the engine's stop reasons). */
export type TurnStopReason = "return" | "call" | "abort" | "max-tokens" | "context-full";

/** A tool call as generated: the arguments are the raw text, validated by the loop. */
export interface TurnToolCall {
  recipient: string;
  name: string;
  arguments: string;
  channel?: string;
  contentType?: string;
}

export type TurnEvent =
  | { type: "message-start"; header: ParsedHeader }
  | { type: "text"; text: string; channel: string | undefined; recipient: string | undefined }
  | { type: "message-end"; message: ParsedMessage }
  | { type: "tool-call"; call: TurnToolCall }
  | { type: "warning"; message: string };

export interface TurnResult {
  stopReason: TurnStopReason;
  /** The turn's messages as the lenient parser read them (a tool call's content is its raw arguments). */
  messages: ParsedMessage[];
  toolCall?: TurnToolCall;
  /** Figures for logs and the status bar. */
  stats?: {
    promptTokens: number;
    reusedTokens: number;
    generatedTokens: number;
    tokensPerSecond: number;
    /** Prompt tokens actually evaluated (the engine's token meter), when the generator knows it. */
    promptEvaluatedTokens?: number;
  };
}

/** Generates one assistant turn for the conversation (rendered for completion by the generator). */
export type TurnGenerator = (conversation: Conversation, signal: AbortSignal) => AsyncGenerator<TurnEvent, TurnResult, void>;

export type ApprovalDecision = { approved: true; always?: boolean } | { approved: false; reason?: string };

export interface ApprovalRequest {
  /** The call's id in this run (matches the events). */
  callId: string;
  tool: AnyTool;
  params: unknown;
  /** Present tense, e.g. "Editing src/a.ts". */
  invocation: string;
  change: ProposedChange;
}

/** Asks the user; resolves with the decision. Cancelled runs abort `signal`. */
export type Approver = (request: ApprovalRequest, signal: AbortSignal) => Promise<ApprovalDecision>;

export type AgentStopReason = "final" | "step-limit" | "cancelled" | "max-tokens" | "context-full" | "no-answer" | "repeated-calls" | "error";

export type AgentEvent =
  | { type: "step-start"; step: number }
  | { type: "message-start"; channel: string | undefined; recipient: string | undefined }
  /** Streaming text: analysis is reasoning, commentary without recipient is a preamble, final is the answer. */
  | { type: "text"; channel: "analysis" | "commentary" | "final" | "other"; text: string }
  | { type: "message-end"; channel: string | undefined; recipient: string | undefined; content: string }
  | { type: "tool-call"; callId: string; name: string; arguments: string; risk: ToolRisk | undefined; invocation: string }
  | { type: "approval-requested"; callId: string; change: ProposedChange }
  | { type: "approval"; callId: string; decision: ApprovalDecision }
  | { type: "tool-result"; callId: string; name: string; result: ToolResult; durationMs: number }
  /** Older content was shortened so the next turn fits the window; `detail` says what, for the user. */
  | { type: "context-trimmed"; detail: string; tokensBefore: number; tokensAfter: number }
  | { type: "warning"; message: string }
  | { type: "error"; message: string }
  /**
   * The run ended. `message` says why in words for step-limit, max-tokens, context-full, no-answer
   * and error (it also went out just before as a warning, or an error event for "error");
   * `tokensPerSecond` is the last step's generation speed, when known.
   */
  | { type: "done"; reason: AgentStopReason; steps: number; answer: string; message?: string; tokensPerSecond?: number };

export interface AgentOptions {
  /** The conversation so far, ending with the new user message (system/developer included). */
  conversation: Conversation;
  tools: readonly AnyTool[];
  /** Callable but not declared to the model (edit_file, create_file beside apply_patch: see modelTools.ts). */
  hiddenTools?: readonly AnyTool[];
  generate: TurnGenerator;
  approve: Approver;
  /** Tools' environment and limits (the loop passes them to each tool). */
  toolContext: { env: ToolEnvironment; maxResultChars?: number };
  /** Tokens the rendered conversation takes (the real tokenizer). */
  countTokens(conversation: Conversation): number;
  /** The context window, in tokens. */
  contextSize: number;
  /** Tokens kept free for the model's next turn. Default: a quarter of the window, at least 1,024 (at most half). */
  reserveTokens?: number;
  /** Model turns at most (setting gptOss.agent.maxSteps, default 25). */
  maxSteps?: number;
  /**
   * The generator's cap on tokens per step (setting gptOss.agent.maxTokensPerStep), when it has
   * one: the loop names it when a step reaches it.
   */
  maxTokensPerStep?: number;
  signal?: AbortSignal;
  onEvent?(event: AgentEvent): void;
}

export interface AgentRunResult {
  reason: AgentStopReason;
  /**
   * The conversation with this run's assistant and tool messages appended (for the next turn).
   * Consistent whatever the reason: every tool call is followed by its result. Older content may
   * have been trimmed to fit the window (see context-trimmed); build the next turn on this one.
   */
  conversation: Conversation;
  /** The final answer's text ("" when there was none). */
  answer: string;
  steps: number;
  /** Why the run stopped, in words (as in the done event); absent for "final" and "cancelled". */
  message?: string;
}
