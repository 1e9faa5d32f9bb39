// run_command and the command-line tool's runner: exit code and interleaved output, head and
// tail kept when long, a timeout and a cancel that stop the whole process group.
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { after, test } from "node:test";
import type { ToolEnvironment } from "../../src/core/tools/contract";
import { RUN_COMMAND_TIMEOUT_MS, runCommandTool } from "../../src/core/tools/definitions/runCommand";
import { runShellCommand } from "../../src/node/shellCommand";
import { callTool, makeWorkspace, prepareTool, refusal } from "./tools-fixture";

const ws = makeWorkspace({ app: { "src/index.ts": "" } }, { outside: { "outside/x.txt": "" } });
after(() => ws.remove());
const run = (command: string, extra: object = {}, maxResultChars?: number) =>
  callTool(runCommandTool, ws.env, { command, ...extra }, maxResultChars ? { maxResultChars } : {});
const options = (overrides: Partial<Parameters<typeof runShellCommand>[2]> = {}) => ({
  timeoutMs: 10_000,
  maxOutputBytes: 1024 * 1024,
  signal: new AbortController().signal,
  ...overrides,
});
/** Running (a killed process whose parent is gone may stay a zombie where PID 1 does not reap). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = existsSync(`/proc/${pid}/stat`) ? readFileSync(`/proc/${pid}/stat`, "utf8") : "";
  return !/^\d+ \(.*\) Z/.test(stat);
}

test("prepare proposes the command and the folder it runs in", async () => {
  const change = await prepareTool(runCommandTool, ws.env, { command: "npm test", cwd: "src" });
  assert.deepEqual(change, { kind: "command", command: "npm test", cwd: ws.path("src"), cwdLabel: "src" });
  assert.deepEqual(await prepareTool(runCommandTool, ws.env, { command: "ls" }), { kind: "command", command: "ls", cwd: ws.dir, cwdLabel: "." });
});

test("the result gives the exit code and the output", async () => {
  const result = await run("echo hello");
  assert.match(result.content, /^Exit code 0 \(\d+\.\d s\)\.\nOutput:\nhello\n$/);
  assert.equal(result.isError, false);
  assert.match(result.summary!, /^Exit code 0 in \d+\.\d s$/);
});

test("a failing command is an error result with its exit code", async () => {
  const result = await run("echo broken >&2; exit 3");
  assert.match(result.content, /^Exit code 3 .*\nOutput:\nbroken\n$/);
  assert.equal(result.isError, true);
});

test("stdout and stderr are interleaved in the order they were written", async () => {
  const result = await run("echo one; sleep 0.1; echo two >&2; sleep 0.1; echo three");
  assert.match(result.content, /Output:\none\ntwo\nthree\n$/);
});

test("cwd runs the command in that folder", async () => {
  const result = await run("pwd", { cwd: "src" });
  assert.ok(result.content.endsWith(`Output:\n${ws.path("src")}\n`), result.content);
});

test("a cwd outside the workspace is refused", async () => {
  const error = await refusal(run("ls", { cwd: "../outside" }));
  assert.match(error.message, /outside the workspace folder 'app'/);
});

test("a cwd that is a file is refused", async () => {
  const error = await refusal(run("ls", { cwd: "src/index.ts" }));
  assert.match(error.message, /cwd src\/index\.ts is a file/);
});

test("commands get no input, so one that reads stdin finishes at once", async () => {
  const result = await run("cat; echo done");
  assert.match(result.content, /^Exit code 0 .*\nOutput:\ndone\n$/);
});

test("no output is said plainly", async () => {
  const result = await run("true");
  assert.match(result.content, /Output:\n\(no output\)$/);
});

test("long output keeps its head and its tail within maxResultChars", async () => {
  const result = await run("seq 1 100000", {}, 2000);
  assert.ok(result.content.length <= 2000, `content is ${result.content.length} chars`);
  assert.match(result.content, /Output:\n1\n2\n3\n/);
  assert.match(result.content, /\[… [\d,]+ characters of output cut here …\]/);
  assert.match(result.content, /\n99999\n100000\n$/);
  assert.equal(result.truncated, true);
});

test("the tool asks the environment for its time and output limits", async () => {
  let seen: Parameters<ToolEnvironment["runCommand"]>[2] | undefined;
  const env: ToolEnvironment = { ...ws.env, runCommand: async (_c, _d, o) => ((seen = o), { exitCode: 0, output: "", timedOut: false, truncated: false, durationMs: 1 }) };
  await callTool(runCommandTool, env, { command: "true" });
  assert.equal(seen?.timeoutMs, RUN_COMMAND_TIMEOUT_MS);
  assert.equal(seen?.maxOutputBytes, 1024 * 1024);
});

test("a command past the time limit is stopped and the model is told it did not finish", async () => {
  const env: ToolEnvironment = { ...ws.env, runCommand: (c, d, o) => ws.env.runCommand(c, d, { ...o, timeoutMs: 300 }) };
  const result = await callTool(runCommandTool, env, { command: "echo started; sleep 30" });
  assert.match(result.content, /^The command was stopped after 60 s \(the time limit\), so it did not finish\..*\nOutput:\nstarted\n$/);
  assert.equal(result.isError, true);
  assert.equal(result.summary, "Timed out after 60 s");
});

test("a timeout stops the whole process group, background children included", async () => {
  const pidFile = ws.path("timeout.pid");
  const outcome = await runShellCommand(`sleep 30 & echo $! > ${pidFile}; wait`, ws.dir, options({ timeoutMs: 300 }));
  assert.equal(outcome.timedOut, true);
  assert.equal(outcome.exitCode, null);
  assert.ok(outcome.durationMs < 5000, `took ${outcome.durationMs} ms`);
  const pid = Number(readFileSync(pidFile, "utf8"));
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.equal(isAlive(pid), false, "the background sleep survived");
});

test("cancelling stops the command and the tool call ends with the abort", async () => {
  const controller = new AbortController();
  const pidFile = ws.path("cancel.pid");
  setTimeout(() => controller.abort(new Error("user cancelled")), 300);
  const started = Date.now();
  await assert.rejects(callTool(runCommandTool, ws.env, { command: `sleep 30 & echo $! > ${pidFile}; wait` }, { signal: controller.signal }), /user cancelled/);
  assert.ok(Date.now() - started < 5000);
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.equal(isAlive(Number(readFileSync(pidFile, "utf8"))), false, "the command's child survived the cancel");
});

test("output beyond maxOutputBytes is dropped from the middle and marked", async () => {
  const outcome = await runShellCommand("seq 1 100000", ws.dir, options({ maxOutputBytes: 1000 }));
  assert.equal(outcome.truncated, true);
  assert.ok(outcome.output.startsWith("1\n2\n3\n"));
  assert.ok(outcome.output.endsWith("99999\n100000\n"));
  assert.match(outcome.output, /\n\[\.\.\. \d+ bytes of output omitted \.\.\.\]\n/);
  assert.ok(outcome.output.length < 1100);
});

test("a background child holding the output open does not keep the result waiting", async () => {
  const outcome = await runShellCommand("(sleep 5 &) ; echo quick", ws.dir, options());
  assert.equal(outcome.exitCode, 0);
  assert.equal(outcome.output, "quick\n");
  assert.ok(outcome.durationMs < 3000, `took ${outcome.durationMs} ms`);
});

test("a background child does not survive the command: the group ends when the shell exits", { skip: process.platform === "win32" }, async () => {
  const pidFile = ws.path("background.pid");
  const outcome = await runShellCommand(`sleep 30 & echo $! > ${pidFile}; echo started`, ws.dir, options());
  assert.equal(outcome.exitCode, 0);
  assert.equal(outcome.output, "started\n");
  const pid = Number(readFileSync(pidFile, "utf8"));
  let alive = true;
  for (let i = 0; i < 50 && alive; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    alive = isAlive(pid);
  }
  assert.equal(alive, false, "the background sleep outlived the command");
});
