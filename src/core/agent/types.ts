// The agent loop's boundary: what it needs (a turn generator, tools, an approver, token counting)
// and what it reports (events a chat view, the CLI's --json and tests all read). The turn types
// here (TurnEvent, TurnResult, StopReason, ToolCall) are also what the engine's generations speak
// (src/engine/generationTypes.ts extends them), so a generation is a TurnGenerator as it is; tests
// may drive the loop from harmony text, and the loop never knows which.
import type { Conversation, ParsedHeader, ParsedMessage } from "../harmony/index";
import type { AnyTool, ProposedChange, ToolEnvironment, ToolResult, ToolRisk } from "../tools/contract";

/**
 * Why a generated turn ended: the model's `<|return|>` (also `<|endoftext|>`) or `<|call|>`; the
 * caller's abort; the `maxTokens` cap; or the context window filled up (never overflowed).
 */
export type StopReason = "return" | "call" | "abort" | "max-tokens" | "context-full";

/** A complete tool call as generated: the model addressed `recipient` and its arguments text ended. */
export interface ToolCall {
  /** `functions.read_file` */
  recipient: string;
  /** `read_file` when the recipient is in the `functions` namespace, else the recipient. */
  name: string;
  /** The arguments exactly as generated (the loop validates them with the tool's zod schema). */
  arguments: string;
  channel?: string;
  contentType?: string;
  /** True when the arguments were generated under the tool's grammar (the engine says). */
  constrained?: boolean;
}

/** How the prompt got into the model's cache before generation. */
export interface PromptEvaluation {
  /** Tokens in the prompt. */
  promptTokens: number;
  /** Tokens of the prompt found already evaluated in the sequence and kept. */
  reusedTokens: number;
  /** Tokens the model actually evaluated for this prompt (token meter), rollbacks included. */
  evaluatedTokens: number;
  /** Chunks evaluated (the last prompt token is evaluated later, by generation). */
  chunks: number;
  /** The signal fired before the whole prompt was in. */
  aborted: boolean;
}

/** What one generated turn reports as it goes; the result comes once, as the generator's return value. */
export type TurnEvent =
  /** The prompt is in the cache (or the abort stopped it); generation starts. */
  | { type: "prompt"; evaluation: PromptEvaluation; ms: number }
  | { type: "message-start"; header: ParsedHeader }
  /** Message text as it streams; `channel` is `analysis` (reasoning), `commentary` or `final`. */
  | { type: "text"; text: string; channel: string | undefined; recipient: string | undefined }
  | { type: "message-end"; message: ParsedMessage }
  | { type: "tool-call"; call: ToolCall }
  /** Something worth a log line (e.g. a schema part the grammar cannot enforce). */
  | { type: "warning"; message: string };

/** Figures for logs, the status bar and the chat's footer. */
export interface TurnStats {
  promptTokens: number;
  /** Prompt tokens found in the cache and not evaluated again. */
  reusedTokens: number;
  /** Tokens the model produced (a recorded end token not counted). */
  generatedTokens: number;
  /** generatedTokens / generation time. */
  tokensPerSecond: number;
  /** Prompt tokens actually evaluated (the engine's token meter), when the generator knows it. */
  promptEvaluatedTokens?: number;
  /** Time to get the prompt into the cache, and to generate, when the generator knows them. */
  promptMs?: number;
  generationMs?: number;
}

export interface TurnResult {
  stopReason: StopReason;
  /** The turn's messages as the lenient parser read them (a tool call's content is its raw arguments). */
  messages: ParsedMessage[];
  /** Set when the turn ended with a tool call. */
  toolCall?: ToolCall;
  stats?: TurnStats;
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
  /**
   * Set when this change must be put to the user whatever "Always allow" says (an edit to a file
   * that configures code to run, see runsCode.ts): the reason, shown in the approval.
   */
  mustAsk?: string;
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
  | { type: "error"; message: string };

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
  /**
   * Why the run stopped, in words, for step-limit, max-tokens, context-full, no-answer and error
   * (it also went out just before as a warning, or an error event for "error"); absent for
   * "final" and "cancelled".
   */
  message?: string;
  /** The last step's figures (its tokens/s shows in the chat's footer and the status bar), when known. */
  stats?: TurnStats;
}
