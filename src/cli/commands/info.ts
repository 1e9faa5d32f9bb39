// `gpt-oss-local info <model.gguf> [--json]`: what a model file is, read from its header alone,
// and whether it is complete and a gpt-oss model. Handy before a long load, or after a download.
import { formatBytes, formatCount } from "../../core/format";
import { GgufError, readModelDescription, type ModelDescription } from "../../node/gguf/index";
import { CliError, UsageError, type CliCommand } from "../command";

export const infoCommand: CliCommand = {
  name: "info",
  summary: "Describe a GGUF model file and check it is complete and gpt-oss",
  usage: [
    "Usage: gpt-oss-local info <model.gguf> [--json]",
    "",
    "Reads the file's header (not its weights) and prints the architecture, size, quantization,",
    "context length and tokenizer, and whether it is a gpt-oss model with the harmony tokens.",
    "Exits with 1 if the file is missing, cut off, or not a GGUF model.",
    "",
    "  --json   print the description as JSON",
  ].join("\n"),

  async run(args, io) {
    const json = args.includes("--json");
    const unknown = args.find((arg) => arg.startsWith("-") && arg !== "--json");
    if (unknown) throw new UsageError(`unknown option "${unknown}".`);
    const paths = args.filter((arg) => arg !== "--json");
    if (paths.length === 0) throw new UsageError("which model file? Give the path of a .gguf file.");
    if (paths.length > 1) throw new UsageError(`one model file at a time (got ${paths.length}).`);

    let description: ModelDescription;
    try {
      description = await readModelDescription(paths[0]!);
    } catch (error) {
      if (error instanceof GgufError) throw new CliError(error.message);
      throw error;
    }
    io.out(json ? JSON.stringify(description, null, 2) : formatDescription(description));
    return 0;
  },
};

/** The readable summary: one aligned "label  value" line per fact; lists wrap under their value. */
export function formatDescription(model: ModelDescription): string {
  const rows: Array<[string, string | string[] | undefined]> = [
    ["File", model.path],
    ["Size", `${formatBytes(model.fileSize)} (${number(model.fileSize)} bytes)`],
    ["Architecture", model.architecture ?? "unknown"],
    ["Parameters", `${formatCount(model.parameters)}${model.split ? ` in this file (part ${model.split.index + 1} of ${model.split.count})` : ""}`],
    ["Quantization", model.quantization],
    ["Tensor types", tensorTypesList(model)],
    ["Context", model.contextLength !== undefined ? `${number(model.contextLength)} tokens` : undefined],
    ["Embedding", model.embeddingLength !== undefined ? number(model.embeddingLength) : undefined],
    ["Blocks", model.blockCount !== undefined ? number(model.blockCount) : undefined],
    ["Experts", model.expertCount !== undefined ? `${model.expertCount}${model.expertUsedCount !== undefined ? ` (${model.expertUsedCount} per token)` : ""}` : undefined],
    ["Tokenizer", tokenizerLine(model)],
    ["Special tokens", specialTokensList(model.tokenizer)],
    ["gpt-oss", model.gptOss.compatible ? "yes (harmony special tokens ok)" : `no: ${model.gptOss.problems.join("; ")}`],
  ];
  const shown = rows.filter((row): row is [string, string | string[]] => row[1] !== undefined);
  const width = Math.max(...shown.map(([label]) => label.length));
  const indent = " ".repeat(width + 4);
  const lines = shown.map(([label, value]) => {
    const text = typeof value === "string" ? value : wrapList(value, LINE_WIDTH - indent.length).join(`\n${indent}`);
    return `  ${label.padEnd(width)}  ${text}`;
  });
  return [model.name ?? "GGUF model", ...lines].join("\n");
}

const LINE_WIDTH = 100;

/** "MXFP4 x6 (1.2 MB)", most data first: shows what a file really holds (MXFP4 experts, Q8_0 rest). */
function tensorTypesList(model: ModelDescription): string[] | undefined {
  if (model.tensorTypes.length === 0) return undefined;
  return model.tensorTypes.map((entry) => `${entry.type} x${entry.tensors} (${formatBytes(entry.bytes)})`);
}

/** Joins items with ", " into lines of at most `width` characters. */
function wrapList(items: string[], width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const item of items) {
    if (line && line.length + item.length + 2 > width) {
      lines.push(`${line},`);
      line = item;
    } else {
      line = line ? `${line}, ${item}` : item;
    }
  }
  if (line) lines.push(line);
  return lines;
}

function tokenizerLine({ tokenizer }: ModelDescription): string | undefined {
  if (!tokenizer.model && tokenizer.vocabularySize === undefined) return undefined;
  const kind = [tokenizer.model, tokenizer.pre].filter(Boolean).join(" / ") || "unknown";
  return tokenizer.vocabularySize !== undefined ? `${kind}, ${number(tokenizer.vocabularySize)} tokens` : kind;
}

function specialTokensList(tokenizer: ModelDescription["tokenizer"]): string[] | undefined {
  const named = Object.entries(tokenizer.specialTokens).map(([text, id]) => `${text} ${id}`);
  if (named.length === 0) return undefined;
  return tokenizer.controlTokenCount !== undefined ? [`${number(tokenizer.controlTokenCount)} control tokens`, ...named] : named;
}

function number(value: number): string {
  return value.toLocaleString("en-US");
}
