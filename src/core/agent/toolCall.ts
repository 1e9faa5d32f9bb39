// One tool call, from the raw text the model wrote to the result it reads back: find the tool,
// parse and validate the arguments, ask the user before anything changes, run, cap the result.
// Every failure on the way (unknown tool, bad JSON, schema mismatch, a tool that throws, a
// denial, a cancel) becomes a result the model can act on; nothing here throws past the loop.
import * as z from "zod";
import { isChangingRisk, ToolError, type AnyTool, type ProposedChange, type ToolContext, type ToolResult } from "../tools/contract";
import { runsCodeReason } from "../tools/runsCode";
import { visibleText } from "../tools/visibleText";
import { capResult } from "./resultCap";
import { adaptArguments, resolveRecipient } from "./trainedNames";
import { functionName } from "./transcript";
import type { AgentEvent, ApprovalDecision, Approver, ToolCall } from "./types";

export interface ToolCallSetup {
  call: ToolCall;
  /** Unique in the run; events and the approval request carry it. */
  callId: string;
  tools: readonly AnyTool[];
  /** Callable but not declared (edit_file and create_file beside apply_patch). */
  hiddenTools?: readonly AnyTool[];
  approve: Approver;
  /** The run's signal, environment and result cap. */
  context: ToolContext;
  emit(event: AgentEvent): void;
  /** Set when the call must not run (the step limit); the model reads it as the result. */
  notRun?: string;
}

export interface ToolCallOutcome {
  result: ToolResult;
  /** The run was cancelled before or while the call ran. */
  cancelled: boolean;
}

type Resolved =
  | { ok: true; tool: AnyTool; name: string; params: unknown }
  | { ok: false; tool: AnyTool | undefined; name: string; result: ToolResult };

export async function handleToolCall(setup: ToolCallSetup): Promise<ToolCallOutcome> {
  const { call, callId, context, emit } = setup;
  const started = Date.now();
  const resolved = resolveCall(call, setup.tools, setup.hiddenTools ?? []);
  const invocation = resolved.ok ? invocationOf(resolved.tool, resolved.params, resolved.name) : `Calling ${resolved.name}`;
  emit({ type: "tool-call", callId, name: resolved.name, arguments: call.arguments, risk: resolved.tool?.risk, invocation });

  let outcome: ToolCallOutcome;
  if (setup.notRun !== undefined) outcome = { result: errorResult(setup.notRun, "Not run"), cancelled: false };
  else if (!resolved.ok) outcome = { result: resolved.result, cancelled: false };
  else if (context.signal.aborted) outcome = { result: cancelledBeforeRun(), cancelled: true };
  else outcome = await execute(setup, resolved.tool, resolved.name, resolved.params, invocation);

  const result = capResult(outcome.result, context.maxResultChars);
  emit({ type: "tool-result", callId, name: resolved.name, result, durationMs: Date.now() - started });
  return { result, cancelled: outcome.cancelled };
}

/** Finds the tool and validates the arguments; a failure is already the result to send back. */
function resolveCall(call: ToolCall, tools: readonly AnyTool[], hidden: readonly AnyTool[]): Resolved {
  // gpt-oss's built-ins (python, browser.*) are called by their own recipient, not functions.NAME.
  const builtin = tools.find((t) => t.recipient !== undefined && t.recipient === call.recipient.trim());
  if (builtin?.rawArguments) {
    const parsed = builtin.parameters.safeParse(call.arguments);
    if (parsed.success) return { ok: true, tool: builtin, name: builtin.name, params: parsed.data };
    return { ok: false, tool: builtin, name: builtin.name, result: errorResult(`Error: invalid input for ${builtin.name}:
${z.prettifyError(parsed.error)}`, "Invalid arguments") };
  }
  const functionTools = [...tools, ...hidden].filter((t) => t.recipient === undefined);
  const target = builtin ? { tool: builtin } : resolveRecipient(call.recipient, functionTools, call.arguments);
  if (!target) {
    const name = functionName(call.recipient) ?? call.recipient;
    return { ok: false, tool: undefined, name, result: errorResult(`Error: ${unavailable(call.recipient, tools)}`, "Unknown tool") };
  }
  const { tool } = target;
  // gpt-oss calls a tool without parameters with `{}`, but an empty message means the same.
  const text = call.arguments.trim() === "" ? "{}" : call.arguments;
  let json: unknown = tool.readArguments?.(text);
  if (json === undefined) {
    try {
      json = JSON.parse(text);
    } catch (error) {
      return {
        ok: false,
        tool,
        name: tool.name,
        result: errorResult(
          `Error: the arguments for ${tool.name} are not valid JSON (${errorMessage(error)}). Call it again with one JSON object that matches its parameters.`,
          "Invalid arguments",
        ),
      };
    }
  }
  json = adaptArguments(tool.name, json);
  const parsed = tool.parameters.safeParse(json);
  if (!parsed.success) {
    return {
      ok: false,
      tool,
      name: tool.name,
      result: errorResult(
        `Error: invalid arguments for ${tool.name}:\n${z.prettifyError(parsed.error)}\nCall it again with arguments that match its parameters.`,
        "Invalid arguments",
      ),
    };
  }
  return { ok: true, tool, name: tool.name, params: parsed.data };
}

/** Prepares (changing tools), asks, runs; any throw becomes an error result. */
async function execute(setup: ToolCallSetup, tool: AnyTool, name: string, params: unknown, invocation: string): Promise<ToolCallOutcome> {
  const { callId, context, emit } = setup;
  const { signal } = context;
  let change: ProposedChange | undefined;
  try {
    if (isChangingRisk(tool.risk)) {
      // Safety by default: a changing tool that cannot show its change first never runs.
      if (!tool.prepare) return { result: errorResult(`Error: ${name} cannot show its change for approval, so it was not run.`, "Not run"), cancelled: false };
      const prepared = await untilAborted(tool.prepare(params, context), signal);
      if (prepared === ABORTED || signal.aborted) return { result: cancelledBeforeRun(), cancelled: true };
      change = prepared;
      emit({ type: "approval-requested", callId, change });
      let decision: ApprovalDecision | typeof ABORTED;
      try {
        const mustAsk = runsCodeReason(change);
        decision = await untilAborted(setup.approve({ callId, tool, params, invocation, change, ...(mustAsk ? { mustAsk } : {}) }, signal), signal);
      } catch (error) {
        // The approval UI failed (a closed view...): treat it as "not approved", never as yes.
        if (signal.aborted) return { result: cancelledBeforeRun(), cancelled: true };
        emit({ type: "warning", message: `Asking for approval failed: ${errorMessage(error)}` });
        return { result: errorResult(`Error: the user could not be asked to approve this call, so it was not run.`, "Not run"), cancelled: false };
      }
      if (decision === ABORTED) return { result: cancelledBeforeRun(), cancelled: true };
      emit({ type: "approval", callId, decision });
      if (!decision.approved) return { result: denied(change, decision), cancelled: false };
    }
    // Raced against the cancel: a tool stuck in something that ignores the signal (a read that
    // never returns) must not hold the turn. Its late result is dropped; the tool is told through
    // the signal and stops what it can (run_command ends its process group).
    const result = await untilAborted(tool.run(params, context, change), signal);
    if (result === ABORTED) return { result: cancelledWhileRunning(tool, change), cancelled: true };
    // A tool that finished despite the cancel did its work: report it as done.
    return { result, cancelled: signal.aborted };
  } catch (error) {
    if (signal.aborted) return { result: cancelledWhileRunning(tool, change), cancelled: true };
    if (error instanceof ToolError) return { result: errorResult(`Error: ${error.message}`, firstSentence(error.message)), cancelled: false };
    emit({ type: "warning", message: `The ${name} tool failed unexpectedly: ${errorMessage(error)}` });
    return { result: errorResult(`Error: ${name} failed unexpectedly: ${errorMessage(error)}`, "Failed"), cancelled: false };
  }
}

/** The answer to a call to a tool that does not exist here: what is not available, and what is. */
function unavailable(recipient: string, tools: readonly AnyTool[]): string {
  const builtins = tools.flatMap((t) => (t.recipient === undefined ? [] : [t.recipient]));
  return unavailableToolMessage(recipient, tools.filter((t) => t.recipient === undefined).map((t) => t.name), builtins);
}

/** What the model reads when it calls a tool there is not: the tools there are (functions by name, built-ins by recipient). */
export function unavailableToolMessage(recipient: string, functionNames: readonly string[], builtins: readonly string[] = []): string {
  const name = recipient.trim();
  const asBuiltin = /^(?:functions\.)?(python|browser)(?:\..*)?$/.exec(name);
  let builtIn = "";
  if (asBuiltin && !builtins.includes(name)) {
    builtIn = builtins.length ? ` The built-in ${asBuiltin[1]} tool is not enabled in this session.` : " Built-in tools (python, browser) are not enabled in this session.";
  }
  const functions = functionNames.map((n) => `functions.${n}`);
  const listed = [...functions, ...(builtins.length ? [`${builtins.join(", ")} (built in: call ${builtins.length === 1 ? "it by that name" : "them by those names"})`] : [])];
  const available = listed.length ? `Available tools: ${listed.join(", ")}.` : "No tools are available now.";
  return `"${name}" is not available.${builtIn} ${available} Call one of them, or answer without tools.`;
}

function invocationOf(tool: AnyTool, params: unknown, name: string): string {
  try {
    // The model wrote the path in it: a right-to-left override would disguise it in the card and the approval.
    return visibleText(tool.invocationMessage(params)).replace(/[\r\n]+/g, " ");
  } catch {
    return `Calling ${name}`;
  }
}

function denied(change: ProposedChange | undefined, decision: Extract<ApprovalDecision, { approved: false }>): ToolResult {
  const what = change?.kind === "command" ? "The user denied running this command." : change?.kind === "edit" || change?.kind === "patch" ? "The user denied this edit." : "The user denied this call.";
  const reason = decision.reason?.trim();
  const next = reason ? ` Reason: ${reason}` : " Do not repeat it unchanged; ask the user what they want instead.";
  return errorResult(what + next, "Denied");
}

function cancelledBeforeRun(): ToolResult {
  return errorResult("Cancelled: the user stopped the assistant before this call ran; nothing was changed.", "Cancelled");
}

function cancelledWhileRunning(tool: AnyTool, change: ProposedChange | undefined): ToolResult {
  const partly = tool.risk === "run" || change?.kind === "command" ? " The command may have partly run." : "";
  return errorResult(`Cancelled: the user stopped the assistant while this call was running.${partly}`, "Cancelled");
}

function errorResult(content: string, summary: string): ToolResult {
  return { content, isError: true, summary };
}

/** The card's one line for a refusal: its first sentence ("../x is outside the workspace folder 'app'."). */
function firstSentence(message: string): string {
  const end = message.search(/[.!?](\s|$)/);
  const sentence = end === -1 ? message : message.slice(0, end + 1);
  return sentence.length > 160 ? `${sentence.slice(0, 159)}…` : sentence;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const ABORTED: unique symbol = Symbol("aborted");

/**
 * Waits for `promise` or the abort, whichever comes first. An approval the user never gives must
 * not hold a cancelled run; its late answer (or rejection) is ignored.
 */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T | typeof ABORTED> {
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.resolve(ABORTED);
  }
  return new Promise((resolve, reject) => {
    const onAbort = () => resolve(ABORTED);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}
