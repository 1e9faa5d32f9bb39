// The GGUF reader on small files written here: what it reads from a valid header, and how it
// explains each kind of bad file (missing, not GGUF, cut off, unsupported, damaged).
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import { GgufError, GgufValueType, readGguf, type GgufErrorCode } from "../../src/node/gguf/index";
import { encodeGguf, type GgufKv, type GgufTensor } from "../fixtures/tiny-model/ggufWriter";
import { GgmlType } from "../fixtures/tiny-model/weights";

const dir = mkdtempSync(path.join(tmpdir(), "gguf-reader-"));
after(() => rmSync(dir, { recursive: true, force: true }));

let fileCount = 0;
function writeTemp(data: Uint8Array | string): string {
  const file = path.join(dir, `model-${++fileCount}.gguf`);
  writeFileSync(file, data);
  return file;
}

const metadata: Array<[string, GgufKv]> = [
  ["general.architecture", { type: "string", value: "llama" }],
  ["general.name", { type: "string", value: "Test model" }],
  ["llama.context_length", { type: "u32", value: 4096 }],
  ["llama.attention.layer_norm_rms_epsilon", { type: "f32", value: 0.5 }],
  ["tokenizer.ggml.add_bos_token", { type: "bool", value: true }],
  ["tokenizer.ggml.tokens", { type: "string[]", value: ["a", "b", "<|end|>"] }],
  ["tokenizer.ggml.token_type", { type: "i32[]", value: Array.from({ length: 100 }, (_, i) => i % 3) }],
];

const tensors: GgufTensor[] = [
  { name: "small.weight", dims: [4, 2], type: GgmlType.F32, data: new Uint8Array(32) },
  { name: "quantized.weight", dims: [32, 2], type: GgmlType.Q8_0, data: new Uint8Array(68) },
];

/** A valid GGUF v3: 7 metadata entries, an F32 tensor and a Q8_0 tensor. */
function validGguf(): Buffer {
  return Buffer.concat(encodeGguf(metadata, tensors));
}

async function rejection(file: string): Promise<GgufError> {
  try {
    await readGguf(file);
  } catch (error) {
    assert.ok(error instanceof GgufError, `expected a GgufError, got ${String(error)}`);
    return error;
  }
  assert.fail(`reading ${file} should have failed`);
}

async function assertRejects(file: string, code: GgufErrorCode, message: RegExp): Promise<void> {
  const error = await rejection(file);
  assert.equal(error.code, code, error.message);
  assert.match(error.message, message);
  assert.equal(error.path, file);
}

test("reads the version, typed metadata and tensor infos of a valid file", async () => {
  const file = writeTemp(validGguf());
  const gguf = await readGguf(file);
  assert.equal(gguf.version, 3);
  assert.equal(gguf.metadata.get("general.architecture"), "llama");
  assert.equal(gguf.metadata.get("llama.context_length"), 4096);
  assert.equal(gguf.metadata.get("llama.attention.layer_norm_rms_epsilon"), 0.5);
  assert.equal(gguf.metadata.get("tokenizer.ggml.add_bos_token"), true);
  assert.deepEqual(
    gguf.tensors.map(({ name, dims, typeName, offset, elements, bytes }) => ({ name, dims, typeName, offset, elements, bytes })),
    [
      { name: "small.weight", dims: [4, 2], typeName: "F32", offset: 0, elements: 8, bytes: 32 },
      { name: "quantized.weight", dims: [32, 2], typeName: "Q8_0", offset: 32, elements: 64, bytes: 68 },
    ],
  );
});

test("places the tensor data at the next 32-byte boundary after the header", async () => {
  const bytes = validGguf();
  const gguf = await readGguf(writeTemp(bytes));
  assert.equal(gguf.alignment, 32);
  assert.equal(gguf.dataOffset % 32, 0);
  assert.equal(gguf.expectedMinSize, gguf.dataOffset + 32 + 68);
  assert.equal(gguf.fileSize, bytes.length);
});

test("keeps short arrays and only counts long ones", async () => {
  const gguf = await readGguf(writeTemp(validGguf()), { maxArrayItems: 10 });
  assert.deepEqual(gguf.metadata.get("tokenizer.ggml.tokens"), { itemType: GgufValueType.STRING, length: 3, items: ["a", "b", "<|end|>"] });
  assert.deepEqual(gguf.metadata.get("tokenizer.ggml.token_type"), { itemType: GgufValueType.INT32, length: 100 });
});

test("keeps a long array in full when asked to by name", async () => {
  const gguf = await readGguf(writeTemp(validGguf()), { maxArrayItems: 0, keepArrays: ["tokenizer.ggml.token_type"] });
  const tokenTypes = gguf.metadata.get("tokenizer.ggml.token_type");
  assert.ok(typeof tokenTypes === "object");
  assert.equal(tokenTypes.items?.length, 100);
  assert.deepEqual(tokenTypes.items?.slice(0, 4), [0, 1, 2, 0]);
  assert.deepEqual(gguf.metadata.get("tokenizer.ggml.tokens"), { itemType: GgufValueType.STRING, length: 3 });
});

test("reads GGUF version 2 files too", async () => {
  const bytes = validGguf();
  bytes.writeUInt32LE(2, 4);
  assert.equal((await readGguf(writeTemp(bytes))).version, 2);
});

test("reports a missing file as not-found", async () => {
  await assertRejects(path.join(dir, "nothing-here.gguf"), "not-found", /No model file at/);
});

test("reports a folder as not-a-file", async () => {
  const folder = path.join(dir, "folder.gguf");
  mkdirSync(folder);
  await assertRejects(folder, "not-a-file", /is a folder/);
});

test("recognises an HTML error page saved as the model", async () => {
  const file = writeTemp("<!DOCTYPE html>\n<html><body>404 Not Found</body></html>\n");
  await assertRejects(file, "not-gguf", /is not a GGUF model file \(it starts with "<!DO"\): was the download an HTML error page\?/);
});

test("recognises a Git LFS pointer saved as the model", async () => {
  const file = writeTemp("version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 123\n");
  await assertRejects(file, "not-gguf", /Git LFS pointer/);
});

test("quotes unprintable first bytes of another format escaped", async () => {
  const file = writeTemp(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]));
  await assertRejects(file, "not-gguf", /it starts with "PK\\x03\\x04"/);
});

test("reports an empty file as truncated", async () => {
  await assertRejects(writeTemp(""), "truncated", /is empty \(0 bytes\)/);
});

test("reports a file cut inside its header as truncated", async () => {
  const bytes = validGguf();
  const file = writeTemp(bytes.subarray(0, 60));
  await assertRejects(file, "truncated", /is truncated: it ends after 60 bytes, inside its header .*download again/);
});

test("reports a file cut inside its tensor data as truncated, with the size it needs", async () => {
  const bytes = validGguf();
  const gguf = await readGguf(writeTemp(bytes));
  const cut = gguf.expectedMinSize - 1;
  const file = writeTemp(bytes.subarray(0, cut));
  const expected = gguf.expectedMinSize.toLocaleString("en-US");
  await assertRejects(file, "truncated", new RegExp(`is truncated: ${cut.toLocaleString("en-US")} bytes, expected at least ${expected} bytes .*Delete it and download again\\.`));
});

test("accepts a file that ends right after the last tensor's data", async () => {
  const bytes = validGguf();
  const { expectedMinSize } = await readGguf(writeTemp(bytes));
  const gguf = await readGguf(writeTemp(bytes.subarray(0, expectedMinSize)));
  assert.equal(gguf.tensors.length, 2);
});

test("rejects GGUF version 1 as too old", async () => {
  const bytes = validGguf();
  bytes.writeUInt32LE(1, 4);
  await assertRejects(writeTemp(bytes), "unsupported-version", /version 1, which is too old/);
});

test("rejects a GGUF version newer than 3", async () => {
  const bytes = validGguf();
  bytes.writeUInt32LE(4, 4);
  await assertRejects(writeTemp(bytes), "unsupported-version", /version 4, newer than this extension understands/);
});

test("rejects a big-endian GGUF file", async () => {
  const bytes = validGguf();
  bytes.writeUInt32BE(3, 4);
  await assertRejects(writeTemp(bytes), "unsupported-version", /big-endian/);
});

test("reports an unknown metadata value type as corrupt", async () => {
  const bytes = validGguf();
  // Header (24 bytes), then the first key: u64 length + "general.architecture" (20 bytes), then its type.
  bytes.writeUInt32LE(99, 24 + 8 + 20);
  await assertRejects(writeTemp(bytes), "corrupt", /"general.architecture" has unknown value type 99/);
});

test("reports an impossible string length as corrupt, not as a short file", async () => {
  const bytes = validGguf();
  bytes.writeBigUInt64LE(2n ** 40n, 24);
  await assertRejects(writeTemp(bytes), "corrupt", /is damaged: .*impossible/);
});
