// Why a model file cannot be used, in words a user can act on. The code lets callers (the
// engine, the UI) choose a remedy, e.g. offer to download again after "truncated".

export type GgufErrorCode =
  /** Nothing at that path. */
  | "not-found"
  /** The path is a folder or a device, not a file. */
  | "not-a-file"
  /** The file exists but cannot be opened or read (permissions, I/O error). */
  | "unreadable"
  /** The file does not start with the GGUF magic: an HTML page, an LFS pointer, another format. */
  | "not-gguf"
  /** The file ends before the header or the tensor data it declares: an interrupted download. */
  | "truncated"
  /** A GGUF version (or byte order) this reader does not understand. */
  | "unsupported-version"
  /** The header contradicts itself: impossible lengths, unknown value types. */
  | "corrupt";

export class GgufError extends Error {
  override readonly name = "GgufError";

  constructor(
    readonly code: GgufErrorCode,
    message: string,
    readonly path: string,
  ) {
    super(message);
  }
}
