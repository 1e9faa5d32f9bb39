// describeModel: the facts `info` and the engine show about a model, derived from its header,
// and the check that a file is a gpt-oss model speaking harmony.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import { HARMONY_SPECIAL_TOKENS, readModelDescription, type ModelDescription } from "../../src/node/gguf/index";
import { encodeGguf, type GgufKv, type GgufTensor } from "../fixtures/tiny-model/ggufWriter";
import { GgmlType } from "../fixtures/tiny-model/weights";

const dir = mkdtempSync(path.join(tmpdir(), "gguf-describe-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const MXFP4 = 39;
const VOCABULARY = 201088;

/** gpt-oss's vocabulary shape: placeholder text tokens, then control tokens from 199998 on. */
function harmonyTokens(): { tokens: string[]; types: number[] } {
  const tokens = Array.from({ length: VOCABULARY }, (_, id) => (id < 199998 ? `t${id}` : `<|reserved_${id}|>`));
  for (const [text, id] of Object.entries(HARMONY_SPECIAL_TOKENS)) tokens[id] = text;
  return { tokens, types: tokens.map((_, id) => (id < 199998 ? 1 : 3)) };
}

interface ModelSpec {
  architecture?: string;
  fileType?: number;
  tokens?: string[];
  tokenTypes?: number[];
  extra?: Array<[string, GgufKv]>;
}

let fileCount = 0;
async function describeFile(spec: ModelSpec = {}): Promise<ModelDescription> {
  const architecture = spec.architecture ?? "gpt-oss";
  const harmony = harmonyTokens();
  const metadata: Array<[string, GgufKv]> = [
    ["general.architecture", { type: "string", value: architecture }],
    ["general.name", { type: "string", value: "Gpt Oss 20b" }],
    [`${architecture}.context_length`, { type: "u32", value: 131072 }],
    [`${architecture}.embedding_length`, { type: "u32", value: 2880 }],
    [`${architecture}.block_count`, { type: "u32", value: 24 }],
    [`${architecture}.expert_count`, { type: "u32", value: 32 }],
    [`${architecture}.expert_used_count`, { type: "u32", value: 4 }],
    ["tokenizer.ggml.model", { type: "string", value: "gpt2" }],
    ["tokenizer.ggml.pre", { type: "string", value: "gpt-4o" }],
    ["tokenizer.ggml.tokens", { type: "string[]", value: spec.tokens ?? harmony.tokens }],
    ["tokenizer.ggml.token_type", { type: "i32[]", value: spec.tokenTypes ?? harmony.types }],
    ["tokenizer.ggml.bos_token_id", { type: "u32", value: 199998 }],
    ["tokenizer.ggml.eos_token_id", { type: "u32", value: 200002 }],
    ...(spec.fileType !== undefined ? [["general.file_type", { type: "u32", value: spec.fileType }] as [string, GgufKv]] : []),
    ...(spec.extra ?? []),
  ];
  const tensors: GgufTensor[] = [
    { name: "token_embd.weight", dims: [32, 16], type: GgmlType.Q8_0, data: new Uint8Array(16 * 34) },
    { name: "blk.0.ffn_up_exps.weight", dims: [32, 4, 4], type: MXFP4, data: new Uint8Array(16 * 17) },
    { name: "output_norm.weight", dims: [32], type: GgmlType.F32, data: new Uint8Array(128) },
  ];
  const file = path.join(dir, `model-${++fileCount}.gguf`);
  writeFileSync(file, Buffer.concat(encodeGguf(metadata, tensors)));
  return readModelDescription(file);
}

test("derives the architecture, name and shape from the metadata", async () => {
  const model = await describeFile();
  assert.equal(model.architecture, "gpt-oss");
  assert.equal(model.name, "Gpt Oss 20b");
  assert.equal(model.contextLength, 131072);
  assert.equal(model.embeddingLength, 2880);
  assert.equal(model.blockCount, 24);
  assert.equal(model.expertCount, 32);
  assert.equal(model.expertUsedCount, 4);
  assert.equal(model.ggufVersion, 3);
});

test("counts parameters as the sum of the tensors' elements", async () => {
  const model = await describeFile();
  assert.equal(model.parameters, 32 * 16 + 32 * 4 * 4 + 32);
});

test("names the quantization from general.file_type", async () => {
  const model = await describeFile({ fileType: 38 });
  assert.equal(model.quantization, "MXFP4_MOE");
});

test("without general.file_type, names the tensor type that holds the most data", async () => {
  const model = await describeFile();
  assert.equal(model.quantization, "Q8_0");
  assert.deepEqual(
    model.tensorTypes.map(({ type, tensors }) => ({ type, tensors })),
    [
      { type: "Q8_0", tensors: 1 },
      { type: "MXFP4", tensors: 1 },
      { type: "F32", tensors: 1 },
    ],
  );
});

test("reports the tokenizer kind, vocabulary size and control-token count", async () => {
  const { tokenizer } = await describeFile();
  assert.equal(tokenizer.model, "gpt2");
  assert.equal(tokenizer.pre, "gpt-4o");
  assert.equal(tokenizer.vocabularySize, 201088);
  assert.equal(tokenizer.controlTokenCount, 1090);
  assert.equal(tokenizer.bosTokenId, 199998);
  assert.equal(tokenizer.eosTokenId, 200002);
  assert.equal(tokenizer.hasChatTemplate, false);
});

test("lists the named special tokens with their ids, leaving out the reserved ones", async () => {
  const { tokenizer } = await describeFile();
  assert.deepEqual(tokenizer.specialTokens, HARMONY_SPECIAL_TOKENS);
});

test("recognises gpt-oss: the architecture and every harmony token at its id", async () => {
  const model = await describeFile();
  assert.deepEqual(model.gptOss, { compatible: true, problems: [] });
});

test("says a model of another architecture is not gpt-oss", async () => {
  const model = await describeFile({ architecture: "llama" });
  assert.equal(model.gptOss.compatible, false);
  assert.deepEqual(model.gptOss.problems, ['the architecture is "llama", not "gpt-oss"']);
});

test("says which harmony tokens are missing or moved", async () => {
  const { tokens, types } = harmonyTokens();
  tokens[200012] = "<|reserved_200012|>";
  const model = await describeFile({ tokens, tokenTypes: types });
  assert.equal(model.gptOss.compatible, false);
  assert.deepEqual(model.gptOss.problems, ["harmony special tokens missing or at other ids: <|call|> (200012)"]);
});

test("marks one part of a split model", async () => {
  const model = await describeFile({
    extra: [
      ["split.no", { type: "u32", value: 0 }],
      ["split.count", { type: "u32", value: 2 }],
    ],
  });
  assert.deepEqual(model.split, { index: 0, count: 2 });
});
