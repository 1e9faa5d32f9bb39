// One task, once: a fresh copy of its workspace, the agent on it (within the task's step and
// time budget), then the checks; every figure the report shows is counted from the agent's events.
import { runAgentOnTask, type EvalBackend } from "./agentAdapter";
import { runChecks, type CheckResult } from "./checkers";
import { RunMeter } from "./meter";
import type { Task } from "./taskSchema";
import { freshCopy, removeCopy, snapshot } from "./workspace";

export interface TaskRunSettings {
  effort: "low" | "medium" | "high";
  maxSteps?: number;
  maxTokens?: number;
  temperature?: number;
  seed?: number;
  /** Scripted output, one harmony completion per step (reference or no-op); undefined: the model decides. */
  script?: readonly string[];
  /** The whole run was interrupted (Ctrl+C): stop this task's agent too. */
  signal?: AbortSignal;
}

export interface TaskRunResult {
  id: string;
  kind: Task["kind"];
  language: Task["language"];
  /** Which repetition (0-based, --repeat). */
  run: number;
  passed: boolean;
  /** How the agent's run ended: final, step-limit, cancelled (the time budget), max-tokens, context-full, no-answer, error. */
  stopReason: string;
  timedOut: boolean;
  steps: number;
  toolCalls: Record<string, number>;
  /** Tool results that were errors (a wrong path, text not found...); a command that ran and failed is not one. */
  toolErrors: number;
  /** Commands that ran and exited non-zero (a failing test run the agent looked at). */
  failedCommands: number;
  /** Model outputs the loop could not use as written (bad JSON, unknown tool, a dropped message). */
  malformed: number;
  /** Of those, how many the model went on from (another step followed). */
  malformedRecovered: number;
  promptTokens: number;
  promptEvaluatedTokens: number;
  generatedTokens: number;
  wallMs: number;
  checks: CheckResult[];
  /** The final answer, cut to 2,000 characters. */
  answer: string;
  /** Why the run stopped, when it was not a final answer. */
  message?: string;
  /** The harness itself failed on this task (never the model's fault): a bug to fix. */
  crash?: string;
}

export async function runTask(backend: EvalBackend, task: Task, run: number, settings: TaskRunSettings): Promise<TaskRunResult> {
  const started = performance.now();
  const copy = await freshCopy(task.workspace, task.id);
  const result: TaskRunResult = {
    id: task.id,
    kind: task.kind,
    language: task.language,
    run,
    passed: false,
    stopReason: "error",
    timedOut: false,
    steps: 0,
    toolCalls: {},
    toolErrors: 0,
    failedCommands: 0,
    malformed: 0,
    malformedRecovered: 0,
    promptTokens: 0,
    promptEvaluatedTokens: 0,
    generatedTokens: 0,
    wallMs: 0,
    checks: [],
    answer: "",
  };
  const abort = new AbortController();
  const timer = setTimeout(() => {
    result.timedOut = true;
    abort.abort();
  }, task.budget.seconds * 1000);
  const interrupted = () => abort.abort();
  settings.signal?.addEventListener("abort", interrupted, { once: true });
  try {
    const before = await snapshot(copy);
    const meter = new RunMeter();
    const generate = {
      ...(settings.maxTokens !== undefined ? { maxTokens: settings.maxTokens } : {}),
      ...(settings.temperature !== undefined ? { temperature: settings.temperature } : {}),
      ...(settings.seed !== undefined ? { seed: settings.seed } : {}),
    };
    const outcome = await runAgentOnTask(backend, {
      folder: copy,
      message: task.message,
      effort: settings.effort,
      maxSteps: Math.min(task.budget.steps, settings.maxSteps ?? Infinity),
      generate,
      ...(settings.script ? { script: settings.script } : {}),
      signal: abort.signal,
      onEvent: meter.onEvent,
    });
    clearTimeout(timer);
    const { result: agent } = outcome;
    result.stopReason = agent.reason;
    result.steps = agent.steps;
    result.answer = agent.answer.slice(0, 2000);
    if (agent.message !== undefined) result.message = agent.message;
    result.toolCalls = meter.toolCalls;
    result.toolErrors = meter.toolErrors;
    result.failedCommands = meter.failedCommands;
    result.malformed = meter.malformed;
    result.malformedRecovered = meter.malformedRecovered;
    result.promptTokens = outcome.promptTokens;
    result.promptEvaluatedTokens = outcome.promptEvaluatedTokens;
    result.generatedTokens = outcome.generatedTokens;
    result.checks = await runChecks(task, copy, before, agent.answer);
    result.passed = result.checks.every((c) => c.passed);
  } catch (error) {
    result.crash = error instanceof Error ? (error.stack ?? error.message) : String(error);
    result.passed = false;
  } finally {
    clearTimeout(timer);
    settings.signal?.removeEventListener("abort", interrupted);
    result.wallMs = Math.round(performance.now() - started);
    await removeCopy(copy);
  }
  return result;
}
