// `npm run eval -- --model FILE | --server URL [options]`: the agent on every task, checked, and
// reported. See eval/README.md. `--scripted-reference` and `--no-op` check the checkers themselves
// (exit 1 when a task does not pass, or does not fail, as it must).
import { promises as fs } from "node:fs";
import path from "node:path";
import { openBackend } from "./agentAdapter";
import { parseEvalArgs, USAGE, UsageError, type EvalOptions } from "./args";
import { Progress } from "./progress";
import { noOpResponses, referenceResponses } from "./reference";
import { markdownTable, resultFileName, summarize, summaryTable, taskLine } from "./report";
import { runTask, type TaskRunResult } from "./runTask";
import { loadTasks, TASKS_DIR, type Task } from "./taskSchema";
import { provideTools } from "./toolPath";

async function main(argv: string[]): Promise<number> {
  let options: EvalOptions | "help";
  try {
    options = parseEvalArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`eval: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (options === "help") {
    console.log(USAGE);
    return 0;
  }
  const tasks = await loadTasks(TASKS_DIR, options.tasks);
  if (tasks.length === 0) {
    console.error(`eval: no task matches ${options.tasks.join(", ")} (tasks are the folders under ${TASKS_DIR}).`);
    return 2;
  }
  const started = performance.now();
  const backend = await openBackend({
    ...(options.model !== undefined ? { model: options.model } : {}),
    ...(options.server !== undefined ? { server: options.server, api: options.api } : {}),
    ...(options.threads !== undefined ? { threads: options.threads } : {}),
    ...(options.context !== undefined ? { contextSize: options.context } : {}),
    sequences: options.concurrency,
  });
  const slots = backend.backend.report.sequences;
  if (options.concurrency > slots) console.error(`warning: --concurrency ${options.concurrency} but the backend has ${slots} slot(s): tasks will share and wait for them.`);
  const modeNote = options.mode === "agent" ? "" : ` (${options.mode}: scripted output, checks the checkers)`;
  console.error(`${tasks.length} task(s) × ${options.repeat} on ${backend.label}${modeNote}`);

  const bin = await provideTools();
  const jobs = tasks.flatMap((task) => Array.from({ length: options.repeat }, (_, run) => ({ task, run })));
  const results: TaskRunResult[] = [];
  const progress = new Progress(jobs.length);
  progress.start();
  // Ctrl+C stops the tasks running (their copies are removed) and reports what finished; a second one quits at once.
  const interrupt = new AbortController();
  const onInterrupt = () => {
    progress.clear();
    console.error("Interrupted: stopping the running task(s); press Ctrl+C again to quit at once.");
    interrupt.abort();
    process.once("SIGINT", () => process.exit(130));
  };
  process.once("SIGINT", onInterrupt);
  let next = 0;
  const worker = async () => {
    for (let job = jobs[next++]; job && !interrupt.signal.aborted; job = jobs[next++]) {
      const result = await runTask(backend, job.task, job.run, {
        effort: options.effort,
        ...(options.maxSteps !== undefined ? { maxSteps: options.maxSteps } : {}),
        ...(options.maxTokens !== undefined ? { maxTokens: options.maxTokens } : {}),
        ...(options.temperature !== undefined ? { temperature: options.temperature } : {}),
        ...(options.seed !== undefined ? { seed: options.seed + job.run } : {}),
        ...scriptFor(options, job.task),
        signal: interrupt.signal,
      });
      results.push(result);
      progress.clear();
      console.log(taskLine(result));
      progress.finished(result.passed, job.task.id);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(options.concurrency, jobs.length) }, worker));
  } finally {
    process.removeListener("SIGINT", onInterrupt);
    progress.end();
    await backend.dispose();
    await fs.rm(bin, { recursive: true, force: true });
  }

  const order = new Map(jobs.map((j, i) => [`${j.task.id}#${j.run}`, i]));
  results.sort((a, b) => order.get(`${a.id}#${a.run}`)! - order.get(`${b.id}#${b.run}`)!);
  const summary = summarize(results, { mode: options.mode, model: backend.modelName, effort: options.effort, repeat: options.repeat, seed: options.seed, wallMs: performance.now() - started });
  const violations = expectationViolations(options, tasks, results);
  console.log(`\n${markdownTable(results)}\n\n${summaryTable(summary)}\n`);
  for (const line of violations) console.log(line);

  let file: string | undefined;
  if (options.save) {
    const dir = path.resolve(options.results ?? path.join(TASKS_DIR, "..", "results"));
    await fs.mkdir(dir, { recursive: true });
    file = path.join(dir, resultFileName(backend.modelName, options.mode));
    const settings = { ...options, backend: backend.label };
    await fs.writeFile(file, `${JSON.stringify({ summary, settings, results }, null, 2)}\n`);
    console.log(`Results: ${file}`);
  }
  if (interrupt.signal.aborted) console.log(`Interrupted: ${results.length} of ${jobs.length} run(s) reported.`);
  console.log(JSON.stringify({ ...summary, ...(interrupt.signal.aborted ? { interrupted: true } : {}), ...(options.mode === "agent" ? {} : { expectationsMet: violations.length === 0 }), ...(file ? { file } : {}) }));
  if (interrupt.signal.aborted) return 130;
  if (summary.crashes > 0) return 1;
  return violations.length ? 1 : 0;
}

function scriptFor(options: EvalOptions, task: Task): { script?: readonly string[] } {
  if (options.mode === "scripted-reference") return { script: referenceResponses(task.reference) };
  if (options.mode === "no-op") return { script: noOpResponses() };
  return {};
}

/** Scripted modes prove the checkers honest: the reference passes every task; doing nothing passes only the "cannot be done" ones. */
function expectationViolations(options: EvalOptions, tasks: readonly Task[], results: readonly TaskRunResult[]): string[] {
  if (options.mode === "agent") return [];
  const byId = new Map(tasks.map((t) => [t.id, t]));
  return results.flatMap((r) => {
    const expected = options.mode === "scripted-reference" ? true : byId.get(r.id)!.noOp === "pass";
    if (r.passed === expected) return [];
    const detail = r.crash ?? r.checks.map((c) => `${c.type} ${c.passed ? "ok" : "FAILED"}: ${c.detail}`).join("\n  ");
    return [`✗ ${r.id}: ${options.mode} should ${expected ? "pass" : "fail"} but ${r.passed ? "passed" : "failed"} (stop: ${r.stopReason}${r.message ? `, ${r.message}` : ""})\n  ${detail}`];
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`eval: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
