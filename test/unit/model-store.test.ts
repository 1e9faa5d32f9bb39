// The models folder: local names of model URIs, listing complete and partial downloads, deleting.
import assert from "node:assert/strict";
import { appendFile, mkdir, mkdtemp, readdir, rm, truncate, utimes, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { catalog, findCatalogModel } from "../../src/engine/catalog";
import { DownloadError } from "../../src/engine/downloadErrors";
import { acquireDownloadLock } from "../../src/engine/downloadLock";
import {
  catalogModelPaths,
  deleteStoredModel,
  findStoredCatalogModel,
  freeDiskBytes,
  listStoredModels,
  readPartialProgress,
  resolveModelSource,
  resolveModelsFolder,
} from "../../src/engine/modelStore";

let root = "";
let count = 0;
before(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "gpt-oss-store-"));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

async function folderWith(files: Record<string, number | string>): Promise<string> {
  const folder = path.join(root, `f${++count}`);
  await mkdir(folder, { recursive: true });
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(folder, name);
    if (typeof content === "number") {
      await writeFile(file, "");
      await truncate(file, content);
    } else {
      await writeFile(file, content);
    }
  }
  return folder;
}

/** A partial download as ipull leaves it: the data area (sparse here), then its progress record. */
async function addPartial(folder: string, name: string, totalBytes: number, chunks: number[], chunkSize: number): Promise<void> {
  const file = path.join(folder, name);
  await writeFile(file, "");
  await truncate(file, totalBytes);
  await appendFile(file, JSON.stringify({ part: 0, chunks, chunkSize, parallelStreams: 3 }));
}

const gpt20 = findCatalogModel("gpt-oss-20b")!;
const gpt120 = findCatalogModel("gpt-oss-120b")!;

test("catalog models get node-llama-cpp's local names, every part of a split model included", () => {
  // Names as node-llama-cpp 3.22.1's own resolver gives them for these URIs.
  assert.deepEqual(resolveModelSource(gpt20.uri).fileNames, ["hf_giladgd_gpt-oss-20b.MXFP4.gguf"]);
  assert.deepEqual(resolveModelSource(gpt120.uri).fileNames, [
    "hf_giladgd_gpt-oss-120b.MXFP4-00001-of-00002.gguf",
    "hf_giladgd_gpt-oss-120b.MXFP4-00002-of-00002.gguf",
  ]);
  assert.deepEqual(resolveModelSource(gpt120.uri, "https://huggingface.co/").urls, [
    "https://huggingface.co/giladgd/gpt-oss-120b-GGUF/resolve/main/gpt-oss-120b.MXFP4-00001-of-00002.gguf?download=true",
    "https://huggingface.co/giladgd/gpt-oss-120b-GGUF/resolve/main/gpt-oss-120b.MXFP4-00002-of-00002.gguf?download=true",
  ]);
  assert.deepEqual(catalogModelPaths("/m", gpt20), [path.join("/m", "hf_giladgd_gpt-oss-20b.MXFP4.gguf")]);
});

test("hf: names keep the repo when the file does not start with it, the branch, and sub-folders", () => {
  assert.deepEqual(resolveModelSource("hf:ggml-org/gpt-oss-20b-GGUF/gpt-oss-20b-mxfp4.gguf").fileNames, ["hf_ggml-org_gpt-oss-20b-mxfp4.gguf"]);
  assert.deepEqual(resolveModelSource("hf:user/models/sub/dir/file.gguf").fileNames, ["hf_user_models_sub__dir_file.gguf"]);
  assert.deepEqual(resolveModelSource("hf:user/repo/file.gguf#dev").fileNames, ["hf_user_repo_dev_file.gguf"]);
  assert.equal(resolveModelSource("hf:user/repo/file.gguf#dev", "http://127.0.0.1:9/").urls[0], "http://127.0.0.1:9/user/repo/resolve/dev/file.gguf?download=true");
});

test("an http URL keeps its file name; other URIs are refused with a typed error", () => {
  assert.deepEqual(resolveModelSource("https://example.com/a/b/My%20Model.gguf?x=1").fileNames, ["My Model.gguf"]);
  for (const bad of ["hf:user/repo:Q4_K_M", "ftp://example.com/x.gguf", "https://example.com/x.bin", "nonsense"]) {
    assert.throws(() => resolveModelSource(bad), (error: unknown) => error instanceof DownloadError && error.code === "bad-uri", bad);
  }
});

test("a missing models folder lists as empty", async () => {
  assert.deepEqual(await listStoredModels(path.join(root, "does-not-exist")), []);
});

test("the list holds .gguf files with sizes and partial downloads with their progress, and nothing else", async () => {
  const folder = await folderWith({ "hf_giladgd_gpt-oss-20b.MXFP4.gguf": 3_000_000, "notes.txt": "x", ".hidden.gguf": 5, "other.bin.ipull": 9 });
  await addPartial(folder, "custom.gguf.ipull", 10_000, [2, 2, 1, 0], 3000);

  const models = await listStoredModels(folder, catalog);
  assert.deepEqual(
    models.map(({ name, state, downloadedBytes, totalBytes, parts, catalogId }) => ({ name, state, downloadedBytes, totalBytes, parts, catalogId })),
    [
      { name: "hf_giladgd_gpt-oss-20b.MXFP4.gguf", state: "complete", downloadedBytes: 3_000_000, totalBytes: 3_000_000, parts: 1, catalogId: "gpt-oss-20b" },
      { name: "custom.gguf", state: "partial", downloadedBytes: 6000, totalBytes: 10_000, parts: 1, catalogId: undefined },
    ],
  );
  assert.equal(models[1]!.path, path.join(folder, "custom.gguf"));
  assert.deepEqual(models[1]!.files, [path.join(folder, "custom.gguf.ipull")]);
});

test("a split model is one entry: partial until every part is complete", async () => {
  const folder = await folderWith({ "hf_giladgd_gpt-oss-120b.MXFP4-00001-of-00002.gguf": 4000 });
  await addPartial(folder, "hf_giladgd_gpt-oss-120b.MXFP4-00002-of-00002.gguf.ipull", 5000, [2, 0], 2500);
  let [model] = await listStoredModels(folder, catalog);
  assert.equal(model?.name, "hf_giladgd_gpt-oss-120b.MXFP4-00001-of-00002.gguf");
  assert.equal(model?.catalogId, "gpt-oss-120b");
  assert.equal(model?.parts, 2);
  assert.equal(model?.state, "partial");
  assert.equal(model?.downloadedBytes, 6500);
  assert.equal(model?.totalBytes, 9000);
  assert.equal(model?.files.length, 2);

  await rm(path.join(folder, "hf_giladgd_gpt-oss-120b.MXFP4-00002-of-00002.gguf.ipull"));
  [model] = await listStoredModels(folder, catalog);
  assert.equal(model?.state, "partial", "a missing part is not complete");
  assert.equal(model?.totalBytes, undefined, "the missing part's size is unknown");

  await writeFile(path.join(folder, "hf_giladgd_gpt-oss-120b.MXFP4-00002-of-00002.gguf"), "x".repeat(5000));
  [model] = await listStoredModels(folder, catalog);
  assert.equal(model?.state, "complete");
  assert.equal(model?.totalBytes, 9000);
  assert.equal((await findStoredCatalogModel(folder, gpt120))?.state, "complete");
  assert.equal(await findStoredCatalogModel(folder, gpt20), undefined);
});

test("deleting a model removes every part and partial file, and only those", async () => {
  const folder = await folderWith({
    "m-00001-of-00002.gguf": 10,
    "keep.gguf": 10,
  });
  await addPartial(folder, "m-00002-of-00002.gguf.ipull", 100, [0], 100);
  const target = (await listStoredModels(folder)).find((m) => m.name === "m-00001-of-00002.gguf")!;
  await deleteStoredModel(target);
  assert.deepEqual(await readdir(folder), ["keep.gguf"]);
});

test("a leftover partial next to the complete file is listed once and deleted with it", async () => {
  const folder = await folderWith({ "x.gguf": 50 });
  await addPartial(folder, "x.gguf.ipull", 50, [0], 50);
  const models = await listStoredModels(folder);
  assert.equal(models.length, 1);
  assert.equal(models[0]!.state, "complete");
  await deleteStoredModel(models[0]!);
  assert.deepEqual(await readdir(folder), []);
});

test("partial progress falls back to allocated blocks when the record is unreadable", async () => {
  const folder = await folderWith({ "y.gguf.ipull": "no record here" });
  const progress = await readPartialProgress(path.join(folder, "y.gguf.ipull"));
  assert.equal(progress.totalBytes, undefined);
  assert.ok(progress.downloadedBytes <= 14);
});

test("a shorter progress record written over a longer one still parses", async () => {
  const folder = await folderWith({});
  const file = path.join(folder, "z.gguf.ipull");
  await writeFile(file, "");
  await truncate(file, 1000);
  await appendFile(file, '{"part":0,"chunks":[2,0],"chunkSize":500}' + ',"parallelStreams":3}');
  assert.deepEqual(await readPartialProgress(file), { downloadedBytes: 500, totalBytes: 1000 });
});

test("the models folder setting: empty is the default, ~ is home, relative paths are refused", () => {
  assert.deepEqual(resolveModelsFolder("", "/g/models", "/home/u"), { folder: "/g/models" });
  assert.deepEqual(resolveModelsFolder("  ~/llm ", "/g/models", "/home/u"), { folder: path.join("/home/u", "llm") });
  assert.deepEqual(resolveModelsFolder("/data/models/", "/g/models", "/home/u"), { folder: path.normalize("/data/models/") });
  const relative = resolveModelsFolder("models", "/g/models", "/home/u");
  assert.equal(relative.folder, "/g/models");
  assert.match(relative.problem ?? "", /not an absolute path/);
});

test("free disk space is measured on the nearest existing parent of a folder to be created", async () => {
  const free = await freeDiskBytes(path.join(root, "not", "yet", "there"));
  assert.ok(free > 0);
});

test("a model with a live download lock is listed as downloading; an old lock is ignored", async () => {
  const folder = await folderWith({});
  await addPartial(folder, "d.gguf.ipull", 100, [2, 0], 50);
  const lock = await acquireDownloadLock(path.join(folder, "d.gguf.lock"));
  assert.ok(lock);
  assert.equal((await listStoredModels(folder))[0]?.downloading, true);
  const old = new Date(Date.now() - 10 * 60_000);
  await utimes(path.join(folder, "d.gguf.lock"), old, old);
  assert.equal((await listStoredModels(folder))[0]?.downloading, undefined);
  await lock.release();
  assert.deepEqual(await readdir(folder), ["d.gguf.ipull"]);
});

test("the download lock admits one holder, and is taken over from a process that is gone", async () => {
  const folder = await folderWith({});
  const lockPath = path.join(folder, "e.gguf.lock");
  const first = await acquireDownloadLock(lockPath);
  assert.ok(first);
  assert.equal(await acquireDownloadLock(lockPath), undefined, "held by a live process (this one)");
  await first.release();
  await writeFile(lockPath, JSON.stringify({ pid: 2 ** 22 + 12345, host: os.hostname(), since: "" }));
  const second = await acquireDownloadLock(lockPath);
  assert.ok(second, "a dead owner's lock is stale");
  await second.release();
});
