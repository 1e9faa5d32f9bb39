// Downloads a model into the models folder with node-llama-cpp's downloader (ipull: parallel
// Range requests, resumable `.ipull` partial files), and adds what it lacks: a quick probe that
// turns "server down / 404 / 500" into an error at once (ipull would retry for minutes), a free
// disk check before the first byte, progress with a smoothed speed, a Cancel that returns at
// once and keeps the partial file, a stall timeout, and checks of the finished file (size,
// complete GGUF, SHA-256 when known) that delete it when it is wrong.
import { createHash } from "node:crypto";
import { createReadStream, promises as fs } from "node:fs";
import path from "node:path";
import type { ModelDownloader } from "node-llama-cpp" with { "resolution-mode": "import" };
import { formatBytes } from "../core/format";
import { GgufError, readModelDescription } from "../node/gguf";
import type { CatalogModel } from "./catalog";
import { acquireDownloadLock, LOCK_SUFFIX } from "./downloadLock";
import { DownloadError, describeNetworkFailure, httpAdvice } from "./downloadErrors";
import { SpeedMeter, type DownloadProgress } from "./downloadSpeed";
import { guardIpullRetries } from "./ipullGuard";
import { defaultHuggingFaceEndpoint, freeDiskBytes, PARTIAL_SUFFIX, readPartialProgress, resolveModelSource } from "./modelStore";
import { probeRemoteFiles } from "./remoteProbe";
import { importNodeLlamaCpp } from "./llamaModule";

export type { DownloadProgress } from "./downloadSpeed";

/** The subset of a LogOutputChannel the engine writes to. */
export interface DownloadLog {
  info(message: string): void;
  warn(message: string): void;
  debug(message: string): void;
}

export interface DownloadModelOptions {
  /** `hf:user/repo/file.gguf` or an http(s) URL of a .gguf (a split model: its first part). */
  uri: string;
  /** The models folder; created if missing. */
  folder: string;
  /** Name in messages, e.g. "gpt-oss-20b"; the file name by default. */
  label?: string;
  /** Size of all files together, when known from elsewhere (the catalog). */
  expectedSizeBytes?: number;
  /** Allowed relative difference from `expectedSizeBytes` (catalog sizes are rounded); default 0. */
  sizeTolerance?: number;
  /** SHA-256 (hex) of the file, or one per part of a split model. */
  sha256?: string | readonly string[];
  signal?: AbortSignal;
  onProgress?: (progress: DownloadProgress) => void;
  log?: DownloadLog;
  /** Hugging Face endpoint for hf: URIs (a mirror, a loopback server); default as node-llama-cpp. */
  huggingFaceEndpoint?: string;
  /** Give up when no byte arrived for this long; default 60 s. */
  stallTimeoutMs?: number;
  /** Timeout of the probe request; default 30 s. */
  requestTimeoutMs?: number;
  /** Free bytes on the folder's disk; tests inject a small quota. */
  freeDiskBytes?: (folder: string) => Promise<number>;
}

export interface DownloadResult {
  /** The file to load (the first part of a split model). */
  path: string;
  files: string[];
  sizeBytes: number;
  /** Bytes that were already on disk from an earlier, interrupted download. */
  resumedFromBytes: number;
  seconds: number;
  /** Average over the bytes fetched by this call. */
  bytesPerSecond: number;
}

/** Headroom left on the disk beyond the model itself. */
const DISK_MARGIN_BYTES = 64 * 1024 * 1024;
/** The catalog's sizes are GiB with two decimals: up to 0.05% off. */
export const CATALOG_SIZE_TOLERANCE = 0.005;
const PROGRESS_INTERVAL_MS = 200;
/** After Cancel, how long to let ipull close its files, then its requests, before returning anyway. */
const CLOSE_GRACE_MS = 2000;
const SETTLE_GRACE_MS = 500;

/** Download options for a catalog model: its URI, name, size (rounded) and checksum. */
export function catalogDownload(model: CatalogModel): Pick<DownloadModelOptions, "uri" | "label" | "expectedSizeBytes" | "sizeTolerance" | "sha256"> {
  return { uri: model.uri, label: model.label, expectedSizeBytes: model.sizeBytes, sizeTolerance: CATALOG_SIZE_TOLERANCE, sha256: model.sha256 };
}

export async function downloadModel(options: DownloadModelOptions): Promise<DownloadResult> {
  const started = performance.now();
  const { folder, signal, log } = options;
  const endpoint = options.huggingFaceEndpoint ?? defaultHuggingFaceEndpoint();
  const source = resolveModelSource(options.uri, endpoint);
  const label = options.label ?? source.fileNames[0]!;
  const paths = source.fileNames.map((name) => path.join(folder, name));
  if (signal?.aborted) throw cancelled(label, 0);

  await ensureFolder(folder);
  const lock = await acquireDownloadLock(paths[0] + LOCK_SUFFIX);
  if (!lock) {
    throw new DownloadError("busy", `${label} is already being downloaded (in this or another VS Code window). Wait for that download to finish.`);
  }
  try {
    const onDiskBefore = await bytesOnDisk(paths);
    const remote = await probeRemoteFiles(source.urls, {
      label,
      signal,
      timeoutMs: options.requestTimeoutMs ?? 30_000,
      partialBytes: onDiskBefore.partialBytes,
      huggingFace: options.uri.trim().startsWith("hf") || source.urls[0]!.startsWith(endpoint),
    });
    const totalBytes = remote.totalBytes ?? options.expectedSizeBytes;
    await checkDiskSpace(options, label, totalBytes, onDiskBefore.usableBytes);
    log?.info(
      `Downloading ${label}: ${source.urls.join(", ")} -> ${folder} (${totalBytes === undefined ? "size unknown" : formatBytes(totalBytes)}` +
        `${onDiskBefore.partialBytes > 0 ? `, resuming after ${formatBytes(onDiskBefore.partialBytes)}` : ""})`,
    );

    const { downloader, resumedFromBytes } = await startDownloader(options, source, endpoint, label, log);
    const fetchedBytes = await runDownloader(downloader, options, label, resumedFromBytes);
    const files = downloader.filesInfo.map((file) => file.filePath);
    const sizeBytes = await verifyDownload(files, options, label, remote.sizes);

    const seconds = (performance.now() - started) / 1000;
    const result: DownloadResult = {
      path: downloader.entrypointFilePath,
      files,
      sizeBytes,
      resumedFromBytes,
      seconds,
      bytesPerSecond: seconds > 0 ? fetchedBytes / seconds : 0,
    };
    log?.info(`Downloaded ${label} (${formatBytes(sizeBytes)}) in ${seconds.toFixed(1)} s, ${formatBytes(result.bytesPerSecond)}/s${resumedFromBytes ? `, resumed after ${formatBytes(resumedFromBytes)}` : ""}.`);
    return result;
  } finally {
    await lock.release();
  }
}

async function ensureFolder(folder: string): Promise<void> {
  try {
    await fs.mkdir(folder, { recursive: true });
    await fs.access(folder, fs.constants.W_OK);
  } catch (error) {
    throw new DownloadError(
      "write",
      `Cannot write model files to ${folder} (${(error as NodeJS.ErrnoException).code ?? String(error)}). Choose a folder you can write to in the gptOss.modelsFolder setting.`,
      { cause: error },
    );
  }
}

/** What the folder already holds of this model: complete parts and finished chunks of partial ones. */
async function bytesOnDisk(paths: string[]): Promise<{ usableBytes: number; partialBytes: number }> {
  let usableBytes = 0;
  let partialBytes = 0;
  for (const file of paths) {
    const partial = await readPartialProgress(file + PARTIAL_SUFFIX).catch(() => undefined);
    if (partial) {
      usableBytes += partial.downloadedBytes;
      partialBytes += partial.downloadedBytes;
      continue;
    }
    const stat = await fs.stat(file).catch(() => undefined);
    if (stat?.isFile()) usableBytes += stat.size;
  }
  return { usableBytes, partialBytes };
}

async function checkDiskSpace(options: DownloadModelOptions, label: string, totalBytes: number | undefined, onDisk: number): Promise<void> {
  if (totalBytes === undefined) {
    options.log?.warn(`The size of ${label} is unknown: free disk space not checked.`);
    return;
  }
  const remaining = Math.max(0, totalBytes - onDisk);
  const free = await (options.freeDiskBytes ?? freeDiskBytes)(options.folder);
  if (free < remaining + DISK_MARGIN_BYTES) {
    throw new DownloadError(
      "disk-space",
      `Not enough disk space for ${label}: ${formatBytes(remaining)} still to download, ${formatBytes(free)} free on the disk of ${options.folder}. ` +
        `Free up ${formatBytes(remaining + DISK_MARGIN_BYTES - free)}, or choose a models folder on another disk (gptOss.modelsFolder).`,
      { partialKept: onDisk > 0, downloadedBytes: onDisk },
    );
  }
}

async function startDownloader(
  options: DownloadModelOptions,
  source: { urls: string[]; fileNames: string[] },
  endpoint: string,
  label: string,
  log: DownloadLog | undefined,
): Promise<{ downloader: ModelDownloader; resumedFromBytes: number }> {
  const { createModelDownloader } = await importNodeLlamaCpp();
  const isHf = !/^https?:/i.test(options.uri.trim());
  const creating = createModelDownloader({
    modelUri: options.uri.trim(),
    dirPath: options.folder,
    // ipull would otherwise take a Content-Disposition name; hf: names are node-llama-cpp's own.
    ...(isHf ? { endpoints: { huggingFace: endpoint } } : { fileName: source.fileNames[0] }),
    deleteTempFileOnCancel: false,
    skipExisting: true,
  });
  // createModelDownloader has no signal and ipull retries its first request for minutes:
  // the probe just succeeded, so a long wait here means the server went away in between.
  const downloader = await raceAbort(creating, options.signal, options.stallTimeoutMs ?? 60_000, label);
  if (downloader.entrypointFilename !== source.fileNames[0]) {
    log?.warn(`node-llama-cpp named ${label} "${downloader.entrypointFilename}", not "${source.fileNames[0]}": the models list may not recognise it.`);
  }
  const guarded = guardIpullRetries(downloader, (attempt, error) => {
    log?.debug(`${label}: request failed (${describeNetworkFailure(error)}), retry ${attempt}`);
  });
  if (!guarded) log?.debug("ipull internals not found: cancelled downloads may keep retrying in the background.");
  return { downloader, resumedFromBytes: downloader.downloadedSize };
}

async function raceAbort<T>(work: Promise<T>, signal: AbortSignal | undefined, timeoutMs: number, label: string): Promise<T> {
  work.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const stop = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(stalled(label, timeoutMs, 0)), timeoutMs);
    onAbort = () => reject(cancelled(label, 0));
    signal?.addEventListener("abort", onAbort, { once: true });
  });
  try {
    return await Promise.race([work, stop]);
  } catch (error) {
    if (error instanceof DownloadError) throw error;
    throw failure(error, label, 0);
  } finally {
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener("abort", onAbort);
  }
}

/** Runs the download to the end, or to Cancel / a stall / an error. Returns the bytes fetched. */
async function runDownloader(downloader: ModelDownloader, options: DownloadModelOptions, label: string, resumedFromBytes: number): Promise<number> {
  const stallMs = options.stallTimeoutMs ?? 60_000;
  const meter = new SpeedMeter();
  const internal = new AbortController();
  let stopReason: "cancelled" | "stalled" | undefined;
  const stop = (reason: "cancelled" | "stalled") => {
    stopReason ??= reason;
    internal.abort();
  };
  const onUserAbort = () => stop("cancelled");
  options.signal?.addEventListener("abort", onUserAbort, { once: true });

  let lastBytes = downloader.downloadedSize;
  let lastByteAt = performance.now();
  let lastReportAt = 0;
  const report = (force: boolean) => {
    const now = performance.now();
    if (!options.onProgress || (!force && now - lastReportAt < PROGRESS_INTERVAL_MS)) return;
    lastReportAt = now;
    options.onProgress(meter.progress(downloader.downloadedSize, downloader.totalSize, resumedFromBytes));
  };
  // Polling ipull's counters (rather than its per-packet events) paces the reports and also
  // notices a stall, when no event comes at all.
  const poll = setInterval(() => {
    const bytes = downloader.downloadedSize;
    const now = performance.now();
    if (bytes !== lastBytes) {
      lastBytes = bytes;
      lastByteAt = now;
    } else if (now - lastByteAt > stallMs) {
      stop("stalled");
    }
    report(false);
  }, Math.min(PROGRESS_INTERVAL_MS, Math.max(20, stallMs / 5)));
  report(true);

  const download = downloader.download({ signal: internal.signal });
  download.catch(() => undefined);
  const aborted = new Promise<void>((resolve) => internal.signal.addEventListener("abort", () => resolve(), { once: true }));
  const keptBytes = async () => (await bytesOnDisk(downloader.filesInfo.map((file) => file.filePath))).usableBytes;
  try {
    let failed: unknown;
    await Promise.race([download.catch((error: unknown) => void (failed = error ?? new Error("download failed"))), aborted]);
    if (stopReason) {
      // ipull keeps going until its streams notice; close them and give them a moment to
      // write their progress record, so that the next download resumes from here.
      await Promise.race([downloader.cancel({ deleteTempFile: false }).catch(() => undefined), delay(CLOSE_GRACE_MS)]);
      await Promise.race([download.catch(() => undefined), delay(SETTLE_GRACE_MS)]);
      const kept = await keptBytes();
      throw stopReason === "cancelled" ? cancelled(label, kept) : stalled(label, stallMs, kept);
    }
    if (failed !== undefined) throw failure(failed, label, await keptBytes());
    report(true);
    return Math.max(0, downloader.totalSize - resumedFromBytes);
  } finally {
    clearInterval(poll);
    options.signal?.removeEventListener("abort", onUserAbort);
  }
}

/** Checks the finished files; a wrong one is deleted. Returns the total size. */
async function verifyDownload(files: string[], options: DownloadModelOptions, label: string, remoteSizes: Array<number | undefined>): Promise<number> {
  const sizes = await Promise.all(files.map(async (file) => (await fs.stat(file)).size));
  const total = sizes.reduce((sum, size) => sum + size, 0);
  const reject = async (doomed: string[], code: "size-mismatch" | "not-gguf" | "checksum", message: string) => {
    for (const file of doomed) await fs.rm(file, { force: true });
    options.log?.warn(`${message} Deleted: ${doomed.join(", ")}`);
    throw new DownloadError(code, message);
  };
  const again = "Try again later (Retry), or download the file yourself and use “Choose Local File…”.";

  for (const [index, file] of files.entries()) {
    const announced = remoteSizes[index];
    if (announced !== undefined && announced > 0 && sizes[index] !== announced) {
      await reject([file], "size-mismatch", `The downloaded ${label} has ${formatBytes(sizes[index]!)} but the server announced ${formatBytes(announced)}, so it was deleted. ${again}`);
    }
  }
  const expected = options.expectedSizeBytes;
  if (expected !== undefined && Math.abs(total - expected) > expected * (options.sizeTolerance ?? 0)) {
    await reject(files, "size-mismatch", `The downloaded ${label} has ${formatBytes(total)} but should have ${formatBytes(expected)}, so it was deleted: the server sent something else (an error page, another version). ${again}`);
  }
  for (const file of files) {
    try {
      await readModelDescription(file);
    } catch (error) {
      if (!(error instanceof GgufError)) throw error;
      await reject([file], "not-gguf", `The downloaded ${label} is not a usable model file, so it was deleted: it ${ggufProblem(error)} ${again}`);
    }
  }
  const hashes = typeof options.sha256 === "string" ? [options.sha256] : options.sha256 ?? [];
  for (const [index, want] of hashes.entries()) {
    const file = files[index];
    if (!file) continue;
    options.log?.info(`Checking the SHA-256 of ${path.basename(file)}…`);
    const got = await sha256File(file);
    if (got.toLowerCase() !== want.toLowerCase()) {
      await reject([file], "checksum", `The downloaded ${label} does not match its published SHA-256 (got ${got.slice(0, 12)}…, expected ${want.slice(0, 12)}…), so it was deleted: it was damaged on the way or changed on the server. Download it again (Retry).`);
    }
  }
  return total;
}

/** The GGUF reader's finding without the file path and without its advice (we already deleted it). */
function ggufProblem(error: GgufError): string {
  const text = error.message
    .replace(/^"[^"]*" /, "")
    .replace(/\s*(Delete it and download again|Choose a \.gguf file)\.$/, "")
    .trim();
  return /[.?!]$/.test(text) ? text : `${text}.`;
}

export async function sha256File(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 })) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** Maps what ipull or fetch threw to a DownloadError; the partial file stays for a resume. */
function failure(error: unknown, label: string, downloadedBytes: number): DownloadError {
  const kept = { partialKept: downloadedBytes > 0, downloadedBytes, cause: error };
  const keptText = downloadedBytes > 0 ? ` The ${formatBytes(downloadedBytes)} downloaded so far is kept; Retry resumes from there.` : "";
  const status = (error as { statusCode?: unknown })?.statusCode;
  if (typeof status === "number") {
    return new DownloadError("http", `Downloading ${label} failed: the server answered HTTP ${status}.${keptText} ${httpAdvice(status)}`, { ...kept, status });
  }
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === "ENOSPC") {
    return new DownloadError("disk-space", `The disk filled up while downloading ${label}.${keptText} Free up space, then Retry.`, kept);
  }
  if (code === "EACCES" || code === "EPERM" || code === "EROFS") {
    return new DownloadError("write", `Cannot write ${label} to the models folder (${code}). Choose a folder you can write to (gptOss.modelsFolder).`, kept);
  }
  return new DownloadError("network", `Downloading ${label} failed: ${describeNetworkFailure(error)}.${keptText} Check your connection, then Retry.`, kept);
}

function cancelled(label: string, downloadedBytes: number): DownloadError {
  return new DownloadError(
    "cancelled",
    downloadedBytes > 0
      ? `Download of ${label} paused at ${formatBytes(downloadedBytes)}: it resumes from there next time.`
      : `Download of ${label} cancelled.`,
    { partialKept: downloadedBytes > 0, downloadedBytes },
  );
}

function stalled(label: string, stallMs: number, downloadedBytes: number): DownloadError {
  const keptText = downloadedBytes > 0 ? ` The ${formatBytes(downloadedBytes)} downloaded so far is kept; Retry resumes from there.` : "";
  return new DownloadError(
    "network",
    `Downloading ${label} stopped: no data for ${Math.round(stallMs / 1000)} s (connection lost, or the server stopped answering).${keptText} Check your connection, then Retry.`,
    { partialKept: downloadedBytes > 0, downloadedBytes },
  );
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
