// The gpt-oss shape check: each file whose header disagrees with its tensors (the ones that
// aborted llama.cpp with GGML_ASSERT, taking the whole process with it) is refused with the first
// inconsistency named, by `readModelDescription`, by `gpt-oss-local info` and by the loader,
// before node-llama-cpp opens it. Special files (FIFO, socket, device) are refused without
// blocking. The files are the tiny model with one thing changed.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import type { CliIO } from "../../src/cli/command";
import { main } from "../../src/cli/main";
import { GgufError, readModelDescription } from "../../src/node/gguf/index";
import { EngineError, loadEngine } from "../../src/engine/index";
import { writeCorruptTinyModel, type Corruption } from "../helpers/corruptModel";
import { tinyModelPath } from "../helpers/tinyModel";

const dir = mkdtempSync(path.join(tmpdir(), "gguf-shape-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const u32 = (value: number) => ({ type: "u32", value }) as const;

/** Each corruption with the reason the check must give (a pattern over its message). */
const cases: Array<{ name: string; corruption: Corruption; reason: RegExp }> = [
  {
    name: "head-count-0",
    corruption: { metadata: { "gpt-oss.attention.head_count": u32(0) } },
    reason: /^gpt-oss\.attention\.head_count is 0, outside 1\.\.\d+$/,
  },
  {
    name: "experts-used-over-count",
    corruption: { metadata: { "gpt-oss.expert_used_count": u32(5) } },
    reason: /^gpt-oss\.expert_used_count \(5\) is larger than gpt-oss\.expert_count \(4\)$/,
  },
  {
    name: "block-count-1000",
    corruption: { metadata: { "gpt-oss.block_count": u32(1000) } },
    reason: /^gpt-oss\.block_count is 1000, outside 1\.\.256$/,
  },
  {
    name: "block-count-3",
    corruption: { metadata: { "gpt-oss.block_count": u32(3) } },
    reason: /^gpt-oss\.block_count is 3 but the file has tensors for 2 blocks$/,
  },
  {
    name: "embedding-7",
    corruption: { metadata: { "gpt-oss.embedding_length": u32(7) } },
    reason: /^the tensor token_embd\.weight is \[64, 201088\] but the hyperparameters make it \[7, 201088\] \(embedding_length 7, vocabulary 201088\)$/,
  },
  {
    name: "expert-count-3",
    corruption: { metadata: { "gpt-oss.expert_count": u32(3) } },
    reason: /^the tensor blk\.0\.ffn_gate_inp\.weight is \[64, 4\] but the hyperparameters make it \[64, 3\]/,
  },
  {
    name: "kv-heads-not-divisor",
    corruption: { metadata: { "gpt-oss.attention.head_count_kv": u32(3) } },
    reason: /^gpt-oss\.attention\.head_count \(4\) is not a multiple of gpt-oss\.attention\.head_count_kv \(3\)$/,
  },
  {
    name: "head-size-32",
    corruption: { metadata: { "gpt-oss.attention.key_length": u32(32), "gpt-oss.attention.value_length": u32(32) } },
    reason: /^the tensor blk\.0\.attn_q\.weight is \[64, 64\] but the hyperparameters make it \[64, 128\] \(embedding_length 64, head_count 4 x key_length 32\)$/,
  },
  {
    name: "sliding-window-0",
    corruption: { metadata: { "gpt-oss.attention.sliding_window": u32(0) } },
    reason: /^gpt-oss\.attention\.sliding_window is 0, outside 1\.\.\d+$/,
  },
  {
    name: "rope-dims-odd",
    corruption: { metadata: { "gpt-oss.rope.dimension_count": u32(15) } },
    reason: /^gpt-oss\.rope\.dimension_count is 15: rotary dimensions must be even and at most the head size \(16\)$/,
  },
  {
    // Found by trying: this one passed an earlier version of the check and aborted llama.cpp
    // (GGML_ASSERT(hparams.rope_scaling_type_train != LLAMA_ROPE_SCALING_TYPE_UNSPECIFIED)).
    name: "rope-scaling-unknown",
    corruption: { metadata: { "gpt-oss.rope.scaling.type": { type: "string", value: "bogus" } } },
    reason: /^gpt-oss\.rope\.scaling\.type is "bogus", not one of none, linear, yarn, longrope$/,
  },
  {
    name: "sinks-missing",
    corruption: { tensors: (tensors) => tensors.filter((t) => t.name !== "blk.1.attn_sinks.weight") },
    reason: /^the tensor blk\.1\.attn_sinks\.weight is missing$/,
  },
  {
    name: "tensor-twice",
    corruption: { tensors: (tensors) => [...tensors, tensors.find((t) => t.name === "blk.0.attn_norm.weight")!] },
    reason: /^the tensor blk\.0\.attn_norm\.weight appears twice$/,
  },
  {
    name: "output-vocabulary-1000",
    corruption: {
      tensors: (tensors) => tensors.map((t) => (t.name === "output.weight" ? { ...t, dims: [64, 1000], data: t.data.subarray(0, 1000 * 2 * 34) } : t)),
    },
    reason: /^the tensor output\.weight is \[64, 1000\] but the hyperparameters make it \[64, 201088\]/,
  },
];

const files = new Map<string, string>();
before(() => {
  for (const { name, corruption } of cases) files.set(name, writeCorruptTinyModel(dir, `${name}.gguf`, corruption));
});

for (const { name, reason } of cases) {
  test(`shape check refuses ${name}`, async () => {
    const description = await readModelDescription(files.get(name)!);
    assert.match(description.gptOss.shapeProblem ?? "(passed)", reason);
  });
}

test("the loader refuses each issue file before node-llama-cpp opens it, naming the inconsistency", async () => {
  for (const { name, reason } of cases.slice(0, 4)) {
    const file = files.get(name)!;
    await assert.rejects(loadEngine({ modelPath: file, gpu: false, threads: 1, script: false }), (error: unknown) => {
      assert.ok(error instanceof EngineError, String(error));
      assert.equal(error.code, "model-file");
      assert.equal(error.fileProblem, "corrupt");
      const [, problem] = /cannot be loaded: (.*)\. The file is damaged/.exec(error.message) ?? [];
      assert.match(problem ?? error.message, reason);
      assert.match(error.message, /choose another gpt-oss \.gguf file/);
      return true;
    });
  }
});

async function info(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const io: CliIO = { out: (text) => (out += `${text}\n`), err: (text) => (err += `${text}\n`) };
  return { code: await main(["info", ...args], io), out, err };
}

test("gpt-oss-local info names the inconsistency and exits 1", async () => {
  const result = await info(files.get("block-count-3")!);
  assert.equal(result.code, 1);
  assert.match(result.out, /Shape\s+inconsistent: gpt-oss\.block_count is 3 but the file has tensors for 2 blocks/);
  assert.match(result.err, /cannot be loaded: gpt-oss\.block_count is 3/);
});

test("the real tiny model passes the shape check", async () => {
  const file = await tinyModelPath();
  const description = await readModelDescription(file);
  assert.equal(description.gptOss.shapeProblem, undefined);
  assert.equal(description.gptOss.compatible, true, description.gptOss.problems.join("; "));
  const result = await info(file);
  assert.equal(result.code, 0);
  assert.match(result.out, /Shape\s+consistent/);
});

/** The model loader's file check must refuse a special file at once, never block on opening it. */
async function assertRefusedAsSpecial(file: string, kind: RegExp): Promise<void> {
  await assert.rejects(readModelDescription(file), (error: unknown) => {
    assert.ok(error instanceof GgufError, String(error));
    assert.equal(error.code, "not-a-file");
    assert.match(error.message, kind);
    return true;
  });
  await assert.rejects(loadEngine({ modelPath: file, gpu: false, threads: 1, script: false }), (error: unknown) => {
    assert.ok(error instanceof EngineError && error.code === "model-file" && error.fileProblem === "not-a-file", String(error));
    return true;
  });
}

test("a FIFO named x.gguf is refused without blocking", async () => {
  const fifo = path.join(dir, "x.gguf");
  execFileSync("mkfifo", [fifo]);
  // No writer ever opens it: a plain open() would wait forever and this test would time out.
  await assertRefusedAsSpecial(fifo, /is a named pipe \(FIFO\), not a model file/);
});

test("a socket and a device are refused", async () => {
  const socketPath = path.join(dir, "s.gguf");
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  try {
    await assertRefusedAsSpecial(socketPath, /is a socket, not a model file/);
  } finally {
    server.close();
  }
  await assertRefusedAsSpecial("/dev/zero", /is a device, not a model file/);
});
