// How commands run for the run_command tool (src/node/shellCommand.ts, plain Node): the
// model gets stdout and stderr as produced, the exit code, and a bounded head and tail of long
// output; a command that overstays its limit or is cancelled is killed with what it started.
import assert from "node:assert/strict";
import { test } from "node:test";
import { runShellCommand } from "../../src/node/shellCommand";

const posix = process.platform !== "win32";
const options = (overrides: Partial<Parameters<typeof runShellCommand>[2]> = {}) => ({
  timeoutMs: 10_000,
  maxOutputBytes: 64 * 1024,
  signal: new AbortController().signal,
  ...overrides,
});

test("output from stdout and stderr comes back with the exit code", async () => {
  const outcome = await runShellCommand("echo out && echo err 1>&2 && exit 4", process.cwd(), options());
  assert.equal(outcome.exitCode, 4);
  assert.match(outcome.output, /out/);
  assert.match(outcome.output, /err/);
  assert.equal(outcome.timedOut, false);
  assert.equal(outcome.truncated, false);
});

test("every chunk is mirrored to onOutput as it arrives", async () => {
  const seen: string[] = [];
  await runShellCommand("echo one; echo two", process.cwd(), options({ onOutput: (text) => seen.push(text) }));
  assert.equal(seen.join(""), "one\ntwo\n");
});

test("a command past its time limit is killed, with what it started", { skip: !posix }, async () => {
  const started = Date.now();
  // The grandchild `sleep` holds the pipe open: only a group kill ends the run promptly.
  const outcome = await runShellCommand("sleep 30 & sleep 30; echo never", process.cwd(), options({ timeoutMs: 200 }));
  assert.equal(outcome.timedOut, true);
  assert.equal(outcome.exitCode, null);
  assert.doesNotMatch(outcome.output, /never/);
  assert.ok(Date.now() - started < 5_000, `took ${Date.now() - started} ms`);
});

test("a cancelled command is killed and reports no exit code", async () => {
  const abort = new AbortController();
  setTimeout(() => abort.abort(), 200);
  const outcome = await runShellCommand("sleep 30", process.cwd(), options({ signal: abort.signal }));
  assert.equal(outcome.exitCode, null);
  assert.equal(outcome.timedOut, false);
});

test("an already cancelled run starts nothing", async () => {
  const abort = new AbortController();
  abort.abort();
  const outcome = await runShellCommand("echo ran", process.cwd(), options({ signal: abort.signal }));
  assert.equal(outcome.output, "");
  assert.equal(outcome.exitCode, null);
});

test("long output keeps its head and tail within the byte limit, and says how much was dropped", async () => {
  const outcome = await runShellCommand("seq 1 100000", process.cwd(), options({ maxOutputBytes: 1_000 }));
  assert.equal(outcome.truncated, true);
  const [head, tail] = outcome.output.split(/\n\[\.\.\. \d+ bytes of output omitted \.\.\.\]\n/);
  assert.ok(head?.startsWith("1\n2\n3\n"), head);
  assert.ok(tail?.endsWith("99999\n100000\n"), tail);
  assert.ok(Buffer.byteLength(head! + tail!) <= 1_000);
});

test("multi-byte characters are never split, however the chunks fall", async () => {
  const outcome = await runShellCommand(`node -e "process.stdout.write('é€😀'.repeat(5000))"`, process.cwd(), options({ maxOutputBytes: 999 }));
  assert.doesNotMatch(outcome.output, /\uFFFD/);
});

test("a command that cannot start still resolves, with the shell's complaint", async () => {
  const outcome = await runShellCommand("definitely-not-a-command-xyz", process.cwd(), options());
  assert.notEqual(outcome.exitCode, 0);
  assert.match(outcome.output, /not found|not recognized/);
});

test("a background child does not survive the command: the group ends when the shell exits", { skip: !posix }, async () => {
  const outcome = await runShellCommand("sleep 30 & echo $!", process.cwd(), options());
  assert.equal(outcome.exitCode, 0);
  const pid = Number(outcome.output.trim());
  assert.ok(pid > 0, outcome.output);
  const alive = () => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  let still = true;
  for (let i = 0; i < 50 && still; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    still = alive();
  }
  assert.equal(still, false, "the background sleep outlived the command");
});
