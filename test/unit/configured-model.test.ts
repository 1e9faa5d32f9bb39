import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { catalog, findCatalogModel } from "../../src/engine/catalog";
import { catalogModelPaths } from "../../src/engine/modelStore";
import { describeConfiguredModel } from "../../src/engine/configuredModel";

let dir = "";
before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "gpt-oss-model-"));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test("an empty setting means the default catalog model, gpt-oss-20b", async () => {
  const info = await describeConfiguredModel("  ", dir);
  assert.equal(info.kind, "catalog");
  assert.equal(info.kind === "catalog" && info.id, "gpt-oss-20b");
});

test("a catalog model with nothing in the models folder is absent", async () => {
  const info = await describeConfiguredModel("gpt-oss-20b", dir);
  assert.deepEqual(info.kind === "catalog" && info.stored, { state: "absent" });
});

test("a catalog model whose file is in the models folder is complete", async () => {
  const folder = await mkdtemp(path.join(os.tmpdir(), "gpt-oss-store-"));
  try {
    const [file] = catalogModelPaths(folder, findCatalogModel("gpt-oss-20b")!);
    await writeFile(file!, "GGUF");
    const info = await describeConfiguredModel("gpt-oss-20b", folder);
    assert.deepEqual(info.kind === "catalog" && info.stored, { state: "complete" });
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
});

test("catalog names are matched case-insensitively and carry size and memory", async () => {
  const info = await describeConfiguredModel("GPT-OSS-120B", dir);
  assert.equal(info.kind, "catalog");
  if (info.kind !== "catalog") return;
  assert.equal(info.id, "gpt-oss-120b");
  assert.ok(info.sizeBytes > 60e9 && info.memoryBytes > info.sizeBytes);
});

test("every catalog entry has an hf: URI to a .gguf file", () => {
  for (const model of catalog) assert.match(model.uri, /^hf:[^/]+\/[^/]+\/.+\.gguf$/);
});

test("a relative path is reported as a problem that says how to fix it", async () => {
  const info = await describeConfiguredModel("models/my.gguf", dir);
  assert.equal(info.kind, "file");
  assert.match(info.kind === "file" ? (info.problem ?? "") : "", /absolute path/);
});

test("a missing file is reported, not thrown", async () => {
  const info = await describeConfiguredModel(path.join(dir, "missing.gguf"), dir);
  assert.equal(info.kind, "file");
  assert.match(info.kind === "file" ? (info.problem ?? "") : "", /No model file at/);
});

test("a directory is reported as not a file", async () => {
  const info = await describeConfiguredModel(dir, dir);
  assert.match(info.kind === "file" ? (info.problem ?? "") : "", /folder, not a model file/);
});

test("an HTML page saved as .gguf is reported as not a GGUF model", async () => {
  const file = path.join(dir, "page.gguf");
  await writeFile(file, "<!DOCTYPE html><html><body>Not found</body></html>");
  const info = await describeConfiguredModel(file, dir);
  assert.equal(info.kind, "file");
  assert.match(info.kind === "file" ? (info.problem ?? "") : "", /not a GGUF/i);
});
