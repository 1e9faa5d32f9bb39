// The eval runner's own parts, without a model: every task file is valid and the suite covers
// what issue 18 asks for; the checkers decide pass and fail as documented (on real commands in a
// real temporary folder); pass@k and the command line behave. The checkers' honesty on the real
// tasks is proven in `npm test`'s eval stage (--scripted-reference and --no-op on the tiny model).
import assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { parseEvalArgs, UsageError } from "../../eval/runner/args";
import { runChecks } from "../../eval/runner/checkers";
import { RunMeter } from "../../eval/runner/meter";
import { noOpResponses, referenceResponses } from "../../eval/runner/reference";
import { markdownTable, passAtKEstimate, resultFileName, summarize } from "../../eval/runner/report";
import type { TaskRunResult } from "../../eval/runner/runTask";
import { globToRegExp, loadTask, loadTasks, TASK_KINDS, TASKS_DIR, type Task } from "../../eval/runner/taskSchema";
import { snapshot } from "../../eval/runner/workspace";
import { runAgent } from "../../src/core/agent/loop";
import { availableTools } from "../../src/core/tools/registry";
import { createNodeToolEnvironment } from "../../src/node/tools/nodeEnvironment";
import { scriptedTurns } from "../helpers/scriptedTurns";

test("the suite: at least 24 valid tasks, every kind, three languages, 'cannot be done' ones expect no-op to pass", async () => {
  const tasks = await loadTasks(TASKS_DIR);
  assert.ok(tasks.length >= 24, `${tasks.length} tasks`);
  assert.deepEqual(new Set(tasks.map((t) => t.kind)), new Set(TASK_KINDS));
  assert.deepEqual(new Set(tasks.map((t) => t.language)), new Set(["javascript", "typescript", "python"]));
  for (const task of tasks) {
    assert.equal(task.noOp === "pass", task.kind === "cannot-be-done", task.id);
    assert.ok(task.budget.steps >= task.reference.length, `${task.id}: the reference needs more steps than the budget allows`);
  }
});

test("--tasks globs match whole ids", () => {
  assert.ok(globToRegExp("py-*").test("py-fix-median"));
  assert.ok(!globToRegExp("py-*").test("js-py-x"));
  assert.ok(globToRegExp("*rename*").test("ts-rename-area"));
  assert.ok(globToRegExp("js-?ix-slugify").test("js-fix-slugify"));
});

test("a task file with a wrong shape is refused with the file and the field named", async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "eval-task-"));
  try {
    await fs.mkdir(path.join(dir, "workspace"));
    await fs.writeFile(path.join(dir, "task.json"), JSON.stringify({ kind: "fix-test", language: "rust", message: "x", budget: { steps: 1, seconds: 10 }, checks: [{ type: "unchanged" }], reference: [{ answer: "a" }] }));
    await assert.rejects(loadTask(dir), (error: Error) => error.message.includes("task.json") && error.message.includes("language"));
    await fs.writeFile(path.join(dir, "task.json"), JSON.stringify({ kind: "fix-test", language: "python", message: "x", budget: { steps: 1, seconds: 10 }, checks: [{ type: "unchanged" }], reference: [{ tool: "read_file", args: {} }] }));
    await assert.rejects(loadTask(dir), /must end with an answer/);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
});

async function scratchTask(files: Record<string, string>, checks: Task["checks"]): Promise<{ task: Task; copy: string; before: Map<string, Buffer>; cleanup(): Promise<void> }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "eval-check-"));
  const write = async (rel: string, text: string) => {
    await fs.mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
    await fs.writeFile(path.join(dir, rel), text);
  };
  for (const [rel, text] of Object.entries(files)) await write(rel, text);
  const copy = path.join(dir, "workspace");
  await fs.mkdir(copy, { recursive: true });
  const before = await snapshot(copy);
  const task: Task = { id: "scratch", dir, workspace: copy, kind: "write-test", language: "javascript", message: "m", budget: { steps: 5, seconds: 60 }, checks, noOp: "fail", reference: [{ answer: "a" }] };
  return { task, copy, before, cleanup: () => fs.rm(dir, { recursive: true, force: true }) };
}

test("answer checks: every fact must be there, a wrong one must not", async () => {
  const s = await scratchTask({ "workspace/a.txt": "1" }, [{ type: "answer", include: ["\\b25\\b", "settings\\.py"], exclude: ["\\b10 seconds"] }]);
  try {
    assert.equal((await runChecks(s.task, s.copy, s.before, "25 s, set in app/settings.py"))[0]!.passed, true);
    const missing = (await runChecks(s.task, s.copy, s.before, "It is 250, in settings.py"))[0]!;
    assert.equal(missing.passed, false);
    assert.match(missing.detail, /missing/);
    assert.equal((await runChecks(s.task, s.copy, s.before, "25 in settings.py (was 10 seconds before)"))[0]!.passed, false);
  } finally {
    await s.cleanup();
  }
});

test("unchanged checks see edits, new files and deletions, but not caches", async () => {
  const s = await scratchTask({ "workspace/a.txt": "1", "workspace/b.txt": "2" }, [{ type: "unchanged" }, { type: "unchanged", paths: ["a.txt"] }]);
  try {
    await fs.mkdir(path.join(s.copy, "__pycache__"));
    await fs.writeFile(path.join(s.copy, "__pycache__", "x.pyc"), "cache");
    assert.deepEqual((await runChecks(s.task, s.copy, s.before, "")).map((c) => c.passed), [true, true]);
    await fs.writeFile(path.join(s.copy, "b.txt"), "changed");
    assert.deepEqual((await runChecks(s.task, s.copy, s.before, "")).map((c) => c.passed), [false, true]);
    await fs.rm(path.join(s.copy, "a.txt"));
    assert.deepEqual((await runChecks(s.task, s.copy, s.before, "")).map((c) => c.passed), [false, false]);
  } finally {
    await s.cleanup();
  }
});

test("command checks pass on exit 0 only, and lay hidden files over the copy first", async () => {
  const s = await scratchTask({ "workspace/value.txt": "ok\n", "hidden/expected.txt": "ok\n" }, [{ type: "command", run: "cmp value.txt expected.txt", withFiles: "hidden" }]);
  try {
    assert.equal((await runChecks(s.task, s.copy, s.before, ""))[0]!.passed, true);
    await fs.writeFile(path.join(s.copy, "value.txt"), "no\n");
    const failed = (await runChecks(s.task, s.copy, s.before, ""))[0]!;
    assert.equal(failed.passed, false);
    assert.match(failed.detail, /exit 1/);
  } finally {
    await s.cleanup();
  }
});

test("catches-bug: the tests must pass on the code and fail on the bug, and the code must be untouched", async () => {
  const files = { "workspace/code.txt": "good\n", "bug/code.txt": "bad\n" };
  const s = await scratchTask(files, [{ type: "catches-bug", run: "sh check.sh", bug: "bug" }]);
  try {
    // No test yet: nothing runs the check script, so "sh check.sh" fails on the good code.
    assert.equal((await runChecks(s.task, s.copy, s.before, ""))[0]!.passed, false);
    // A test that passes whatever the code says does not catch the bug.
    await fs.writeFile(path.join(s.copy, "check.sh"), "true\n");
    assert.match((await runChecks(s.task, s.copy, s.before, ""))[0]!.detail, /do not catch it/);
    // A real test.
    await fs.writeFile(path.join(s.copy, "check.sh"), "grep -qx good code.txt\n");
    assert.equal((await runChecks(s.task, s.copy, s.before, ""))[0]!.passed, true);
    // Changing the code under test is not allowed.
    await fs.writeFile(path.join(s.copy, "code.txt"), "good!\n");
    await fs.writeFile(path.join(s.copy, "check.sh"), "grep -qx 'good!' code.txt\n");
    assert.match((await runChecks(s.task, s.copy, s.before, ""))[0]!.detail, /code under test was changed/);
  } finally {
    await s.cleanup();
  }
});

test("reference and no-op scripts are harmony completions", () => {
  assert.deepEqual(referenceResponses([{ tool: "read_file", args: { path: "a.js" } }, { answer: "Done it." }]), [
    '<|channel|>commentary to=functions.read_file <|constrain|>json<|message|>{"path":"a.js"}<|call|>',
    "<|channel|>final<|message|>Done it.<|return|>",
  ]);
  assert.equal(noOpResponses().length, 1);
});

test("pass@k is the unbiased estimator", () => {
  assert.equal(passAtKEstimate(5, 0, 1), 0);
  assert.equal(passAtKEstimate(5, 5, 3), 1);
  assert.equal(passAtKEstimate(2, 1, 1), 0.5);
  assert.ok(Math.abs(passAtKEstimate(3, 1, 2) - 2 / 3) < 1e-12);
  assert.equal(passAtKEstimate(4, 1, 4), 1);
  assert.throws(() => passAtKEstimate(2, 1, 3), /at least 3 runs/);
});

test("the command line: one backend, valid values, clear errors", () => {
  const options = parseEvalArgs(["--model", "m.gguf", "--tasks", "py-*, js-*", "--repeat", "3", "--effort", "high"]);
  assert.ok(options !== "help");
  assert.deepEqual(options.tasks, ["py-*", "js-*"]);
  assert.equal(options.repeat, 3);
  assert.equal(options.mode, "agent");
  assert.equal(parseEvalArgs(["--help"]), "help");
  assert.throws(() => parseEvalArgs([]), (e: Error) => e instanceof UsageError && /--model FILE or --server URL/.test(e.message));
  assert.throws(() => parseEvalArgs(["--model", "a", "--server", "http://x"]), /one of --model/);
  assert.throws(() => parseEvalArgs(["--model", "a", "--effort", "max"]), /--effort/);
  assert.throws(() => parseEvalArgs(["--model", "a", "--repeat", "0"]), /--repeat/);
  assert.throws(() => parseEvalArgs(["--model", "a", "--max-steps", "x"]), /--max-steps takes a number/);
  assert.throws(() => parseEvalArgs(["--model", "a", "--scripted-reference", "--no-op"]), /give one/);
  assert.throws(() => parseEvalArgs(["--model", "a", "extra"]), UsageError);
});

test("result files are named by time and model", () => {
  assert.equal(resultFileName("gpt-oss 20B (MXFP4)", "agent", new Date("2026-12-08T01:40:12Z")), "2026-12-08T01-40-12-gpt-oss-20b-mxfp4.json");
  assert.equal(resultFileName("tiny", "no-op", new Date("2026-12-08T01:40:12Z")), "2026-12-08T01-40-12-tiny-no-op.json");
});

test("the meter counts what the real agent loop reports: malformed calls recovered from, tool errors, failed commands", async () => {
  const dir = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), "eval-meter-")));
  try {
    await fs.writeFile(path.join(dir, "a.txt"), "hello\n");
    const call = (tool: string, args: string) => `<|channel|>commentary to=functions.${tool} <|constrain|>json<|message|>${args}<|call|>`;
    const turns = scriptedTurns([
      call("read_file", '{"path": "a.txt"'),
      call("no_such_tool", "{}"),
      call("read_file", '{"path": "missing.txt"}'),
      call("run_command", '{"command": "exit 3"}'),
      call("read_file", '{"path": "a.txt"}'),
      "<|channel|>final<|message|>Read it.<|return|>",
    ]);
    const meter = new RunMeter();
    const result = await runAgent({
      conversation: [{ role: "user", content: "read a.txt" }],
      tools: availableTools({ trusted: true, languageServices: false }),
      generate: turns.generate,
      approve: async () => ({ approved: true }),
      toolContext: { env: createNodeToolEnvironment({ folders: [{ name: path.basename(dir), path: dir }] }) },
      countTokens: (c) => JSON.stringify(c).length / 4,
      contextSize: 100_000,
      onEvent: meter.onEvent,
    });
    assert.equal(result.reason, "final");
    assert.deepEqual(meter.toolCalls, { read_file: 3, no_such_tool: 1, run_command: 1 });
    assert.equal(meter.malformed, 2);
    assert.equal(meter.malformedRecovered, 2);
    assert.equal(meter.toolErrors, 1);
    assert.equal(meter.failedCommands, 1);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
});

test("the summary: pass rate over runs, pass@k over tasks, passes per kind, and a table row per run", () => {
  const run = (id: string, kind: Task["kind"], index: number, passed: boolean): TaskRunResult => ({
    id, kind, language: "python", run: index, passed, stopReason: "final", timedOut: false, steps: 2, toolCalls: { read_file: 1 }, toolErrors: 0,
    failedCommands: 0, malformed: 1, malformedRecovered: 1, promptTokens: 100, promptEvaluatedTokens: 90, generatedTokens: 10, wallMs: 1500, checks: [], answer: "",
  });
  const results = [run("a", "explain", 0, true), run("a", "explain", 1, false), run("b", "rename", 0, false), run("b", "rename", 1, false)];
  const summary = summarize(results, { mode: "agent", model: "m", effort: "low", repeat: 2, seed: 3, wallMs: 4000 });
  assert.equal(summary.tasks, 2);
  assert.equal(summary.runs, 4);
  assert.equal(summary.passed, 1);
  assert.equal(summary.passRate, 0.25);
  assert.deepEqual(summary.passAtK, { "pass@1": 0.25, "pass@2": 0.5 });
  assert.deepEqual(summary.byKind, { explain: "1/2", rename: "0/2" });
  assert.equal(summary.toolCalls, 4);
  assert.equal(summary.malformedRecovered, 4);
  const table = markdownTable(results).split("\n");
  assert.equal(table.length, 2 + 4);
  assert.match(table[3]!, /^\| a #2 \| explain \| python \| fail \| 2 \| read_file 1 \|/);
});
