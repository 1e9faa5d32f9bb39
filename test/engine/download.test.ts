// Model downloads against a loopback server that serves the tiny gpt-oss GGUF with Range support
// and misbehaves on request. node-llama-cpp's real downloader does the fetching.
import { formatBytes } from "../../src/core/format";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { downloadModel, type DownloadModelOptions, type DownloadProgress } from "../../src/engine/download";
import { DownloadError } from "../../src/engine/downloadErrors";
import { findCatalogModel } from "../../src/engine/catalog";
import { catalogModelPaths, findStoredCatalogModel, listStoredModels } from "../../src/engine/modelStore";
import { startRangeServer, type RangeServer } from "../helpers/rangeServer";
import { tinyModelPath } from "../helpers/tinyModel";

let body: Buffer;
let sha256 = "";
let server: RangeServer;
let root = "";

before(async () => {
  body = await readFile(await tinyModelPath());
  sha256 = createHash("sha256").update(body).digest("hex");
  server = await startRangeServer({ body });
  // Loaded once up front (about 1 s), so the timings below are the downloads' own.
  await import("node-llama-cpp");
  root = await mkdtemp(path.join(os.tmpdir(), "gpt-oss-download-"));
});

after(async () => {
  await server.close();
  await rm(root, { recursive: true, force: true });
});

let folders = 0;
async function freshFolder(): Promise<string> {
  return path.join(root, `models-${++folders}`);
}

/** Healthy server, fresh request log; each test sets the misbehaviour it needs. */
function reset(change: Parameters<RangeServer["set"]>[0] = {}): void {
  server.set({ body, status: undefined, bytesPerSecond: undefined, dropAfterBytes: undefined, deadAfterDrop: false, contentType: undefined, ...change });
  server.requests.length = 0;
}

async function download(options: Partial<DownloadModelOptions> & { folder: string }): Promise<ReturnType<typeof downloadModel>> {
  return downloadModel({ uri: server.url("/files/tiny.gguf"), stallTimeoutMs: 1500, requestTimeoutMs: 3000, ...options });
}

async function rejection(promise: Promise<unknown>): Promise<DownloadError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof DownloadError, `expected a DownloadError, got ${String(error)}`);
    return error;
  }
  assert.fail("the download succeeded");
}

const gpt20 = findCatalogModel("gpt-oss-20b")!;
const gpt120 = findCatalogModel("gpt-oss-120b")!;
const sha = (data: Buffer) => createHash("sha256").update(data).digest("hex");

test("the catalog's hf: URI downloads byte-identical, under the name the models list expects, with progress", async () => {
  // The loopback server stands in for Hugging Face (it serves the tiny model at every path).
  reset();
  const folder = await freshFolder();
  const reports: DownloadProgress[] = [];
  const result = await downloadModel({ uri: gpt20.uri, folder, huggingFaceEndpoint: server.origin, sha256, onProgress: (p) => reports.push(p) });

  assert.deepEqual([result.path], catalogModelPaths(folder, gpt20), "node-llama-cpp and modelStore agree on the name");
  assert.equal(sha(await readFile(result.path)), sha256);
  assert.deepEqual(await readdir(folder), [path.basename(result.path)], "no partial or lock file left");
  assert.equal(result.resumedFromBytes, 0);
  assert.ok(server.requests.some((r) => r.path.startsWith("/giladgd/gpt-oss-20b-GGUF/resolve/main/gpt-oss-20b.MXFP4.gguf")));
  assert.equal((await findStoredCatalogModel(folder, gpt20))?.state, "complete");
  const last = reports.at(-1)!;
  assert.equal(last.percent, 100);
  assert.equal(last.totalBytes, body.length);
  for (let i = 1; i < reports.length; i++) assert.ok(reports[i]!.downloadedBytes >= reports[i - 1]!.downloadedBytes, "progress never goes back");
  console.log(`# loopback download: ${(body.length / 1e6).toFixed(1)} MB in ${result.seconds.toFixed(2)} s (${(result.bytesPerSecond / 1e6).toFixed(0)} MB/s)`);
});

test("a split model downloads every part, named as the models list expects", async () => {
  reset();
  const folder = await freshFolder();
  const result = await downloadModel({ uri: gpt120.uri, folder, huggingFaceEndpoint: server.origin });
  assert.deepEqual(result.files, catalogModelPaths(folder, gpt120));
  assert.equal(result.path, result.files[0]);
  assert.equal(result.sizeBytes, 2 * body.length);
  const stored = await findStoredCatalogModel(folder, gpt120);
  assert.equal(stored?.state, "complete");
  assert.equal(stored?.parts, 2);
});

test("Cancel keeps the partial file and the next download resumes it with Range requests, byte-identical", async () => {
  reset({ bytesPerSecond: 8e6 });
  const folder = await freshFolder();
  const controller = new AbortController();
  const cancelledAt = performance.now();
  const error = await rejection(
    download({ folder, signal: controller.signal, onProgress: (p) => p.downloadedBytes > body.length * 0.6 && controller.abort() }),
  );
  assert.equal(error.code, "cancelled");
  assert.ok(error.partialKept, error.message);
  assert.match(error.message, /resumes from there next time/);
  assert.ok(existsSync(path.join(folder, "tiny.gguf.ipull")), "partial file kept");
  const [stored] = await listStoredModels(folder);
  assert.equal(stored?.state, "partial");
  assert.ok((stored?.downloadedBytes ?? 0) > 0 && stored?.totalBytes === body.length);
  console.log(`# cancelled after ${((performance.now() - cancelledAt) / 1000).toFixed(2)} s with ${(stored!.downloadedBytes / 1e6).toFixed(1)} MB kept`);

  reset();
  const result = await download({ folder });
  const ranged = server.requests.filter((r) => r.method === "GET" && r.range);
  const starts = ranged.map((r) => Number(/^bytes=(\d+)-/.exec(r.range!)?.[1]));
  assert.ok(starts.some((start) => start > 0), `a Range request from the middle (saw ${ranged.map((r) => r.range).join(", ")})`);
  const refetched = ranged.reduce((sum, r) => sum + r.bytesSent, 0);
  // ipull records progress in whole 5 MiB chunks and closes a parallel stream only at a chunk
  // boundary, and the server counts bytes it wrote before it saw the close; so at most one chunk
  // beyond the missing bytes may go over the wire. Restarting from zero would be 21 MB more.
  const ipullChunk = 5 * 1024 * 1024;
  const missing = body.length - stored!.downloadedBytes;
  assert.ok(refetched <= missing + ipullChunk, `only the missing bytes fetched again: ${refetched} sent for ${missing} missing (ranges ${ranged.map((r) => r.range).join(", ")})`);
  assert.equal(result.resumedFromBytes, stored!.downloadedBytes);
  assert.equal(sha(await readFile(result.path)), sha256);
  assert.ok(!existsSync(path.join(folder, "tiny.gguf.ipull")));
  console.log(`# resume: ${(refetched / 1e6).toFixed(1)} MB fetched in ${result.seconds.toFixed(2)} s (${(result.bytesPerSecond / 1e6).toFixed(0)} MB/s)`);
});

test("a 404 is an http error at once, and nothing is written", async () => {
  reset({ status: 404 });
  const folder = await freshFolder();
  const error = await rejection(download({ folder }));
  assert.equal(error.code, "http");
  assert.equal(error.details.status, 404);
  assert.match(error.message, /HTTP 404.*Choose Local File/s);
  assert.deepEqual(await readdir(folder), []);
});

test("a 500 is an http error within seconds, not minutes of silent retries", async () => {
  reset({ status: 500 });
  const started = performance.now();
  const error = await rejection(download({ folder: await freshFolder() }));
  assert.equal(error.code, "http");
  assert.equal(error.details.status, 500);
  assert.match(error.message, /try again later/);
  assert.ok(performance.now() - started < 5000);
});

test("a server that is not there is a network error naming the cause", async () => {
  const gone = await startRangeServer({ body });
  const url = gone.url("/tiny.gguf");
  await gone.close();
  const error = await rejection(download({ folder: await freshFolder(), uri: url }));
  assert.equal(error.code, "network");
  assert.match(error.message, /refused the connection.*Retry/s);
});

test("a connection dropped mid-way is a network error, the partial is kept, and Retry resumes it", async () => {
  // 26 MB of ~36: past the first 5 MiB chunk of each of ipull's three streams.
  reset({ bytesPerSecond: 8e6, dropAfterBytes: 26e6, deadAfterDrop: true });
  const folder = await freshFolder();
  const error = await rejection(download({ folder, stallTimeoutMs: 800 }));
  assert.equal(error.code, "network");
  assert.ok(error.partialKept, error.message);
  assert.match(error.message, /kept; Retry resumes/);
  assert.ok(existsSync(path.join(folder, "tiny.gguf.ipull")));

  reset();
  const result = await download({ folder });
  assert.ok(result.resumedFromBytes > 0);
  assert.equal(sha(await readFile(result.path)), sha256);
});

test("a finished file of the wrong size is deleted with a clear error", async () => {
  // The server sends a truncated copy, consistently: only the expected size can tell.
  reset({ body: body.subarray(0, 20_000_000) });
  const folder = await freshFolder();
  const error = await rejection(download({ folder, expectedSizeBytes: body.length }));
  assert.equal(error.code, "size-mismatch");
  // The size as the message prints it (the tiny model's size follows its generator).
  assert.ok(error.message.includes(`20.0 MB but should have ${formatBytes(body.length)}, so it was deleted`), error.message);
  assert.deepEqual(await readdir(folder), []);
});

test("a truncated GGUF is deleted even when no size was expected", async () => {
  reset({ body: body.subarray(0, 20_000_000) });
  const folder = await freshFolder();
  const error = await rejection(download({ folder }));
  assert.equal(error.code, "not-gguf");
  assert.match(error.message, /not a usable model file.*deleted/s);
  assert.deepEqual(await readdir(folder), []);
});

test("an HTML page served as the model is deleted with a clear error", async () => {
  reset({ body: Buffer.from("<!doctype html><html><body>Sign in to continue</body></html>"), contentType: "text/html" });
  const folder = await freshFolder();
  const error = await rejection(download({ folder }));
  assert.equal(error.code, "not-gguf");
  assert.match(error.message, /not a usable model file/);
  assert.deepEqual(await readdir(folder), []);
});

test("a wrong SHA-256 deletes the file", async () => {
  reset();
  const folder = await freshFolder();
  const error = await rejection(download({ folder, sha256: "0".repeat(64) }));
  assert.equal(error.code, "checksum");
  assert.deepEqual(await readdir(folder), []);
});

test("too little free disk space is an error before any byte is fetched", async () => {
  reset();
  const folder = await freshFolder();
  const error = await rejection(download({ folder, freeDiskBytes: async () => 10_000_000 }));
  assert.equal(error.code, "disk-space");
  assert.ok(error.message.includes(`${formatBytes(body.length)} still to download, 10.0 MB free`), error.message);
  assert.match(error.message, /gptOss\.modelsFolder/);
  assert.deepEqual(server.requests.map((r) => r.method), ["HEAD"], "only the size was asked");
  assert.deepEqual(await readdir(folder), []);
});

test("a second download of the same file while one runs is refused as busy", async () => {
  reset({ bytesPerSecond: 20e6 });
  const folder = await freshFolder();
  const first = download({ folder });
  await new Promise((resolve) => setTimeout(resolve, 100));
  const error = await rejection(download({ folder }));
  assert.equal(error.code, "busy");
  await first;
});
