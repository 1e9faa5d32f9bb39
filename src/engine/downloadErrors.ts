// Why a model download stopped, in words a user can act on. The code lets the UI pick the
// remedy (Retry for network trouble, Choose Local File for a bad source, free space for disk);
// `partialKept` says whether the next attempt resumes or starts over.
import { errorText } from "./errors";

export type DownloadErrorCode =
  /** The user cancelled; the partial file is kept and the next download resumes. */
  | "cancelled"
  /** Server unreachable, connection dropped or stalled; partial kept. */
  | "network"
  /** The server answered with an error status (`status` holds it); partial kept. */
  | "http"
  /** Not enough free disk space for what is left to download; nothing fetched. */
  | "disk-space"
  /** The model folder cannot be created or written (permissions, read-only disk). */
  | "write"
  /** The finished file is not the size the server or the catalog announced; deleted. */
  | "size-mismatch"
  /** The finished file is not a complete GGUF (an error page, a truncated file); deleted. */
  | "not-gguf"
  /** The finished file's SHA-256 differs from the catalog's; deleted. */
  | "checksum"
  /** The same file is already being downloaded (this window or another one). */
  | "busy"
  /** A model URI this downloader cannot resolve. */
  | "bad-uri";

export class DownloadError extends Error {
  override readonly name = "DownloadError";

  constructor(
    readonly code: DownloadErrorCode,
    message: string,
    readonly details: {
      /** True when a partial download stays on disk and the next attempt resumes from it. */
      partialKept?: boolean;
      /** HTTP status, for code "http". */
      status?: number;
      /** Bytes on disk (complete chunks) when the download stopped. */
      downloadedBytes?: number;
      cause?: unknown;
    } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
  }

  get partialKept(): boolean {
    return this.details.partialKept ?? false;
  }
}

/** What to do about an HTTP error status, in one sentence. */
export function httpAdvice(status: number): string {
  if (status === 401 || status === 403) return "The server refused access: the file may be gated or private (for Hugging Face, set HF_TOKEN), or a proxy blocks it.";
  if (status === 404 || status === 410) return "The file is not there (moved or renamed): an extension update may fix the link, or download it yourself and use “Choose Local File…”.";
  if (status === 416) return "The partial file no longer matches the server's file: delete it (gpt-oss: Manage Downloaded Models) and download again.";
  if (status === 429) return "Too many requests: wait a few minutes, then Retry.";
  if (status >= 500) return "The server has a problem: try again later (Retry).";
  return "Retry, or download the file yourself and use “Choose Local File…”.";
}

/** What a network-level failure means for a person: "connection refused", not "fetch failed". */
export function describeNetworkFailure(error: unknown): string {
  const code = networkErrorCode(error);
  switch (code) {
    case "ECONNREFUSED":
      return "the server refused the connection";
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return "the server's name could not be resolved (offline, or DNS trouble)";
    case "ECONNRESET":
    case "UND_ERR_SOCKET":
    case "EPIPE":
      return "the connection was dropped";
    case "ETIMEDOUT":
    case "UND_ERR_CONNECT_TIMEOUT":
    case "UND_ERR_HEADERS_TIMEOUT":
    case "UND_ERR_BODY_TIMEOUT":
    case "TimeoutError":
      return "the server did not answer in time";
    case "CERT_HAS_EXPIRED":
    case "UNABLE_TO_VERIFY_LEAF_SIGNATURE":
    case "SELF_SIGNED_CERT_IN_CHAIN":
    case "DEPTH_ZERO_SELF_SIGNED_CERT":
      return "the server's TLS certificate was not accepted (a proxy may be intercepting HTTPS)";
    default:
      return code ? `network error ${code}` : innermostMessage(error);
  }
}

/** undici says "fetch failed" and keeps the reason ("bad port", "other side closed") in `cause`. */
function innermostMessage(error: unknown): string {
  let message = errorText(error);
  for (let current = (error as { cause?: unknown })?.cause, depth = 0; current && depth < 4; depth++) {
    if (current instanceof Error && current.message) message = current.message;
    current = (current as { cause?: unknown }).cause;
  }
  return message;
}

/** The errno-like code of a fetch failure, which undici hides in `cause` (sometimes twice). */
function networkErrorCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && depth < 4; depth++) {
    const record = current as { code?: unknown; name?: unknown; cause?: unknown };
    if (typeof record.code === "string") return record.code;
    if (record.name === "TimeoutError") return "TimeoutError";
    current = record.cause;
  }
  return undefined;
}
