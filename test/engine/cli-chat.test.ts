// `gpt-oss-local chat`: the tiny model made to say a script streams the scripted answer through
// the real engine, in-process and as the bundled CLI a user runs.
import assert from "node:assert/strict";
import { execFile, execFileSync } from "node:child_process";
import path from "node:path";
import { before, test } from "node:test";
import { promisify } from "node:util";
import type { CliIO } from "../../src/cli/command";
import { main } from "../../src/cli/main";
import { SCRIPT_ENV_VAR } from "../../src/engine/index";
import { tinyModelPath } from "../helpers/tinyModel";

const root = path.resolve(__dirname, "../..");
const SCRIPT = path.join(root, "test/fixtures/scripts/hello.json");
const ANSWER = "Hello! How can I help you today?\nAsk me anything.";
const REASONING = "The user says hi. Greet them back.";

let model: string;

before(async () => {
  model = await tinyModelPath();
});

async function chat(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const io: CliIO = { out: (text) => (out += text.endsWith("\n") ? text : `${text}\n`), err: (text) => (err += text.endsWith("\n") ? text : `${text}\n`) };
  const code = await main(["chat", ...args], io);
  return { code, out, err };
}

test("chat --script streams the scripted answer to stdout; --show-reasoning adds the reasoning and stats go to stderr", async () => {
  const { code, out, err } = await chat(["--model", model, "--script", SCRIPT, "--threads", "1", "--context", "2048", "--show-reasoning", "hi"]);
  assert.equal(code, 0, err);
  assert.equal(out, `${ANSWER}\n`);
  assert.ok(err.includes(REASONING), err);
  assert.match(err, /\[\d+ tokens, [\d.]+ tok\/s; prompt \d+ tokens, \d+ evaluated in [\d.]+ s; stop: return\]/);
  assert.match(err, /scripted output from .*hello\.json \(testing aid\)/);
});

test("chat with a bad model file exits 1 with the reason, without loading anything", async () => {
  const { code, err } = await chat(["--model", path.join(root, "package.json"), "hi"]);
  assert.equal(code, 1);
  assert.match(err, /gpt-oss-local chat: .*package\.json.*(GGUF|gguf)/);
});

test("chat without a message is a usage error", async () => {
  const { code, err } = await chat(["--model", model]);
  assert.equal(code, 2);
  assert.match(err, /Usage: gpt-oss-local chat/);
});

test(`the bundled CLI (dist/cli.js) streams the answer and hides the reasoning, with the script from ${SCRIPT_ENV_VAR}`, async () => {
  // The bundle is what users run: node-llama-cpp must stay a real dynamic import in it.
  execFileSync(process.execPath, ["esbuild.mjs"], { cwd: root, stdio: "ignore" });
  const { stdout, stderr } = await promisify(execFile)(process.execPath, [path.join(root, "dist/cli.js"), "chat", "--model", model, "--threads", "1", "--context", "2048", "hi"], {
    cwd: root,
    env: { ...process.env, [SCRIPT_ENV_VAR]: SCRIPT },
  });
  assert.equal(stdout, `${ANSWER}\n`);
  assert.ok(!stderr.includes(REASONING), "reasoning stays hidden without --show-reasoning");
  assert.match(stderr, /stop: return\]/);
});
