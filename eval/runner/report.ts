// What a run reports: a line per task as it finishes, a Markdown table, pass@1 and pass@k, the
// JSON file under eval/results/, and one JSON line last (for scripts and CI).
import type { TaskRunResult } from "./runTask";

export interface RunSummary {
  tasks: number;
  runs: number;
  passed: number;
  passRate: number;
  "pass@1": number;
  /** pass@k for k = 1..repeat (the unbiased estimator over each task's runs). */
  passAtK: Record<string, number>;
  crashes: number;
  /** "passed/runs" per task kind: "cannot-be-done" passes for an agent that does nothing, so read the rest apart from it. */
  byKind: Record<string, string>;
  mode: string;
  model: string;
  effort: string;
  repeat: number;
  seed: number | null;
  wallSeconds: number;
  toolCalls: number;
  toolErrors: number;
  malformed: number;
  malformedRecovered: number;
  promptTokens: number;
  generatedTokens: number;
}

export function summarize(results: readonly TaskRunResult[], info: { mode: string; model: string; effort: string; repeat: number; seed: number | undefined; wallMs: number }): RunSummary {
  const byTask = new Map<string, TaskRunResult[]>();
  for (const r of results) byTask.set(r.id, [...(byTask.get(r.id) ?? []), r]);
  const passAtK: Record<string, number> = {};
  for (let k = 1; k <= info.repeat; k++) {
    const scores = [...byTask.values()].map((runs) => passAtKEstimate(runs.length, runs.filter((r) => r.passed).length, k));
    passAtK[`pass@${k}`] = round(mean(scores));
  }
  const passed = results.filter((r) => r.passed).length;
  return {
    tasks: byTask.size,
    runs: results.length,
    passed,
    passRate: round(results.length ? passed / results.length : 0),
    "pass@1": passAtK["pass@1"] ?? 0,
    passAtK,
    crashes: results.filter((r) => r.crash !== undefined).length,
    byKind: byKind(results),
    mode: info.mode,
    model: info.model,
    effort: info.effort,
    repeat: info.repeat,
    seed: info.seed ?? null,
    wallSeconds: round(info.wallMs / 1000, 1),
    toolCalls: results.reduce((s, r) => s + Object.values(r.toolCalls).reduce((a, b) => a + b, 0), 0),
    toolErrors: results.reduce((s, r) => s + r.toolErrors, 0),
    malformed: results.reduce((s, r) => s + r.malformed, 0),
    malformedRecovered: results.reduce((s, r) => s + r.malformedRecovered, 0),
    promptTokens: results.reduce((s, r) => s + r.promptTokens, 0),
    generatedTokens: results.reduce((s, r) => s + r.generatedTokens, 0),
  };
}

/** 1 - C(n-c, k) / C(n, k): the chance that at least one of k runs drawn from n passes (Chen et al. 2021). */
export function passAtKEstimate(n: number, c: number, k: number): number {
  if (k > n) throw new Error(`pass@${k} needs at least ${k} runs (got ${n}).`);
  if (n - c < k) return 1;
  let failAll = 1;
  for (let i = n - c + 1; i <= n; i++) failAll *= 1 - k / i;
  return 1 - failAll;
}

/** One line per finished task: what a person scanning the output wants first. */
export function taskLine(r: TaskRunResult): string {
  const tools = Object.entries(r.toolCalls).map(([name, n]) => `${name}×${n}`).join(" ") || "no tools";
  const mark = r.passed ? "PASS" : "FAIL";
  const why = r.crash ? ` CRASH ${r.crash.split("\n")[0]}` : r.passed ? "" : ` (${failureReason(r)})`;
  return `${mark} ${r.id}${r.run ? ` #${r.run + 1}` : ""}: ${r.steps} step(s), ${tools}, ${r.toolErrors} tool error(s), ${r.failedCommands} failed command(s), ${r.malformed} malformed (${r.malformedRecovered} recovered), ${r.promptTokens}/${r.generatedTokens} prompt/generated tokens, ${(r.wallMs / 1000).toFixed(1)} s, stop: ${r.timedOut ? "time budget" : r.stopReason}${why}`;
}

function failureReason(r: TaskRunResult): string {
  const failed = r.checks.find((c) => !c.passed);
  return failed ? `${failed.type}: ${failed.detail.split("\n")[0]}` : r.message ?? r.stopReason;
}

export function markdownTable(results: readonly TaskRunResult[]): string {
  const rows = [
    "| task | kind | lang | result | steps | tool calls | tool errors | failed commands | malformed (recovered) | prompt tok | generated tok | time s |",
    "|---|---|---|---|---|---|---|---|---|---|---|---|",
  ];
  for (const r of results) {
    const tools = Object.entries(r.toolCalls).map(([name, n]) => `${name} ${n}`).join(", ") || "-";
    rows.push(
      `| ${r.id}${r.run ? ` #${r.run + 1}` : ""} | ${r.kind} | ${r.language} | ${r.crash ? "crash" : r.passed ? "pass" : "fail"} | ${r.steps} | ${tools} | ${r.toolErrors} | ${r.failedCommands} | ${r.malformed} (${r.malformedRecovered}) | ${r.promptTokens} | ${r.generatedTokens} | ${(r.wallMs / 1000).toFixed(1)} |`,
    );
  }
  return rows.join("\n");
}

export function summaryTable(summary: RunSummary): string {
  const k = Object.entries(summary.passAtK).map(([name, value]) => `${name} ${value}`).join(", ");
  return [
    "| model | mode | effort | tasks | runs | passed | pass rate | pass@k | time s |",
    "|---|---|---|---|---|---|---|---|---|",
    `| ${summary.model} | ${summary.mode} | ${summary.effort} | ${summary.tasks} | ${summary.runs} | ${summary.passed} | ${summary.passRate} | ${k} | ${summary.wallSeconds} |`,
  ].join("\n");
}

/** `2026-12-08T01-40-12-gpt-oss-20b.json`: sortable, one per run, the model in the name. */
export function resultFileName(model: string, mode: string, when = new Date()): string {
  const stamp = when.toISOString().slice(0, 19).replace(/:/g, "-");
  const slug = model.toLowerCase().replace(/[^a-z0-9.]+/g, "-").replace(/^-|-$/g, "") || "model";
  return `${stamp}-${slug}${mode === "agent" ? "" : `-${mode}`}.json`;
}

function byKind(results: readonly TaskRunResult[]): Record<string, string> {
  const counts = new Map<string, { passed: number; runs: number }>();
  for (const r of results) {
    const entry = counts.get(r.kind) ?? { passed: 0, runs: 0 };
    entry.runs++;
    if (r.passed) entry.passed++;
    counts.set(r.kind, entry);
  }
  return Object.fromEntries([...counts].sort(([a], [b]) => a.localeCompare(b)).map(([kind, c]) => [kind, `${c.passed}/${c.runs}`]));
}

function mean(values: number[]): number {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0;
}

function round(value: number, digits = 4): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
