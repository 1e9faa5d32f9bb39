// node-llama-cpp's downloader (ipull 3.9) retries a failed request up to 150 times with backoff
// (~12 minutes), silently, and keeps retrying after it was cancelled: `download()` then never
// settles while the network is down (measured against a loopback server that went away). Its
// public API exposes neither the retries nor a way to stop them, so this reaches into its
// internals, best effort: if the shapes are not there (another version), it does nothing and
// the caller's own abort and stall handling still work; only the background retries linger.

/** Called on every failed request ipull is about to retry. */
export type RetryListener = (attempt: number, error: unknown) => void;

interface FetchStreamLike {
  aborted?: boolean;
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  withSubState(state: unknown): FetchStreamLike;
  fetchWithoutRetryChunks(callback: unknown): Promise<unknown>;
}

/**
 * Makes every request stream of `downloader` stop retrying once it is closed (ipull treats an
 * error named AbortError as "stop quietly"), and reports retries to `onRetry`.
 * Returns false when ipull's internals were not found.
 */
export function guardIpullRetries(downloader: unknown, onRetry: RetryListener): boolean {
  const fileDownloaders = (downloader as { _specificFileDownloaders?: unknown })._specificFileDownloaders;
  if (!Array.isArray(fileDownloaders) || fileDownloaders.length === 0) return false;
  const streams = fileDownloaders.map((file) => (file as { options?: { fetchStream?: unknown } })?.options?.fetchStream);
  if (!streams.every(isFetchStream)) return false;
  for (const stream of streams) {
    stream.on("errorCountIncreased", (count, error) => onRetry(Number(count), error));
    const withSubState = stream.withSubState.bind(stream);
    stream.withSubState = (state) => {
      const sub = withSubState(state);
      const fetchOnce = sub.fetchWithoutRetryChunks.bind(sub);
      sub.fetchWithoutRetryChunks = async (callback) => {
        if (sub.aborted) throw Object.assign(new Error("Download closed"), { name: "AbortError" });
        return fetchOnce(callback);
      };
      return sub;
    };
  }
  return true;
}

function isFetchStream(value: unknown): value is FetchStreamLike {
  const stream = value as Partial<FetchStreamLike> | undefined;
  return typeof stream?.on === "function" && typeof stream.withSubState === "function" && typeof stream.fetchWithoutRetryChunks === "function";
}
