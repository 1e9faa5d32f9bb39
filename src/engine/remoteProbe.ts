// One quick request per file before the download starts: is the server there, does the file
// exist, how big is it. ipull answers these by retrying for minutes (5xx, refused connections)
// or by carrying on with size 0 (404), so asking first is what makes errors prompt and clear.
import { formatBytes } from "../core/format";
import { DownloadError, describeNetworkFailure, httpAdvice } from "./downloadErrors";

export interface RemoteFiles {
  /** Announced size of each file; undefined where the server did not say. */
  sizes: Array<number | undefined>;
  /** Sum of the sizes, when every one is known. */
  totalBytes: number | undefined;
}

export interface ProbeOptions {
  label: string;
  signal: AbortSignal | undefined;
  timeoutMs: number;
  /** Bytes of a partial download on disk, for the "kept" part of messages. */
  partialBytes: number;
  /** Send the Hugging Face token (HF_TOKEN), as node-llama-cpp does for gated models. */
  huggingFace: boolean;
}

export async function probeRemoteFiles(urls: string[], options: ProbeOptions): Promise<RemoteFiles> {
  const sizes: Array<number | undefined> = [];
  for (const url of urls) sizes.push(await probe(url, options));
  const totalBytes = sizes.every((size) => size !== undefined) ? sizes.reduce<number>((sum, size) => sum + (size ?? 0), 0) : undefined;
  return { sizes, totalBytes };
}

async function probe(url: string, options: ProbeOptions): Promise<number | undefined> {
  const signals = [AbortSignal.timeout(options.timeoutMs), ...(options.signal ? [options.signal] : [])];
  const signal = AbortSignal.any(signals);
  const headers: Record<string, string> = { "Accept-Encoding": "identity" };
  const token = process.env.HF_TOKEN;
  if (options.huggingFace && token) headers.Authorization = `Bearer ${token}`;
  const host = hostOf(url);
  try {
    let response = await fetch(url, { method: "HEAD", headers, redirect: "follow", signal });
    if (response.status === 405 || response.status === 501) {
      // No HEAD here: ask for one byte instead, and drop the body.
      response = await fetch(url, { method: "GET", headers: { ...headers, Range: "bytes=0-0" }, redirect: "follow", signal });
      await response.body?.cancel().catch(() => undefined);
    }
    if (!response.ok) {
      const kept = options.partialBytes > 0 ? ` The ${formatBytes(options.partialBytes)} downloaded earlier is kept.` : "";
      throw new DownloadError(
        "http",
        `Cannot download ${options.label}: ${host} answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ""}.${kept} ${httpAdvice(response.status)}`,
        { status: response.status, partialKept: options.partialBytes > 0, downloadedBytes: options.partialBytes },
      );
    }
    return announcedSize(response);
  } catch (error) {
    if (error instanceof DownloadError) throw error;
    if (options.signal?.aborted) {
      throw new DownloadError("cancelled", `Download of ${options.label} cancelled.`, {
        partialKept: options.partialBytes > 0,
        downloadedBytes: options.partialBytes,
      });
    }
    const kept = options.partialBytes > 0 ? ` The ${formatBytes(options.partialBytes)} downloaded earlier is kept and the download resumes from there.` : "";
    throw new DownloadError(
      "network",
      `Cannot reach ${host} to download ${options.label}: ${describeNetworkFailure(error)}. Check your internet connection (or proxy), then Retry.${kept}`,
      { cause: error, partialKept: options.partialBytes > 0, downloadedBytes: options.partialBytes },
    );
  }
}

function announcedSize(response: Response): number | undefined {
  const range = /\/(\d+)\s*$/.exec(response.headers.get("content-range") ?? "");
  if (range) return Number(range[1]);
  if (response.status === 206) return undefined;
  // Hugging Face states an LFS file's size here when the response is a redirect hop.
  const length = Number(response.headers.get("x-linked-size") ?? response.headers.get("content-length") ?? NaN);
  return Number.isFinite(length) && length > 0 ? length : undefined;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
