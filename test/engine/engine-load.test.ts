// Loading: the real node-llama-cpp on the CPU with one thread; bad model files refused by the
// GGUF check before llama.cpp sees them; the context size in effect reported, never silently
// changed; the scripted-output file taken from GPT_OSS_SCRIPT.
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import type { Conversation } from "../../src/core/harmony/index";
import { describeLoad, EngineError, loadEngine, SCRIPT_ENV_VAR, type Engine } from "../../src/engine/index";
import { tinyModelPath } from "../helpers/tinyModel";

const SCRIPT = path.resolve(__dirname, "../fixtures/scripts/two-replies.json");

let dir: string;
let engine: Engine;
let modelPath: string;

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "engine-load-"));
  modelPath = await tinyModelPath();
  process.env[SCRIPT_ENV_VAR] = SCRIPT;
  try {
    // Asks more context than the model was trained on (131,072): capped, and said so.
    engine = await loadEngine({ modelPath, gpu: false, threads: 1, contextSize: 200_000 });
  } finally {
    delete process.env[SCRIPT_ENV_VAR];
  }
});

after(async () => {
  await engine?.dispose();
  await rm(dir, { recursive: true, force: true });
});

test("loads on the CPU with the thread count asked and reports device, context size and timings", () => {
  const { report } = engine;
  assert.equal(report.device.gpu, false);
  assert.equal(report.device.label, "CPU");
  assert.equal(report.threads, 1);
  assert.equal(engine.context.currentThreads <= 1, true);
  assert.equal(report.model.gptOss, true);
  assert.equal(report.swaSize, 128);
  for (const [stage, ms] of Object.entries(report.timings)) assert.ok(ms >= 0, stage);
  assert.ok(report.timings.totalMs >= report.timings.loadModelMs + report.timings.createContextMs);
  const lines = describeLoad(report);
  assert.match(lines[0]!, /on CPU \(1 thread\)/);
});

test("a context size beyond what the model was trained on is capped with a warning, and the size in effect is reported", () => {
  const { report } = engine;
  assert.equal(report.contextSizeRequested, 200_000);
  assert.equal(report.contextSize, 131_072);
  assert.equal(engine.context.contextSize, report.contextSize);
  assert.ok(report.warnings.some((w) => /more than the model was trained on; using 131,072/.test(w)), report.warnings.join("\n"));
});

test(`${SCRIPT_ENV_VAR} makes each generation play the next scripted response, and an exhausted script says so`, async () => {
  assert.deepEqual(engine.report.script, { path: SCRIPT, responses: 2 });
  const { responses } = JSON.parse(await readFile(SCRIPT, "utf8")) as { responses: string[] };
  const sequence = engine.openSequence();
  try {
    const chat: Conversation = [{ role: "user", content: "Hello?" }];
    const first = await sequence.complete({ conversation: chat });
    assert.equal(first.scriptResponse, 0);
    assert.equal(first.messages.at(-1)?.content, "First reply.");
    const second = await sequence.complete({ conversation: chat });
    assert.equal(second.messages.at(-1)?.content, "Second reply.");
    assert.equal(responses.length, 2);
    await assert.rejects(sequence.complete({ conversation: chat }), (error: EngineError) => {
      assert.equal(error.code, "script-exhausted");
      assert.match(error.message, /no response left for generation call 3 \(it has 2\)/);
      return true;
    });
  } finally {
    await sequence.dispose();
  }
});

async function loadError(file: string): Promise<EngineError> {
  try {
    await loadEngine({ modelPath: file, gpu: false, threads: 1, contextSize: 1024, script: false });
  } catch (error) {
    assert.ok(error instanceof EngineError, String(error));
    return error;
  }
  assert.fail("loading should have failed");
}

test("a missing model file is refused with the path in the message", async () => {
  const error = await loadError(path.join(dir, "nowhere.gguf"));
  assert.equal(error.code, "model-file");
  assert.equal(error.fileProblem, "not-found");
  assert.match(error.message, /nowhere\.gguf/);
});

test("a truncated model file (an interrupted download) is refused before llama.cpp loads it", async () => {
  const whole = await readFile(modelPath);
  const cut = path.join(dir, "cut.gguf");
  await writeFile(cut, whole.subarray(0, Math.floor(whole.length / 2)));
  const error = await loadError(cut);
  assert.equal(error.code, "model-file");
  assert.equal(error.fileProblem, "truncated");
  assert.match(error.message, /truncated/);
});

test("a file that is not GGUF (an HTML error page saved as .gguf) is refused", async () => {
  const page = path.join(dir, "page.gguf");
  await writeFile(page, "<!DOCTYPE html><html><body>Rate limited</body></html>");
  const error = await loadError(page);
  assert.equal(error.code, "model-file");
  assert.equal(error.fileProblem, "not-gguf");
});

test("a GGUF file whose header contradicts itself (corrupt) is refused", async () => {
  const header = Buffer.alloc(64);
  header.write("GGUF", 0);
  header.writeUInt32LE(3, 4); // version
  header.writeBigUInt64LE(5n, 8); // tensors
  header.writeBigUInt64LE(1n, 16); // metadata entries
  header.writeBigUInt64LE(0xff_ffff_ffffn, 24); // the first key's length: impossible
  const corrupt = path.join(dir, "corrupt.gguf");
  await writeFile(corrupt, header);
  const error = await loadError(corrupt);
  assert.equal(error.code, "model-file");
  assert.equal(error.fileProblem, "corrupt");
});

test("a script file that is not a script is refused when loading, naming the file", async () => {
  const bad = path.join(dir, "bad-script.json");
  await writeFile(bad, JSON.stringify({ replies: ["hi"] }));
  await assert.rejects(loadEngine({ modelPath, gpu: false, threads: 1, contextSize: 1024, script: bad }), (error: EngineError) => {
    assert.equal(error.code, "script-invalid");
    assert.match(error.message, /bad-script\.json must look like \{"responses"/);
    return true;
  });
});
