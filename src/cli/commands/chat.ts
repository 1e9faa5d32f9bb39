// `gpt-oss-local chat --model PATH "message"`: one user message through the real engine, the
// answer streamed to stdout, reasoning (with --show-reasoning) to stderr, a stats line at the end.
// With --script (or GPT_OSS_SCRIPT) the model is made to say the script's responses: a testing aid.
import { defaultSystemContent, reasoningEffortSchema, type Conversation, type ReasoningEffort } from "../../core/harmony/index";
import type { Backend } from "../../engine/backend";
import { EngineError, SCRIPT_ENV_VAR, type GenerateOptions, type GenerationResult } from "../../engine/index";
import { startEngineProcess } from "../../engine/process/processBackend";
import type { ToolRisk } from "../../core/tools/contract";
import type { WorkspaceFolderPath } from "../../core/tools/workspacePaths";
import { messageOf } from "../../core/agent/transcript";
import { runAgentChat, workspaceFolder } from "../agent/agentChat";
import { loadSession, logPrompt, saveSession } from "../agent/session";
import { parseAllowList } from "../agent/approvals";
import { cliCheckpointRoot } from "../../node/checkpoints/cliStore";
import { CliError, UsageError, type CliCommand, type CliIO } from "../command";

const VALUE_OPTIONS = ["--model", "--script", "--threads", "--context", "--effort", "--temperature", "--max-tokens", "--seed", "--workspace", "--allow", "--max-steps", "--checkpoints", "--mcp-config", "--python-timeout", "--search-url", "--browser-allow-host", "--session", "--prompt-log"] as const;
const FLAGS = ["--show-reasoning", "--cpu", "--json", "--no-instructions", "--no-checkpoints", "--no-mcp", "--no-python", "--browser"] as const;
/** Options that may be given more than once. */
const REPEATABLE: readonly string[] = ["--browser-allow-host"];

type ValueOption = (typeof VALUE_OPTIONS)[number];

export interface ChatArguments {
  model: string;
  message: string;
  script?: string;
  threads?: number;
  contextSize?: number;
  effort: ReasoningEffort;
  temperature?: number;
  maxTokens?: number;
  seed?: number;
  showReasoning: boolean;
  cpu: boolean;
  /** Agent mode: the workspace folder the tools work on. */
  workspace?: string;
  /** Risks approved without asking (read always is). */
  allowed: Set<ToolRisk>;
  json: boolean;
  maxSteps?: number;
  /** A file holding the conversation to continue (created if missing). */
  session?: string;
  /** A file each model call's harmony prompt is appended to. */
  promptLog?: string;
  /** Agent mode: --no-instructions (the workspace's AGENTS.md and friends are read otherwise). */
  noInstructions?: true;
  /** Agent mode: --checkpoints DIR, or false for --no-checkpoints; absent: the default store (cliStore.ts). */
  checkpoints?: string | false;
  /** Agent mode: MCP config file; undefined: the workspace's .vscode/mcp.json; false: --no-mcp. */
  mcpConfig?: string | false;
  /** Agent mode: --no-python leaves out gpt-oss's python tool (on in the sandbox otherwise). */
  noPython?: true;
  pythonTimeoutSeconds?: number;
  /** Agent mode: gpt-oss's browser (off unless --browser). */
  browser?: { searchUrl?: string; allowHosts: string[] };
}

export const chatCommand: CliCommand = {
  name: "chat",
  summary: "Send one message to a local gpt-oss model and stream its answer (with --workspace: the agent, with tools)",
  usage: [
    'Usage: gpt-oss-local chat --model <model.gguf> [options] "message"',
    '       gpt-oss-local chat --model <model.gguf> --workspace DIR [--allow edit,run] [--json] [options] "message"',
    "",
    "Loads the model with node-llama-cpp (GPU if one is found, else CPU), sends the message and",
    "streams the final answer to stdout. A stats line (tokens, tokens/s, prompt tokens) goes to stderr.",
    "",
    "  --model PATH        the GGUF file (checked before loading)",
    "  --threads N         CPU threads (default: physical cores less one)",
    "  --context N         context size in tokens (default: fitted to memory, at most 32,768)",
    "  --effort LEVEL      reasoning effort: low, medium (default) or high",
    "  --temperature T     sampling temperature (default 1.0)",
    "  --max-tokens N      stop after N generated tokens",
    "  --seed N            sampling seed, for repeatable output",
    "  --show-reasoning    print the model's reasoning (analysis channel) to stderr",
    "  --cpu               do not use a GPU",
    "",
    "  --workspace DIR     agent mode: the model may use the workspace tools on DIR (read, search,",
    "                      edit, run commands) inside that folder only; secret files are refused",
    "  --allow RISKS       approve these tool kinds without asking: read (always), edit, run, mcp.",
    "                      Others are asked on a terminal, and denied when there is none",
    "  --max-steps N       model turns at most in agent mode (default 25)",
    "  --session FILE      continue the conversation saved in FILE (created if missing) and save it",
    "                      after the answer, so multi-turn runs can be scripted",
    "  --prompt-log FILE   append the exact harmony text of every model call's prompt to FILE",
    "  --no-instructions   agent mode: do not read the workspace's AGENTS.md and",
    "                      .github/copilot-instructions.md into the prompt",
    "  --checkpoints DIR   agent mode: where the checkpoint taken before the first change goes",
    "                      (default ~/.local/state/gpt-oss-local/checkpoints; see `checkpoints`)",
    "  --no-checkpoints    agent mode: take no checkpoint",
    "  --mcp-config FILE   agent mode: MCP servers in VS Code's mcp.json format; their tools ask",
    "                      first, or --allow mcp. Default: the workspace's .vscode/mcp.json, whose",
    "                      servers start only with --allow mcp (a repository's file runs programs)",
    "  --no-mcp            agent mode: start no MCP server",
    "  --no-python         agent mode: leave out gpt-oss's python tool (on by default: code runs in a",
    "                      WebAssembly sandbox with no network, host files or environment)",
    "  --python-timeout S  seconds per python call (default 120, as the model is told)",
    "  --browser           agent mode: gpt-oss's browser tool (search, open, find): pages are fetched",
    "                      from the internet; private and loopback addresses are refused",
    "  --search-url URL    the SearXNG instance browser.search asks (its JSON API must be enabled)",
    "  --browser-allow-host HOST  a host the browser may reach even if private (repeatable)",
    "  --json              agent mode: print one JSON event per line (reasoning, message, tool call,",
    "                      tool result, approval asked/given/denied, final, error) on stdout",
    `  --script FILE       testing aid: force the model to say the responses of a script file`,
    `                      {"responses": ["<harmony completion>", ...]} (also: env ${SCRIPT_ENV_VAR})`,
  ].join("\n"),

  async run(args, io) {
    const options = parseChatArguments(args);
    // A wrong folder is found before the model loads, not after.
    const folder = options.workspace !== undefined ? await workspaceFolder(options.workspace) : undefined;
    let engine: Backend;
    try {
      // The model runs in a child process, as in the extension: a llama.cpp abort there becomes
      // exit code 1 with a message here, not a signal that kills the CLI.
      engine = await startEngineProcess({
        modelPath: options.model,
        gpu: options.cpu ? false : "auto",
        speculative: true,
        ...(options.threads !== undefined ? { threads: options.threads } : {}),
        ...(options.contextSize !== undefined ? { contextSize: options.contextSize } : {}),
        ...(options.script !== undefined ? { script: options.script } : {}),
      });
    } catch (error) {
      if (error instanceof EngineError) throw new CliError(error.message);
      throw error;
    }
    try {
      const report = engine.report;
      io.err(`${report.model.name ?? options.model} on ${report.device.label}, ${report.threads} thread(s), context ${report.contextSize.toLocaleString("en-US")} tokens (loaded in ${(report.timings.totalMs / 1000).toFixed(1)} s)`);
      for (const warning of report.warnings) io.err(`warning: ${warning}`);
      if (report.script) io.err(`scripted output from ${report.script.path} (testing aid)`);
      if (folder) return await agentMode(engine, options, folder, io);
      const result = await streamAnswer(engine, options, io);
      io.err(statsLine(result));
      const note = stopNote(result, options);
      if (note) io.err(note);
      return 0;
    } catch (error) {
      if (error instanceof EngineError) throw new CliError(error.message);
      throw error;
    } finally {
      await engine.dispose();
    }
  },
};

export function parseChatArguments(args: string[]): ChatArguments {
  const values = new Map<ValueOption, string>();
  const allowHosts: string[] = [];
  const flags = new Set<string>();
  const words: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--") {
      words.push(...args.slice(i + 1));
      break;
    }
    const [name, inline] = arg.startsWith("--") && arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    if ((VALUE_OPTIONS as readonly string[]).includes(name)) {
      const value = inline ?? args[++i];
      if (value === undefined) throw new UsageError(`${name} needs a value.`);
      if (REPEATABLE.includes(name)) allowHosts.push(value);
      else values.set(name as ValueOption, value);
    } else if ((FLAGS as readonly string[]).includes(arg)) {
      flags.add(arg);
    } else if (arg.startsWith("-") && arg.length > 1) {
      throw new UsageError(`unknown option "${arg}".`);
    } else {
      words.push(arg);
    }
  }
  const model = values.get("--model");
  if (!model) throw new UsageError("which model? Give --model <model.gguf>.");
  const message = words.join(" ");
  if (message.trim() === "") throw new UsageError("what should I ask? Give the message as the last argument.");
  const effort = reasoningEffortSchema.safeParse(values.get("--effort") ?? "medium");
  if (!effort.success) throw new UsageError(`--effort is low, medium or high (got "${values.get("--effort")}").`);

  const allowed = parseAllowList(values.get("--allow"));
  if (typeof allowed === "string") throw new UsageError(allowed);
  const parsed: ChatArguments = {
    model,
    message,
    effort: effort.data,
    showReasoning: flags.has("--show-reasoning"),
    cpu: flags.has("--cpu"),
    allowed,
    json: flags.has("--json"),
  };
  if (flags.has("--no-instructions")) parsed.noInstructions = true;
  if (flags.has("--no-python")) parsed.noPython = true;
  if (flags.has("--no-checkpoints")) parsed.checkpoints = false;
  else if (values.has("--checkpoints")) parsed.checkpoints = values.get("--checkpoints")!;
  const workspace = values.get("--workspace");
  if (workspace !== undefined) parsed.workspace = workspace;
  if ((parsed.json || values.has("--allow") || values.has("--max-steps") || flags.has("--no-instructions") || flags.has("--no-checkpoints") || values.has("--checkpoints")) && workspace === undefined) {
    throw new UsageError("--json, --allow, --max-steps, --no-instructions and --checkpoints belong to agent mode: give --workspace DIR too.");
  }
  if (flags.has("--no-mcp")) parsed.mcpConfig = false;
  else if (values.has("--mcp-config")) parsed.mcpConfig = values.get("--mcp-config")!;
  if ((values.has("--mcp-config") || flags.has("--no-mcp")) && workspace === undefined) throw new UsageError("--mcp-config and --no-mcp belong to agent mode: give --workspace DIR too.");
  const searchUrl = values.get("--search-url");
  if (flags.has("--browser")) {
    if (searchUrl !== undefined && !/^https?:\/\//i.test(searchUrl)) throw new UsageError(`--search-url must be an http(s) URL (got "${searchUrl}").`);
    parsed.browser = { ...(searchUrl !== undefined ? { searchUrl } : {}), allowHosts };
  } else if (searchUrl !== undefined || allowHosts.length) {
    throw new UsageError("--search-url and --browser-allow-host belong to the browser: give --browser too.");
  }
  if ((flags.has("--browser") || flags.has("--no-python") || values.has("--python-timeout")) && workspace === undefined) {
    throw new UsageError("--browser, --no-python and --python-timeout belong to agent mode: give --workspace DIR too.");
  }
  const pythonTimeout = integer(values, "--python-timeout", 1);
  if (pythonTimeout !== undefined) parsed.pythonTimeoutSeconds = pythonTimeout;
  const maxSteps = integer(values, "--max-steps", 1);
  if (maxSteps !== undefined) parsed.maxSteps = maxSteps;
  const session = values.get("--session");
  if (session !== undefined) parsed.session = session;
  const promptLog = values.get("--prompt-log");
  if (promptLog !== undefined) parsed.promptLog = promptLog;
  const script = values.get("--script");
  if (script !== undefined) parsed.script = script;
  const threads = integer(values, "--threads", 1);
  if (threads !== undefined) parsed.threads = threads;
  const contextSize = integer(values, "--context", 1);
  if (contextSize !== undefined) parsed.contextSize = contextSize;
  const maxTokens = integer(values, "--max-tokens", 1);
  if (maxTokens !== undefined) parsed.maxTokens = maxTokens;
  const seed = integer(values, "--seed", 0);
  if (seed !== undefined) parsed.seed = seed;
  const temperature = values.get("--temperature");
  if (temperature !== undefined) {
    const value = Number(temperature);
    if (!Number.isFinite(value) || value < 0) throw new UsageError(`--temperature must be a number >= 0 (got "${temperature}").`);
    parsed.temperature = value;
  }
  return parsed;
}

function integer(values: Map<ValueOption, string>, name: ValueOption, min: number): number | undefined {
  const text = values.get(name);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) throw new UsageError(`${name} must be a whole number >= ${min} (got "${text}").`);
  return value;
}

/** Builds the conversation, generates, streams final text to stdout and (optionally) reasoning to stderr. */
async function streamAnswer(engine: Backend, options: ChatArguments, io: CliIO): Promise<GenerationResult> {
  const saved = options.session !== undefined ? await loadSession(options.session) : [];
  const conversation: Conversation = [
    { role: "system", content: defaultSystemContent({ reasoningEffort: options.effort }) },
    ...saved,
    { role: "user", content: options.message },
  ];
  if (options.promptLog !== undefined) await logPrompt(options.promptLog, conversation, 1);
  const abort = new AbortController();
  const onInterrupt = () => abort.abort();
  process.once("SIGINT", onInterrupt);
  const answer = lineStream(streamWriter(io, "out"));
  const reasoning = lineStream(streamWriter(io, "err"));
  const dim = process.stderr.isTTY && !process.env.NO_COLOR ? (text: string) => `\x1b[2m${text}\x1b[22m` : (text: string) => text;
  const generate: GenerateOptions = { signal: abort.signal, ...samplingFrom(options) };
  const sequence = engine.openSlot();
  try {
    const result = await sequence.complete({ conversation }, generate, (event) => {
      if (event.type !== "text") return;
      if (event.channel === "analysis") {
        if (options.showReasoning) reasoning.push(dim(event.text));
      } else if (event.recipient === undefined) {
        answer.push(event.text);
      }
    });
    if (options.session !== undefined) {
      const kept = result.messages.filter((m) => m.role === "assistant" && m.recipient === undefined && (m.end !== "eos" || m.channel === "final")).map(messageOf);
      await saveSession(options.session, [...conversation, ...kept]);
    }
    return result;
  } finally {
    process.removeListener("SIGINT", onInterrupt);
    answer.end();
    reasoning.end();
  }
}

function samplingFrom(options: ChatArguments): GenerateOptions {
  const generate: GenerateOptions = {};
  if (options.temperature !== undefined) generate.temperature = options.temperature;
  if (options.maxTokens !== undefined) generate.maxTokens = options.maxTokens;
  if (options.seed !== undefined) generate.seed = options.seed;
  return generate;
}

/** Agent mode: exit 0 for an answer (or the step limit, which is reported), 130 when interrupted, 1 otherwise. */
async function agentMode(engine: Backend, options: ChatArguments, folder: WorkspaceFolderPath, io: CliIO): Promise<number> {
  const abort = new AbortController();
  const onInterrupt = () => abort.abort();
  process.once("SIGINT", onInterrupt);
  const dim = process.stderr.isTTY && !process.env.NO_COLOR ? (text: string) => `\x1b[2m${text}\x1b[22m` : (text: string) => text;
  try {
    const result = await runAgentChat(
      engine,
      {
        folder,
        message: options.message,
        allowed: options.allowed,
        json: options.json,
        showReasoning: options.showReasoning,
        effort: options.effort,
        instructions: !options.noInstructions,
        checkpoints: options.checkpoints === false ? false : cliCheckpointRoot(options.checkpoints),
        ...(options.mcpConfig !== undefined ? { mcpConfig: options.mcpConfig } : {}),
        ...(options.maxSteps !== undefined ? { maxSteps: options.maxSteps } : {}),
        python: !options.noPython,
        ...(options.browser ? { browser: options.browser } : {}),
        ...(options.pythonTimeoutSeconds !== undefined ? { pythonTimeoutSeconds: options.pythonTimeoutSeconds } : {}),
        ...(options.session !== undefined ? { session: options.session } : {}),
        ...(options.promptLog !== undefined ? { promptLog: options.promptLog } : {}),
        generate: samplingFrom(options),
        stream: (stream) => {
          const lines = lineStream(streamWriter(io, stream));
          return stream === "err" ? { push: (text) => lines.push(dim(text)), end: () => lines.end() } : lines;
        },
      },
      io,
      abort.signal,
    );
    if (result.reason === "final" || result.reason === "step-limit") return 0;
    return result.reason === "cancelled" ? 130 : 1;
  } finally {
    process.removeListener("SIGINT", onInterrupt);
  }
}

/** `io.write` when the caller's io has one (raw, no newline added), else whole lines through out/err. */
function streamWriter(io: CliIO, stream: "out" | "err"): { write(text: string): void; raw: boolean } {
  const raw = io.write;
  if (raw) return { write: (text) => raw.call(io, text, stream), raw: true };
  return { write: (text) => io[stream](text), raw: false };
}

/** Streams text; where only line-wise output exists, sends each line as soon as it is complete. */
function lineStream(writer: { write(text: string): void; raw: boolean }): { push(text: string): void; end(): void } {
  let buffer = "";
  let last = "\n";
  return {
    push(text) {
      if (text === "") return;
      last = text;
      if (writer.raw) return writer.write(text);
      buffer += text;
      const cut = buffer.lastIndexOf("\n");
      if (cut === -1) return;
      writer.write(buffer.slice(0, cut + 1));
      buffer = buffer.slice(cut + 1);
    },
    end() {
      if (!writer.raw && buffer !== "") writer.write(buffer);
      else if (writer.raw && !last.endsWith("\n")) writer.write("\n");
      buffer = "";
      last = "\n";
    },
  };
}

export function statsLine(result: GenerationResult): string {
  const s = result.stats;
  return (
    `[${s.generatedTokens} tokens, ${s.tokensPerSecond.toFixed(1)} tok/s; ` +
    `prompt ${s.promptTokens} tokens, ${s.promptEvaluatedTokens} evaluated in ${(s.promptMs / 1000).toFixed(2)} s; stop: ${result.stopReason}]`
  );
}

function stopNote(result: GenerationResult, options: ChatArguments): string | undefined {
  switch (result.stopReason) {
    case "max-tokens":
      return `(stopped after --max-tokens ${options.maxTokens})`;
    case "context-full":
      return "(the context window is full: give a larger --context)";
    case "abort":
      return "(interrupted)";
    case "call":
      return result.toolCall
        ? `(the model called ${result.toolCall.recipient} with ${result.toolCall.arguments}; the chat command has no tools)`
        : undefined;
    default:
      return undefined;
  }
}
