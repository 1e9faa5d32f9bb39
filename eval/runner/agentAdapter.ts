// The one place the eval runner touches the agent: the same loop, tools, path policy, prompt head
// and engine binding as `gpt-oss-local chat --workspace` (src/cli/agent/agentChat.ts), with every
// edit and command approved inside the task's copy and nothing outside it. When the agent's
// wiring moves (engine host, event types, tool registry), this file is what follows it.
import path from "node:path";
import { runAgent } from "../../src/core/agent/loop";
import type { AgentEvent, AgentRunResult, Approver, TurnGenerator } from "../../src/core/agent/types";
import { conversationHead, today } from "../../src/core/prompts/conversationHead";
import { createNodeToolEnvironment } from "../../src/node/tools/nodeEnvironment";
import { availableTools, functionToolDescriptions } from "../../src/core/tools/registry";
import type { Backend, GenerationSlot } from "../../src/engine/backend";
import { bindAgent, createTurnGenerator, loadEngine, type GenerateOptions } from "../../src/engine/index";
import { connectServer } from "../../src/engine/server/serverBackend";
import type { ServerApi } from "../../src/engine/server/serverInfo";

export type { AgentEvent, AgentRunResult };

/** A server that wants a key gets it from this environment variable (never from the command line, where `ps` shows it). */
export const SERVER_KEY_ENV = "GPT_OSS_SERVER_API_KEY";

export interface BackendChoice {
  /** A GGUF file, loaded here with node-llama-cpp. */
  model?: string;
  /** Or a running gpt-oss server (llama-server, or an OpenAI-compatible completions endpoint). */
  server?: string;
  api?: ServerApi;
  threads?: number;
  contextSize?: number;
  /** Tasks that run at once (sequences of the local context). */
  sequences: number;
}

export interface EvalBackend {
  /** What ran the tasks, for the report ("gpt-oss-20b-mxfp4 on CUDA ..."). */
  label: string;
  modelName: string;
  contextSize: number;
  backend: Backend;
  dispose(): Promise<void>;
}

export async function openBackend(choice: BackendChoice): Promise<EvalBackend> {
  const backend: Backend = choice.server !== undefined
    ? await connectServer({ url: choice.server, api: choice.api ?? "llama.cpp", apiKey: process.env[SERVER_KEY_ENV], script: false })
    : await loadEngine({
        modelPath: choice.model!,
        sequences: choice.sequences,
        script: false,
        ...(choice.threads !== undefined ? { threads: choice.threads } : {}),
        ...(choice.contextSize !== undefined ? { contextSize: choice.contextSize } : {}),
      });
  const report = backend.report;
  const modelName = report.model.name ?? path.basename(choice.model ?? choice.server ?? "model", ".gguf");
  return {
    label: `${modelName} on ${report.device.label}${report.threads ? `, ${report.threads} thread(s)` : ""}, context ${report.contextSize}`,
    modelName,
    contextSize: report.contextSize,
    backend,
    dispose: () => backend.dispose(),
  };
}

export interface AgentTaskRun {
  /** The task's copy: the only folder the tools may touch. */
  folder: string;
  message: string;
  effort: "low" | "medium" | "high";
  maxSteps: number;
  generate: Omit<GenerateOptions, "signal" | "script">;
  /**
   * Scripted output (testing aid): step i makes the model say `script[i]` (harmony completion
   * text) through the real engine. A run that asks for more steps than the script has fails.
   */
  script?: readonly string[];
  signal: AbortSignal;
  onEvent(event: AgentEvent): void;
}

export interface AgentTaskOutcome {
  result: AgentRunResult;
  promptTokens: number;
  promptEvaluatedTokens: number;
  generatedTokens: number;
}

export async function runAgentOnTask(backend: EvalBackend, run: AgentTaskRun): Promise<AgentTaskOutcome> {
  const folder = { name: path.basename(run.folder), path: run.folder };
  const env = createNodeToolEnvironment({ folders: [folder] });
  const tools = availableTools({ trusted: true, languageServices: false });
  const conversation = [
    ...conversationHead({ effort: run.effort, tools: functionToolDescriptions(tools), folders: [folder.name], date: today() }),
    { role: "user" as const, content: run.message },
  ];
  const slot = backend.backend.openSlot();
  // The chat's and the CLI's binding (token counting, context size); generation is wrapped to add up each step's figures and, when scripted, give each step its response.
  const binding = bindAgent(slot, run.generate);
  const totals = { promptTokens: 0, promptEvaluatedTokens: 0, generatedTokens: 0 };
  let step = 0;
  const generate: TurnGenerator = async function* (c, signal) {
    const index = step++;
    const options: GenerateOptions = { ...run.generate };
    if (run.script) {
      const text = run.script[index];
      if (text === undefined) throw new Error(`The script has no step ${index + 1} (it has ${run.script.length}): the run went another way than the reference.`);
      options.script = text;
    }
    const result = yield* (run.script ? createTurnGenerator(slot, options) : binding.generate)(c, signal);
    totals.promptTokens += result.stats?.promptTokens ?? 0;
    totals.promptEvaluatedTokens += result.stats?.promptEvaluatedTokens ?? 0;
    totals.generatedTokens += result.stats?.generatedTokens ?? 0;
    return result;
  };
  try {
    const result = await runAgent({
      conversation,
      tools,
      ...binding,
      generate,
      approve: insideOnly(run.folder),
      toolContext: { env },
      maxSteps: run.maxSteps,
      signal: run.signal,
      onEvent: run.onEvent,
    });
    return { result, ...totals };
  } finally {
    await release(slot);
  }
}

/** Approves every edit and command whose file or working folder is inside `folder` (the path policy already refuses the rest). */
function insideOnly(folder: string): Approver {
  const inside = (p: string) => {
    const rel = path.relative(folder, p);
    return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
  };
  return async (request) => {
    const change = request.change;
    const where = change.kind === "edit" ? change.absolute : change.kind === "command" ? change.cwd : undefined;
    if (where !== undefined && inside(where)) return { approved: true };
    return { approved: false, reason: "The eval runner approves changes inside the task's workspace only." };
  };
}

async function release(slot: GenerationSlot): Promise<void> {
  // A local sequence holds a KV-cache slot until disposed; a server slot holds nothing.
  const disposable = slot as GenerationSlot & { dispose?: () => Promise<void> };
  if (typeof disposable.dispose === "function") await disposable.dispose();
}
