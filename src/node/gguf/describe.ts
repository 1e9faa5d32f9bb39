// What a person (or the engine) wants to know about a model file, derived from its GGUF header:
// what it is, how big, how it is quantized, and whether it is a gpt-oss model that speaks harmony.
import { fileTypeName } from "./ggmlTypes";
import { readGguf, type GgufFile, type GgufValue } from "./reader";

/** Token arrays `describeModel` needs in full; pass them to `readGguf` (or use `readModelDescription`). */
export const DESCRIBE_KEEP_ARRAYS = ["tokenizer.ggml.tokens", "tokenizer.ggml.token_type"] as const;

/** The harmony tokens gpt-oss needs, at their o200k_harmony ids. */
export const HARMONY_SPECIAL_TOKENS: Readonly<Record<string, number>> = {
  "<|startoftext|>": 199998,
  "<|endoftext|>": 199999,
  "<|return|>": 200002,
  "<|constrain|>": 200003,
  "<|channel|>": 200005,
  "<|start|>": 200006,
  "<|end|>": 200007,
  "<|message|>": 200008,
  "<|call|>": 200012,
};

/** llama.cpp token type of special (control) tokens. */
const TOKEN_TYPE_CONTROL = 3;

export interface ModelDescription {
  path: string;
  fileSize: number;
  ggufVersion: number;
  architecture: string | undefined;
  name: string | undefined;
  /** Sum of the tensors' element counts (for a split model, of this part only). */
  parameters: number;
  /** "Q8_0", "MXFP4_MOE", ...: from general.file_type, else the type holding most tensor data. */
  quantization: string | undefined;
  /** Tensor data per ggml type, largest first. */
  tensorTypes: Array<{ type: string; tensors: number; bytes: number }>;
  contextLength: number | undefined;
  embeddingLength: number | undefined;
  blockCount: number | undefined;
  expertCount: number | undefined;
  expertUsedCount: number | undefined;
  /** Present when the model is split over several files. */
  split: { index: number; count: number } | undefined;
  tokenizer: {
    model: string | undefined;
    pre: string | undefined;
    vocabularySize: number | undefined;
    /** Control tokens (token type 3), when the token types were read. */
    controlTokenCount: number | undefined;
    /** Special tokens with names (`<|...|>` but not `<|reserved_N|>`) and their ids. */
    specialTokens: Record<string, number>;
    bosTokenId: number | undefined;
    eosTokenId: number | undefined;
    hasChatTemplate: boolean;
  };
  gptOss: {
    /** Architecture gpt-oss with every harmony special token at its expected id. */
    compatible: boolean;
    /** What is wrong when it is not, in words. */
    problems: string[];
  };
}

/** Reads the header (with the token arrays) and describes the model. Throws GgufError. */
export async function readModelDescription(path: string): Promise<ModelDescription> {
  return describeModel(await readGguf(path, { keepArrays: DESCRIBE_KEEP_ARRAYS }));
}

export function describeModel(file: GgufFile): ModelDescription {
  const architecture = stringValue(file, "general.architecture");
  const arch = (key: string) => numberValue(file, `${architecture}.${key}`);
  const tokens = arrayItems(file, "tokenizer.ggml.tokens");
  const tokenTypes = arrayItems(file, "tokenizer.ggml.token_type");
  const specialTokens = namedSpecialTokens(tokens);
  const fileType = numberValue(file, "general.file_type");
  const tensorTypes = tensorTypeSummary(file);
  const splitCount = numberValue(file, "split.count");
  const chatTemplate = stringValue(file, "tokenizer.chat_template");

  return {
    path: file.path,
    fileSize: file.fileSize,
    ggufVersion: file.version,
    architecture,
    name: stringValue(file, "general.name"),
    parameters: file.tensors.reduce((sum, tensor) => sum + tensor.elements, 0),
    quantization: (fileType !== undefined ? fileTypeName(fileType) : undefined) ?? tensorTypes[0]?.type,
    tensorTypes,
    contextLength: arch("context_length"),
    embeddingLength: arch("embedding_length"),
    blockCount: arch("block_count"),
    expertCount: arch("expert_count"),
    expertUsedCount: arch("expert_used_count"),
    split: splitCount && splitCount > 1 ? { index: numberValue(file, "split.no") ?? 0, count: splitCount } : undefined,
    tokenizer: {
      model: stringValue(file, "tokenizer.ggml.model"),
      pre: stringValue(file, "tokenizer.ggml.pre"),
      vocabularySize: arrayLength(file, "tokenizer.ggml.tokens"),
      controlTokenCount: tokenTypes?.filter((type) => type === TOKEN_TYPE_CONTROL).length,
      specialTokens,
      bosTokenId: numberValue(file, "tokenizer.ggml.bos_token_id"),
      eosTokenId: numberValue(file, "tokenizer.ggml.eos_token_id"),
      hasChatTemplate: chatTemplate !== undefined,
    },
    gptOss: gptOssCheck(architecture, tokens),
  };
}

function gptOssCheck(architecture: string | undefined, tokens: GgufValue[] | undefined): ModelDescription["gptOss"] {
  const problems: string[] = [];
  if (architecture !== "gpt-oss") problems.push(`the architecture is ${architecture ? `"${architecture}"` : "missing"}, not "gpt-oss"`);
  if (!tokens) {
    problems.push("the tokenizer's tokens were not read (or are missing)");
  } else {
    const expected = Object.entries(HARMONY_SPECIAL_TOKENS);
    const wrong = expected.filter(([text, id]) => tokens[id] !== text).map(([text, id]) => `${text} (${id})`);
    if (wrong.length === expected.length) problems.push("the tokenizer has none of the harmony special tokens (<|start|>, <|channel|>, <|message|>, ...)");
    else if (wrong.length) problems.push(`harmony special tokens missing or at other ids: ${wrong.join(", ")}`);
  }
  return { compatible: problems.length === 0, problems };
}

function namedSpecialTokens(tokens: GgufValue[] | undefined): Record<string, number> {
  const found: Record<string, number> = {};
  tokens?.forEach((token, id) => {
    if (typeof token === "string" && /^<\|[^|]+\|>$/.test(token) && !token.startsWith("<|reserved_")) found[token] = id;
  });
  return found;
}

function tensorTypeSummary(file: GgufFile): ModelDescription["tensorTypes"] {
  const byType = new Map<string, { type: string; tensors: number; bytes: number }>();
  for (const tensor of file.tensors) {
    const type = tensor.typeName ?? `type ${tensor.type}`;
    const entry = byType.get(type) ?? { type, tensors: 0, bytes: 0 };
    entry.tensors++;
    entry.bytes += tensor.bytes ?? 0;
    byType.set(type, entry);
  }
  return [...byType.values()].sort((a, b) => b.bytes - a.bytes);
}

function stringValue(file: GgufFile, key: string): string | undefined {
  const value = file.metadata.get(key);
  return typeof value === "string" ? value : undefined;
}

function numberValue(file: GgufFile, key: string): number | undefined {
  const value = file.metadata.get(key);
  return typeof value === "number" ? value : undefined;
}

function arrayItems(file: GgufFile, key: string): GgufValue[] | undefined {
  const value = file.metadata.get(key);
  return typeof value === "object" ? value.items : undefined;
}

function arrayLength(file: GgufFile, key: string): number | undefined {
  const value = file.metadata.get(key);
  return typeof value === "object" ? value.length : undefined;
}
