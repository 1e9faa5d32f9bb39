// The gpt-oss shape check: every hyperparameter in range and consistent with every tensor, before
// llama.cpp sees the file. llama.cpp trusts the header: a head count of 0, more experts used than
// exist or a block count the tensors do not back abort the whole process (GGML_ASSERT) during the
// load, so a file that passes the GGUF reader can still take the extension host down. We load one
// architecture, so we can check it fully; the engine's child process is the second line of defence.
// Pure: it works on a header already read (reader.ts).
import { ggmlType } from "./ggmlTypes";
import type { GgufFile, GgufTensorInfo } from "./reader";

const ARCH = "gpt-oss";

/**
 * Bounds far above any real gpt-oss (the 120b: embedding 2880, 36 blocks, 128 experts, 64 heads,
 * context 131,072) and below llama.cpp's own limits (LLAMA_MAX_LAYERS 512, LLAMA_MAX_EXPERTS:
 * asserted, not checked) and what makes its size arithmetic overflow.
 */
const MAX = {
  embedding: 1 << 16,
  blocks: 256,
  heads: 1024,
  headDim: 1024,
  experts: 256,
  feedForward: 1 << 18,
  context: 1 << 24,
  vocabulary: 1 << 22,
} as const;

/** The rope scaling types llama.cpp knows (llama_rope_scaling_type_from_string). */
const ROPE_SCALING_TYPES = ["none", "linear", "yarn", "longrope"];

/** The hyperparameters the graph uses, read and range-checked. */
interface Shape {
  embedding: number;
  blocks: number;
  heads: number;
  headsKv: number;
  headDim: number;
  experts: number;
  expertsUsed: number;
  expertFeedForward: number;
  vocabulary: number;
}

/** Thrown inside the check; its message is the first inconsistency. */
class ShapeProblem extends Error {}

/**
 * The first inconsistency between a gpt-oss file's hyperparameters and its tensors, in words a
 * user can act on; undefined when the file is a well-formed gpt-oss model. Files of another
 * architecture, and parts of a split model (whose tensors are in other files), are not checked.
 */
export function checkGptOssShape(file: GgufFile): string | undefined {
  if (file.metadata.get("general.architecture") !== ARCH) return undefined;
  const splitCount = file.metadata.get("split.count");
  if (typeof splitCount === "number" && splitCount > 1) return undefined;
  try {
    const shape = readShape(file);
    checkTensors(file, shape);
    return undefined;
  } catch (error) {
    if (error instanceof ShapeProblem) return error.message;
    throw error;
  }
}

function readShape(file: GgufFile): Shape {
  const key = (name: string) => `${ARCH}.${name}`;
  const int = (name: string, min: number, max: number): number => {
    const value = file.metadata.get(key(name));
    if (value === undefined) throw new ShapeProblem(`${key(name)} is missing`);
    if (typeof value !== "number" || !Number.isInteger(value)) throw new ShapeProblem(`${key(name)} is ${describe(value)}, not an integer`);
    if (value < min || value > max) throw new ShapeProblem(`${key(name)} is ${value}, outside ${min}..${max}`);
    return value;
  };
  const real = (name: string, check: (value: number) => boolean, expected: string, optional = false): void => {
    const value = file.metadata.get(key(name));
    if (value === undefined && optional) return;
    if (value === undefined) throw new ShapeProblem(`${key(name)} is missing`);
    if (typeof value !== "number" || !Number.isFinite(value) || !check(value)) throw new ShapeProblem(`${key(name)} is ${describe(value)}, expected ${expected}`);
  };

  const context = int("context_length", 1, MAX.context);
  const embedding = int("embedding_length", 1, MAX.embedding);
  const blocks = int("block_count", 1, MAX.blocks);
  const heads = int("attention.head_count", 1, MAX.heads);
  const headsKv = int("attention.head_count_kv", 1, MAX.heads);
  if (heads % headsKv !== 0) throw new ShapeProblem(`${key("attention.head_count")} (${heads}) is not a multiple of ${key("attention.head_count_kv")} (${headsKv})`);
  const headDim = int("attention.key_length", 2, MAX.headDim);
  const valueDim = int("attention.value_length", 2, MAX.headDim);
  if (valueDim !== headDim) throw new ShapeProblem(`${key("attention.value_length")} (${valueDim}) differs from ${key("attention.key_length")} (${headDim})`);
  const experts = int("expert_count", 1, MAX.experts);
  const expertsUsed = int("expert_used_count", 1, MAX.experts);
  if (expertsUsed > experts) throw new ShapeProblem(`${key("expert_used_count")} (${expertsUsed}) is larger than ${key("expert_count")} (${experts})`);
  const expertFeedForward = int("expert_feed_forward_length", 1, MAX.feedForward);
  if (file.metadata.has(key("feed_forward_length"))) int("feed_forward_length", 1, MAX.feedForward);
  const window = int("attention.sliding_window", 1, MAX.context);
  if (window > context) throw new ShapeProblem(`${key("attention.sliding_window")} (${window}) is larger than ${key("context_length")} (${context})`);
  const ropeDims = int("rope.dimension_count", 2, MAX.headDim);
  if (ropeDims % 2 !== 0 || ropeDims > headDim) {
    throw new ShapeProblem(`${key("rope.dimension_count")} is ${ropeDims}: rotary dimensions must be even and at most the head size (${headDim})`);
  }
  real("rope.freq_base", (v) => v > 0, "a positive number");
  real("attention.layer_norm_rms_epsilon", (v) => v > 0 && v < 1, "a small positive number");
  real("rope.scaling.factor", (v) => v >= 1 && v <= 1024, "a factor between 1 and 1024", true);
  // llama.cpp asserts on a scaling type it does not know (found: "bogus" aborts the load).
  const scaling = file.metadata.get(key("rope.scaling.type"));
  if (scaling !== undefined && !(typeof scaling === "string" && ROPE_SCALING_TYPES.includes(scaling))) {
    throw new ShapeProblem(`${key("rope.scaling.type")} is ${describe(scaling)}, not one of ${ROPE_SCALING_TYPES.join(", ")}`);
  }
  if (file.metadata.has(key("rope.scaling.original_context_length"))) int("rope.scaling.original_context_length", 1, MAX.context);

  const tokens = file.metadata.get("tokenizer.ggml.tokens");
  if (typeof tokens !== "object") throw new ShapeProblem("tokenizer.ggml.tokens (the vocabulary) is missing");
  if (tokens.length < 1 || tokens.length > MAX.vocabulary) throw new ShapeProblem(`the vocabulary has ${tokens.length} tokens, outside 1..${MAX.vocabulary}`);
  for (const special of ["bos", "eos", "padding"]) {
    const id = file.metadata.get(`tokenizer.ggml.${special}_token_id`);
    if (typeof id === "number" && (id < 0 || id >= tokens.length)) {
      throw new ShapeProblem(`tokenizer.ggml.${special}_token_id is ${id}, outside the vocabulary of ${tokens.length} tokens`);
    }
  }
  return { embedding, blocks, heads, headsKv, headDim, experts, expertsUsed, expertFeedForward, vocabulary: tokens.length };
}

/** Weights may be any known type whose blocks tile a row; vectors (norms, biases, sinks) are float. */
type Kind = "matrix" | "vector";

function expectedTensors(s: Shape): Map<string, { dims: number[]; kind: Kind }> {
  const E = s.embedding, V = s.vocabulary, X = s.experts, F = s.expertFeedForward;
  const q = s.heads * s.headDim, kv = s.headsKv * s.headDim;
  const expected = new Map<string, { dims: number[]; kind: Kind }>();
  const add = (name: string, dims: number[], kind: Kind) => expected.set(name, { dims, kind });
  add("token_embd.weight", [E, V], "matrix");
  add("output_norm.weight", [E], "vector");
  add("output.weight", [E, V], "matrix");
  for (let block = 0; block < s.blocks; block++) {
    const b = `blk.${block}.`;
    add(`${b}attn_norm.weight`, [E], "vector");
    add(`${b}post_attention_norm.weight`, [E], "vector");
    add(`${b}attn_q.weight`, [E, q], "matrix");
    add(`${b}attn_q.bias`, [q], "vector");
    add(`${b}attn_k.weight`, [E, kv], "matrix");
    add(`${b}attn_k.bias`, [kv], "vector");
    add(`${b}attn_v.weight`, [E, kv], "matrix");
    add(`${b}attn_v.bias`, [kv], "vector");
    add(`${b}attn_output.weight`, [q, E], "matrix");
    add(`${b}attn_output.bias`, [E], "vector");
    add(`${b}attn_sinks.weight`, [s.heads], "vector");
    add(`${b}ffn_gate_inp.weight`, [E, X], "matrix");
    add(`${b}ffn_gate_inp.bias`, [X], "vector");
    add(`${b}ffn_gate_exps.weight`, [E, F, X], "matrix");
    add(`${b}ffn_gate_exps.bias`, [F, X], "vector");
    add(`${b}ffn_up_exps.weight`, [E, F, X], "matrix");
    add(`${b}ffn_up_exps.bias`, [F, X], "vector");
    add(`${b}ffn_down_exps.weight`, [F, E, X], "matrix");
    add(`${b}ffn_down_exps.bias`, [E, X], "vector");
  }
  return expected;
}

const FLOAT_TYPES = new Set(["F32", "F16", "BF16"]);

function checkTensors(file: GgufFile, shape: Shape): void {
  const blocksInFile = new Set<number>();
  for (const tensor of file.tensors) {
    const match = /^blk\.(\d+)\./.exec(tensor.name);
    if (match) blocksInFile.add(Number(match[1]));
  }
  const highest = blocksInFile.size ? Math.max(...blocksInFile) + 1 : 0;
  if (highest !== shape.blocks) {
    throw new ShapeProblem(`gpt-oss.block_count is ${shape.blocks} but the file has tensors for ${highest} block${highest === 1 ? "" : "s"}`);
  }

  const expected = expectedTensors(shape);
  const seen = new Set<string>();
  for (const tensor of file.tensors) {
    if (seen.has(tensor.name)) throw new ShapeProblem(`the tensor ${tensor.name} appears twice`);
    seen.add(tensor.name);
    const want = expected.get(tensor.name);
    if (!want) throw new ShapeProblem(`the tensor ${tensor.name} is not part of a gpt-oss model`);
    checkTensor(tensor, want.dims, want.kind, shape);
  }
  for (const name of expected.keys()) if (!seen.has(name)) throw new ShapeProblem(`the tensor ${name} is missing`);
}

function checkTensor(tensor: GgufTensorInfo, dims: number[], kind: Kind, shape: Shape): void {
  if (!sameDims(tensor.dims, dims)) {
    throw new ShapeProblem(`the tensor ${tensor.name} is [${tensor.dims.join(", ")}] but the hyperparameters make it [${dims.join(", ")}] (${explainDims(tensor.name, shape)})`);
  }
  const type = ggmlType(tensor.type);
  if (!type) throw new ShapeProblem(`the tensor ${tensor.name} has ggml type ${tensor.type}, which llama.cpp's gpt-oss graph does not know`);
  if (kind === "vector" && !FLOAT_TYPES.has(type.name)) throw new ShapeProblem(`the tensor ${tensor.name} is ${type.name}; norms, biases and sinks must be F32, F16 or BF16`);
  if (dims[0]! % type.blockSize !== 0) {
    throw new ShapeProblem(`the tensor ${tensor.name} is ${type.name} (blocks of ${type.blockSize}) but its rows hold ${dims[0]} values, not a whole number of blocks`);
  }
}

function sameDims(actual: number[], expected: number[]): boolean {
  // ggml ignores trailing dimensions of 1.
  const trim = (dims: number[]) => {
    const out = [...dims];
    while (out.length > 1 && out[out.length - 1] === 1) out.pop();
    return out;
  };
  const a = trim(actual), b = trim(expected);
  return a.length === b.length && a.every((dim, i) => dim === b[i]);
}

/** Which hyperparameters a tensor's dimensions come from, so the message points at the right key. */
function explainDims(name: string, s: Shape): string {
  const E = `embedding_length ${s.embedding}`;
  if (/^(token_embd|output)\.weight$/.test(name)) return `${E}, vocabulary ${s.vocabulary}`;
  if (/attn_(q|output)\./.test(name)) return `${E}, head_count ${s.heads} x key_length ${s.headDim}`;
  if (/attn_(k|v)\./.test(name)) return `${E}, head_count_kv ${s.headsKv} x key_length ${s.headDim}`;
  if (/attn_sinks/.test(name)) return `head_count ${s.heads}`;
  if (/ffn_gate_inp/.test(name)) return `${E}, expert_count ${s.experts}`;
  if (/_exps\./.test(name)) return `${E}, expert_feed_forward_length ${s.expertFeedForward}, expert_count ${s.experts}`;
  return E;
}

function describe(value: unknown): string {
  if (typeof value === "object" && value !== null) return "an array";
  if (typeof value === "string") return JSON.stringify(value);
  return String(value);
}
