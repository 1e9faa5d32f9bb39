// `gpt-oss-local info`: what it prints for a model file, and how it fails for a bad one.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import type { CliIO } from "../../src/cli/command";
import { main } from "../../src/cli/main";
import { encodeGguf } from "../fixtures/tiny-model/ggufWriter";
import { GgmlType } from "../fixtures/tiny-model/weights";

const dir = mkdtempSync(path.join(tmpdir(), "cli-info-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function writeTemp(name: string, data: Uint8Array | string): string {
  const file = path.join(dir, name);
  writeFileSync(file, data);
  return file;
}

/** A small complete GGUF of another architecture: valid, but not gpt-oss. */
const llamaModel = Buffer.concat(
  encodeGguf(
    [
      ["general.architecture", { type: "string", value: "llama" }],
      ["general.name", { type: "string", value: "Little Llama" }],
      ["llama.context_length", { type: "u32", value: 2048 }],
      ["tokenizer.ggml.model", { type: "string", value: "llama" }],
      ["tokenizer.ggml.tokens", { type: "string[]", value: ["<unk>", "<s>", "</s>", "a"] }],
    ],
    [{ name: "token_embd.weight", dims: [32, 4], type: GgmlType.Q8_0, data: new Uint8Array(4 * 34) }],
  ),
);

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const io: CliIO = { out: (text) => (out += `${text}\n`), err: (text) => (err += `${text}\n`) };
  const code = await main(["info", ...args], io);
  return { code, out, err };
}

test("prints a readable summary of a model file", async () => {
  const { code, out, err } = await run(writeTemp("llama.gguf", llamaModel));
  assert.equal(code, 0, err);
  assert.match(out, /^Little Llama\n/);
  assert.match(out, /Architecture +llama\n/);
  assert.match(out, /Parameters +128\n/);
  assert.match(out, /Quantization +Q8_0\n/);
  assert.match(out, /Context +2,048 tokens\n/);
  assert.match(out, /Tokenizer +llama, 4 tokens\n/);
});

test("says plainly when a model is not gpt-oss, and why", async () => {
  const { out } = await run(writeTemp("llama.gguf", llamaModel));
  assert.match(out, /gpt-oss +no: the architecture is "llama", not "gpt-oss"; the tokenizer has none of the harmony special tokens/);
});

test("prints the description as JSON with --json", async () => {
  const file = writeTemp("llama.gguf", llamaModel);
  const { code, out } = await run(file, "--json");
  assert.equal(code, 0);
  const json = JSON.parse(out);
  assert.equal(json.path, file);
  assert.equal(json.architecture, "llama");
  assert.equal(json.tokenizer.vocabularySize, 4);
  assert.equal(json.gptOss.compatible, false);
});

test("without a file argument, fails with the usage (exit 2)", async () => {
  const { code, out, err } = await run();
  assert.equal(code, 2);
  assert.equal(out, "");
  assert.match(err, /which model file\?/);
  assert.match(err, /Usage: gpt-oss-local info <model\.gguf> \[--json\]/);
});

test("an unknown option is a usage error (exit 2)", async () => {
  const { code, err } = await run("--verbose", "model.gguf");
  assert.equal(code, 2);
  assert.match(err, /unknown option "--verbose"/);
});

test("a missing file fails with exit 1 and names the path", async () => {
  const missing = path.join(dir, "missing.gguf");
  const { code, out, err } = await run(missing);
  assert.equal(code, 1);
  assert.equal(out, "");
  assert.equal(err, `gpt-oss-local info: No model file at "${missing}".\n`);
});

test("an HTML page saved as the model fails with exit 1 and a hint", async () => {
  const page = writeTemp("page.gguf", "<!DOCTYPE html><html><body>Error</body></html>");
  const { code, err } = await run(page);
  assert.equal(code, 1);
  assert.match(err, /is not a GGUF model file \(it starts with "<!DO"\): was the download an HTML error page\?/);
});

test("a truncated download fails with exit 1 and says to download again", async () => {
  const cut = writeTemp("cut.gguf", llamaModel.subarray(0, llamaModel.length - 40));
  const { code, err } = await run(cut);
  assert.equal(code, 1);
  assert.match(err, /is truncated: [\d,]+ bytes, expected at least [\d,]+ bytes .*Delete it and download again\./);
});
