// Deciding pass or fail once the agent has finished: what the copy holds now (against the
// snapshot taken before the agent ran) and what the agent answered. Checks that look at the files
// as the agent left them run first; commands (which may lay hidden tests over the copy) after.
import { promises as fs } from "node:fs";
import path from "node:path";
import type { Check, Task } from "./taskSchema";
import { runShell } from "./shell";
import { describeDiff, diffIsEmpty, diffSnapshots, freshCopy, overlay, removeCopy, snapshot } from "./workspace";

export interface CheckResult {
  type: Check["type"];
  passed: boolean;
  /** Why it failed (or what it saw), in a line or a few. */
  detail: string;
}

const COMMAND_TIMEOUT_MS = 120_000;

export async function runChecks(task: Task, copy: string, before: Map<string, Buffer>, answer: string): Promise<CheckResult[]> {
  const ordered = [...task.checks].sort((a, b) => rank(a) - rank(b));
  const results: CheckResult[] = [];
  for (const check of ordered) results.push(await runCheck(task, check, copy, before, answer));
  return results;
}

function rank(check: Check): number {
  return check.type === "unchanged" || check.type === "answer" ? 0 : 1;
}

async function runCheck(task: Task, check: Check, copy: string, before: Map<string, Buffer>, answer: string): Promise<CheckResult> {
  switch (check.type) {
    case "unchanged": {
      const diff = diffSnapshots(before, await snapshot(copy));
      if (!check.paths) return { type: check.type, passed: diffIsEmpty(diff), detail: describeDiff(diff) };
      const touched = [...diff.changed, ...diff.removed].filter((p) => check.paths!.includes(p));
      return { type: check.type, passed: touched.length === 0, detail: touched.length ? `must not change: ${touched.join(", ")}` : "kept" };
    }
    case "answer": {
      const missing = check.include.filter((pattern) => !new RegExp(pattern, "i").test(answer));
      const wrong = (check.exclude ?? []).filter((pattern) => new RegExp(pattern, "i").test(answer));
      const problems = [...missing.map((p) => `missing /${p}/`), ...wrong.map((p) => `says /${p}/`)];
      return { type: check.type, passed: problems.length === 0, detail: problems.length ? `answer ${problems.join(", ")}` : "answer has every fact" };
    }
    case "command": {
      if (check.withFiles !== undefined) await overlay(path.join(task.dir, check.withFiles), copy);
      const outcome = await runShell(check.run, copy, COMMAND_TIMEOUT_MS);
      const passed = outcome.exitCode === 0;
      return { type: check.type, passed, detail: passed ? `${check.run}: exit 0` : `${check.run}: ${outcome.timedOut ? "timed out" : `exit ${outcome.exitCode}`}\n${tail(outcome.output)}` };
    }
    case "catches-bug": {
      // The buggy files must be the agent's test's target, untouched: a test that passes only
      // because the agent changed the code under test proves nothing.
      const bugDir = path.join(task.dir, check.bug);
      const bugFiles = await listFiles(bugDir);
      const after = await snapshot(copy);
      const edited = bugFiles.filter((p) => !(before.get(p) && after.get(p)?.equals(before.get(p)!)));
      if (edited.length) return { type: check.type, passed: false, detail: `the code under test was changed: ${edited.join(", ")}` };
      const good = await runShell(check.run, copy, COMMAND_TIMEOUT_MS);
      if (good.exitCode !== 0) return { type: check.type, passed: false, detail: `${check.run} fails on the correct code (${good.timedOut ? "timed out" : `exit ${good.exitCode}`})\n${tail(good.output)}` };
      const buggy = await freshCopy(copy, `${task.id}-bug`);
      try {
        await overlay(bugDir, buggy);
        const bad = await runShell(check.run, buggy, COMMAND_TIMEOUT_MS);
        const caught = bad.exitCode !== 0 && !bad.timedOut;
        return { type: check.type, passed: caught, detail: caught ? "the tests pass on the correct code and fail on the bug" : `${check.run} still passes with the bug in place: the tests do not catch it` };
      } finally {
        await removeCopy(buggy);
      }
    }
  }
}

async function listFiles(root: string): Promise<string[]> {
  return [...(await snapshot(root)).keys()];
}

function tail(output: string, lines = 15): string {
  return output.trimEnd().split("\n").slice(-lines).join("\n");
}
