// `gpt-oss-local chat --workspace DIR`: the agent loop headless on plain files. The same tools,
// path policy and loop as the chat view; the answer streams to stdout, the work (tool calls,
// results, approvals) to stderr, or everything as JSON lines with --json.
import { promises as fs } from "node:fs";
import path from "node:path";
import { runAgent } from "../../core/agent/loop";
import type { AgentEvent, AgentRunResult, TurnGenerator } from "../../core/agent/types";
import { conversationHead, today, withHead } from "../../core/prompts/conversationHead";
import { instructionsSection, NO_INSTRUCTIONS, readProjectInstructions, type ProjectInstructions } from "../../core/prompts/projectInstructions";
import type { ToolRisk } from "../../core/tools/contract";
import type { WorkspaceFolderPath } from "../../core/tools/workspacePaths";
import { modelToolSet } from "../../core/tools/modelTools";
import { createNodeToolEnvironment } from "../../node/tools/nodeEnvironment";
import { availableTools, functionToolDescriptions } from "../../core/tools/registry";
import type { Backend } from "../../engine/backend";
import { bindAgent, type GenerateOptions } from "../../engine/index";
import { CliError, type CliIO } from "../command";
import { createCliApprover, describeChange } from "./approvals";
import { cliMcpTools } from "./mcpTools";
import { checkpointingApprover } from "../../core/agent/checkpointApprover";
import type { Approver } from "../../core/agent/types";
import { CheckpointStore } from "../../node/checkpoints/checkpointStore";
import { finalJsonEvent, toJsonEvent } from "./jsonEvents";
import { DEFAULT_PYTHON_LIMITS, PythonSandbox } from "../../node/python/pythonSandbox";
import { createPythonTool } from "../../node/python/pythonTool";
import { BrowserSession, createBrowserTools } from "../../node/browser/browserTools";
import { createWebAccess } from "../../node/browser/webAccess";
import type { BuiltinToolName } from "../../core/harmony/index";
import { loadSession, logPrompt, saveSession } from "./session";

export interface AgentChatOptions {
  folder: WorkspaceFolderPath;
  message: string;
  allowed: ReadonlySet<ToolRisk>;
  json: boolean;
  showReasoning: boolean;
  effort: "low" | "medium" | "high";
  /** Read the workspace's project instructions (AGENTS.md, .github/copilot-instructions.md). */
  instructions: boolean;
  /** Where the checkpoint before the first change goes, or false for none. */
  checkpoints: string | false;
  /** MCP servers: a config file, undefined for the workspace's .vscode/mcp.json, false for none. */
  mcpConfig?: string | false;
  maxSteps?: number;
  /** gpt-oss's python tool in a sandbox (on unless --no-python). */
  python: boolean;
  /** Seconds per python call (--python-timeout; the model is told 120). */
  pythonTimeoutSeconds?: number;
  /** gpt-oss's browser (--browser): the search server and hosts allowed although private. */
  browser?: { searchUrl?: string; allowHosts: readonly string[] };
  generate: GenerateOptions;
  /** --session FILE: the conversation to continue (created if missing), saved after the run. */
  session?: string;
  /** --prompt-log FILE: each model call's prompt appended as harmony text. */
  promptLog?: string;
  /** Streams text as it comes (raw) or line by line. */
  stream(stream: "out" | "err"): { push(text: string): void; end(): void };
}

/** The workspace folder, checked: a directory that exists (symlinks resolved, as the policy compares real paths). */
export async function workspaceFolder(dir: string): Promise<WorkspaceFolderPath> {
  const absolute = path.resolve(dir);
  const stat = await fs.stat(absolute).catch(() => undefined);
  if (!stat?.isDirectory()) throw new CliError(`--workspace ${dir}: no such folder.`);
  const real = await fs.realpath(absolute);
  return { name: path.basename(real), path: real };
}

export async function runAgentChat(engine: Backend, options: AgentChatOptions, io: CliIO, signal: AbortSignal): Promise<AgentRunResult> {
  const { folder } = options;
  const env = createNodeToolEnvironment({ folders: [folder] });
  const ownTools = availableTools({ trusted: true, languageServices: false });
  const say = options.json ? () => {} : (line: string) => io.err(line);
  const mcp = await cliMcpTools(folder, options.mcpConfig, ownTools.map((t) => t.name), say, options.allowed.has("external"));
  const sandbox = options.python
    ? new PythonSandbox({ ...DEFAULT_PYTHON_LIMITS, ...(options.pythonTimeoutSeconds !== undefined && { timeoutMs: options.pythonTimeoutSeconds * 1000 }) })
    : undefined;
  const browser = options.browser
    ? createBrowserTools(new BrowserSession(createWebAccess({ searchUrl: options.browser.searchUrl, allowHosts: options.browser.allowHosts })))
    : [];
  // The model edits with apply_patch; edit_file and create_file stay callable (modelTools.ts).
  const { declared, hidden: hiddenTools } = modelToolSet(ownTools);
  const tools = [...declared, ...mcp.tools, ...(sandbox ? [createPythonTool(sandbox)] : []), ...browser];
  const builtins: BuiltinToolName[] = [...(browser.length ? (["browser"] as const) : []), ...(sandbox ? (["python"] as const) : [])];
  const instructions = options.instructions ? await readProjectInstructions(env) : NO_INSTRUCTIONS;
  if (!options.json) reportInstructions(io, instructions);
  const saved = options.session !== undefined ? await loadSession(options.session) : [];
  const head = conversationHead({
    effort: options.effort,
    tools: functionToolDescriptions(tools),
    folders: [folder.name],
    date: today(),
    projectInstructions: instructionsSection(instructions),
    builtins,
  });
  const conversation = withHead(head, [
    ...saved,
    { role: "user" as const, content: options.message },
  ]);
  const terminal = process.stdin.isTTY ? { input: process.stdin, output: process.stderr } : undefined;
  const askUser = createCliApprover({ allowed: options.allowed, ...(terminal ? { terminal } : {}) });
  const approve = options.checkpoints ? withCliCheckpoint(askUser, options.checkpoints, folder.path, options.message, options.json ? () => {} : (text) => io.err(text)) : askUser;
  // One conversation: the backend (the engine process) is disposed by the caller after.
  const sequence = engine.openSlot();
  const out = options.stream("out");
  const err = options.stream("err");
  const binding = bindAgent(sequence, options.generate);
  let calls = 0;
  const promptLog = options.promptLog;
  const generate: TurnGenerator =
    promptLog === undefined
      ? binding.generate
      : async function* (c, s) {
          await logPrompt(promptLog, c, ++calls);
          return yield* binding.generate(c, s);
        };
  const show = options.json ? (event: AgentEvent) => jsonLine(io, event) : humanPrinter(out, err, options.showReasoning);
  try {
    const result = await runAgent({
      conversation,
      tools,
      hiddenTools,
      ...binding,
      generate,
      approve,
      toolContext: { env },
      ...(options.maxSteps !== undefined ? { maxSteps: options.maxSteps } : {}),
      signal,
      onEvent: show,
    });
    if (options.json) io.out(JSON.stringify(finalJsonEvent(result)));
    else if (result.reason === "step-limit") err.push(`(stopped after ${result.steps} steps: the step limit)\n`);
    else if (result.reason === "cancelled") err.push("(interrupted)\n");
    out.end();
    err.end();
    if (options.session !== undefined) await saveSession(options.session, result.conversation);
    const lastStats = result.stats;
    if (!options.json && lastStats) {
      io.err(`[${result.steps} step(s); last: ${lastStats.generatedTokens} tokens, ${lastStats.tokensPerSecond.toFixed(1)} tok/s, prompt ${lastStats.promptTokens} tokens (${lastStats.reusedTokens} reused); stop: ${result.reason}]`);
    }
    return result;
  } finally {
    await mcp.dispose();
    out.end();
    err.end();
    sandbox?.dispose();
  }
}

function jsonLine(io: CliIO, event: AgentEvent): void {
  const json = toJsonEvent(event);
  if (json) io.out(JSON.stringify(json));
}

/** Human output: the answer on stdout; what the agent does, one line each, on stderr. */
function humanPrinter(out: { push(text: string): void }, err: { push(text: string): void; end(): void }, showReasoning: boolean) {
  const names = new Map<string, string>();
  return (event: AgentEvent): void => {
    switch (event.type) {
      case "text":
        if (event.channel === "final") out.push(event.text);
        else if (event.channel === "commentary" || (event.channel === "analysis" && showReasoning)) err.push(event.text);
        return;
      case "message-end":
        if (event.channel !== "final" && event.recipient === undefined && (event.channel === "commentary" || showReasoning)) err.push("\n");
        return;
      case "tool-call":
        names.set(event.callId, event.name);
        err.push(`→ ${event.invocation}\n`);
        return;
      case "approval-requested":
        err.push(`  asks to ${describeChange(event.change)}\n`);
        return;
      case "approval":
        err.push(event.decision.approved ? "  approved\n" : `  denied${event.decision.reason ? `: ${event.decision.reason}` : ""}\n`);
        return;
      case "tool-result":
        err.push(`  ${event.result.isError ? "✗" : "✓"} ${event.result.summary ?? firstLine(event.result.content)}\n`);
        return;
      case "context-trimmed":
        err.push(`(context: ${event.detail})\n`);
        return;
      case "warning":
        err.push(`warning: ${event.message}\n`);
        return;
      case "error":
        err.push(`error: ${event.message}\n`);
        return;
      default:
        return;
    }
  };
}

function firstLine(text: string): string {
  return text.split("\n", 1)[0] ?? "";
}

/** One stderr line naming the instruction files in the prompt, and one per file refused. */
function reportInstructions(io: CliIO, instructions: ProjectInstructions): void {
  if (instructions.sources.length) {
    io.err(`instructions: ${instructions.sources.map((s) => (s.capNote ? `${s.label} (${s.capNote})` : s.label)).join(", ")}`);
  }
  for (const skip of instructions.skipped) io.err(`instructions: ${skip.label} not read: ${skip.reason}`);
}

/** Snapshots the folder before the run's first approved change; says where on stderr. */
function withCliCheckpoint(approve: Approver, root: string, folder: string, message: string, say: (text: string) => void): Approver {
  const store = new CheckpointStore({ storeRoot: root, folder });
  return checkpointingApprover(approve, {
    async take() {
      const checkpoint = await store.take(message);
      say(`checkpoint ${checkpoint.id.slice(0, 12)} taken (undo this run: gpt-oss-local checkpoints --workspace ${folder} restore ${checkpoint.id.slice(0, 12)})`);
    },
    failed: (error) => say(`warning: ${error instanceof Error ? error.message : String(error)}`),
  });
}
