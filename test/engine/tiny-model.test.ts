// The tiny gpt-oss model every engine test runs on: it is deterministic, it is what `info` and
// node-llama-cpp both take for gpt-oss, it tokenizes exactly like the real o200k_harmony
// tokenizer, and a scripted bias makes it say exactly what a test wants.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { after, before, test } from "node:test";
import { encode as encodeO200kBase } from "gpt-tokenizer/encoding/o200k_base";
import type { LlamaContext, Token } from "node-llama-cpp" with { "resolution-mode": "import" };
import type { CliIO } from "../../src/cli/command";
import { main } from "../../src/cli/main";
import { HARMONY_SPECIAL_TOKENS, readGguf } from "../../src/node/gguf/index";
import { scriptBias } from "../helpers/script";
import { loadTinyModel, type LoadedTinyModel } from "../helpers/tinyModel";

/**
 * sha256 of the default tiny model (seed 1). The generator draws integer noise from a seeded
 * PRNG, so this holds on every machine. If you change the generator on purpose, bump
 * GENERATOR_VERSION in test/fixtures/tiny-model/config.ts and record the new hash here.
 */
const DEFAULT_MODEL_SHA256 = "605535a45c3b3121a33e9a57b43ef34a5f33b16c32eb330c8ef23272380be1d3";

const RETURN = 200002 as Token;
const CALL = 200012 as Token;
const END = 200007 as Token;

let tiny: LoadedTinyModel;
let context: LlamaContext;

before(async () => {
  tiny = await loadTinyModel();
  // threads: 1 always; node-llama-cpp's default is ~200x slower on small machines.
  context = await tiny.model.createContext({ threads: 1, contextSize: 1024, sequences: 4 });
});

after(async () => {
  await context?.dispose();
  await tiny?.dispose();
});

async function sha256(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** Generates on a fresh sequence with the script's bias until the script runs out. */
async function generateScripted(prompt: string, reply: string, temperature = 0): Promise<{ tokens: Token[]; endToken: Token | undefined }> {
  const { model } = tiny;
  const script = await scriptBias(model, reply);
  const sequence = context.getSequence();
  try {
    const tokens: Token[] = [];
    for await (const token of sequence.evaluate(model.tokenize(prompt, true), { temperature, seed: 7, tokenBias: script.tokenBias, yieldEogToken: true })) {
      tokens.push(token);
      if (script.done || tokens.length > 500) break;
    }
    return { tokens, endToken: script.endToken };
  } finally {
    sequence.dispose();
  }
}

const PROMPT = "<|start|>system<|message|>You are ChatGPT.\nReasoning: low<|end|><|start|>user<|message|>Say hello.<|end|><|start|>assistant";
const REPLY = "<|channel|>analysis<|message|>Thinking.<|end|><|start|>assistant<|channel|>final<|message|>Hello!";

test("the default model is byte-identical to the recorded one (same seed, same file)", async () => {
  assert.equal(await sha256(tiny.path), DEFAULT_MODEL_SHA256);
});

test("info describes it as gpt-oss with the 201,088-token harmony vocabulary", async () => {
  let out = "";
  const io: CliIO = { out: (text) => (out += text), err: (text) => assert.fail(text) };
  assert.equal(await main(["info", tiny.path], io), 0);
  assert.match(out, /Architecture +gpt-oss\n/);
  assert.match(out, /Tokenizer +gpt2 \/ gpt-4o, 201,088 tokens\n/);
  assert.match(out, /Context +131,072 tokens\n/);
  assert.match(out, /gpt-oss +yes \(harmony special tokens ok\)/);
});

test("it is typed as ggml-org's gpt-oss GGUFs: MXFP4 experts, Q8_0 matrices, F32 vectors, and info says so", async () => {
  const file = await readGguf(tiny.path);
  const typeOf = (name: string) => file.tensors.find((t) => t.name === name)?.typeName;
  for (const name of ["ffn_gate_exps", "ffn_up_exps", "ffn_down_exps"]) assert.equal(typeOf(`blk.0.${name}.weight`), "MXFP4", name);
  for (const name of ["token_embd.weight", "output.weight", "blk.0.attn_q.weight", "blk.1.attn_output.weight"]) assert.equal(typeOf(name), "Q8_0", name);
  for (const name of ["blk.0.ffn_gate_inp.weight", "blk.0.attn_sinks.weight", "blk.0.ffn_down_exps.bias", "output_norm.weight"]) assert.equal(typeOf(name), "F32", name);
  let out = "";
  const io: CliIO = { out: (text) => (out += text), err: (text) => assert.fail(text) };
  assert.equal(await main(["info", tiny.path], io), 0);
  assert.match(out, /Quantization +MXFP4_MOE\n/);
  assert.match(out, /Tensor types +Q8_0 x10 \([^)]+\), MXFP4 x6 \([^)]+\), F32 x25/);
});

test("it carries the official chat template, and node-llama-cpp recognises gpt-oss by it", async () => {
  const { resolveChatWrapper, HarmonyChatWrapper } = await import("node-llama-cpp");
  const template = tiny.model.fileInfo.metadata.tokenizer.chat_template;
  assert.ok(typeof template === "string" && template.includes("<|start|>assistant"));
  assert.ok(resolveChatWrapper(tiny.model) instanceof HarmonyChatWrapper);
});

test("llama.cpp runs the MXFP4 expert path: free generation gives valid tokens, the same twice at temperature 0", async () => {
  const run = async () => {
    const sequence = context.getSequence();
    try {
      const tokens: Token[] = [];
      for await (const token of sequence.evaluate(tiny.model.tokenize(PROMPT, true), { temperature: 0, yieldEogToken: true })) {
        tokens.push(token);
        if (tokens.length >= 24 || tiny.model.isEogToken(token)) break;
      }
      return tokens;
    } finally {
      sequence.dispose();
    }
  };
  const first = await run();
  assert.ok(first.length > 0);
  for (const token of first) assert.ok(Number.isInteger(token) && token >= 0 && token < 201088, `token ${token}`);
  assert.deepEqual(await run(), first);
});

test("our GGUF reader agrees with node-llama-cpp's on metadata and tensors", async () => {
  const { readGgufFileInfo } = await import("node-llama-cpp");
  const theirs = await readGgufFileInfo(tiny.path, { logWarnings: false });
  const ours = await readGguf(tiny.path, { keepArrays: ["tokenizer.ggml.tokens"] });
  assert.equal(ours.version, theirs.version);
  assert.deepEqual(
    ours.tensors.map((t) => [t.name, t.dims, t.type, t.offset]),
    (theirs.fullTensorInfo ?? []).map((t) => [t.name, t.dimensions.map(Number), t.ggmlType, Number(t.offset)]),
  );
  assert.equal(ours.metadata.get("gpt-oss.context_length"), theirs.architectureMetadata.context_length);
  const tokens = ours.metadata.get("tokenizer.ggml.tokens");
  assert.ok(typeof tokens === "object");
  assert.deepEqual(tokens.items, theirs.metadata.tokenizer.ggml.tokens);
});

test("node-llama-cpp loads it as gpt-oss with the real special-token ids", () => {
  const { model } = tiny;
  assert.equal(model.fileInfo.metadata.general.architecture, "gpt-oss");
  assert.equal(model.trainContextSize, 131072);
  assert.equal(model.tokens.bos, 199998);
  assert.equal(model.tokens.eos, RETURN);
});

test("<|return|> and <|call|> end generation; <|end|> does not", () => {
  const { model } = tiny;
  assert.equal(model.isEogToken(RETURN), true);
  assert.equal(model.isEogToken(CALL), true);
  assert.equal(model.isEogToken(END), false);
});

test("harmony special tokens tokenize as single tokens with the real ids", () => {
  const tokens = tiny.model.tokenize("<|start|>assistant<|channel|>commentary to=functions.read_file <|constrain|>json<|message|>{}<|call|>", true);
  assert.deepEqual(tokens.slice(0, 3), [200006, 173781, 200005]);
  assert.equal(tokens.at(-1), CALL);
  assert.ok(tokens.includes(200003 as Token), "<|constrain|>");
  assert.ok(tokens.includes(200008 as Token), "<|message|>");
});

/**
 * o200k_harmony by hand: special tokens by their ids, the text between them by gpt-tokenizer's
 * o200k_base. (gpt-tokenizer 4.0.0's own o200k_harmony `encode` with `allowedSpecial` finds only a
 * special token that starts the text or follows another one directly: its sticky regex.)
 */
function referenceHarmonyTokens(text: string): number[] {
  return text.split(/(<\|[a-z_0-9]+\|>)/).flatMap((piece) => {
    const special = HARMONY_SPECIAL_TOKENS[piece];
    return special !== undefined ? [special] : encodeO200kBase(piece, { disallowedSpecial: new Set() });
  });
}

test("harmony text tokenizes as o200k_harmony: specials by id, the rest as o200k_base", () => {
  const text = `${PROMPT}${REPLY}<|end|><|start|>user<|message|>Thanks<|end|><|start|>assistant<|channel|>commentary to=functions.f <|constrain|>json<|message|>{"a": 1}<|call|>`;
  assert.deepEqual(tiny.model.tokenize(text, true), referenceHarmonyTokens(text));
});

test("plain text tokenizes exactly as gpt-tokenizer's o200k_base", () => {
  const samples = [
    "Hello, world! How are you doing today?",
    "function add(a: number, b: number): number {\n  return a + b;\n}\n",
    "    indented\n\n\n\ttabs\t\tand   spaces  ",
    "Numbers: 1234567890 3.14159 1e-10 0x1F",
    "I'm sure they'll say it's fine, won't they? HTTPServerError camelCaseIdentifier",
    "héllo wörld, naïve café, Ünïcödé",
    "你好，世界！こんにちは世界。안녕하세요",
    "emoji 👍🏽 and 🧑‍💻, math ∑∫√π, arrows ←→",
    "<|return|>, <|call|> and <|endoftext|> typed as text stay text",
  ];
  for (const text of samples) assert.deepEqual(tiny.model.tokenize(text, false), encodeO200kBase(text, { disallowedSpecial: new Set() }), text);
});

// A trap for whoever tokenizes untrusted text (file contents, user messages): llama.cpp marks
// these five harmony tokens "user-defined" for gpt-oss (so they detokenize as text), and
// user-defined tokens are parsed even when special tokens are off. The real model does the same.
test("five harmony tokens are parsed from text even with special tokens off", () => {
  const { model } = tiny;
  const parsed = ["<|start|>", "<|channel|>", "<|message|>", "<|constrain|>", "<|end|>"];
  for (const text of parsed) assert.deepEqual(model.tokenize(`x${text}y`, false), [87, HARMONY_SPECIAL_TOKENS[text], 88], text);
  for (const text of ["<|return|>", "<|call|>"]) assert.equal(model.tokenize(text, false).length, 5, text);
});

test("a scripted bias makes the model emit exactly the scripted harmony reply", async () => {
  const { tokens, endToken } = await generateScripted(PROMPT, `${REPLY}<|return|>`);
  assert.deepEqual(tokens, tiny.model.tokenize(REPLY, true));
  assert.equal(tiny.model.detokenize(tokens, true), REPLY);
  assert.equal(endToken, RETURN);
});

test("the scripted reply comes out the same at temperature 1 and 2", async () => {
  const expected = tiny.model.tokenize(REPLY, true);
  for (const temperature of [1, 2]) {
    const { tokens } = await generateScripted(PROMPT, REPLY, temperature);
    assert.deepEqual(tokens, expected, `temperature ${temperature}`);
  }
});

test("a script cannot hide an end-of-generation token in its middle", async () => {
  await assert.rejects(scriptBias(tiny.model, "<|channel|>final<|message|>Hi<|return|>more"), /before its end; a bias cannot force it/);
});
