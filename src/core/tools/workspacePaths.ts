// The workspace path policy's words: what a resolved path is and how a refusal looks. The
// resolver itself touches the disk (real paths, symlinks) and lives in the Node layer,
// src/node/tools/workspacePaths.ts, reached through ToolEnvironment.resolvePath.
//
// It turns a path the model wrote into a file inside the workspace folders, or a refusal the model
// can act on. Every file-touching tool goes through here, so this is where "tools only see the
// workspace" is enforced.
//
// Rules:
// - Relative paths are resolved against the workspace folder(s); absolute paths and file:// URIs
//   are accepted when they land inside one. "." and ".." are collapsed lexically first, so
//   "src/../README.md" is fine and "../x" is refused; the final location is what counts.
// - Multi-root: as VS Code shows paths in a multi-root workspace, a relative path may start with
//   a folder's name ("lib/src/util.ts"); that prefix always wins. An unprefixed path goes to the
//   first folder where it exists; one that exists nowhere is refused as ambiguous (the model is
//   asked to name the folder). With a single folder, no prefix is stripped: "app/x" is "app/x".
// - Case: folder containment is compared case-insensitively on Windows and macOS (their default
//   file systems fold case), case-sensitively elsewhere; `caseSensitive` overrides. The returned
//   path keeps the spelling the model gave.
// - Separators: "relative" always uses "/". On POSIX a backslash is an ordinary file-name
//   character, so "src\..\x" is one (odd) name inside the folder, never a way out.
// - Symlinks: the real path of the longest existing prefix is taken (following dangling links
//   too), so a file not yet created under a symlinked folder is checked as well. A real path
//   outside every workspace folder is refused; a link into another workspace folder is fine.
// - "~" is never expanded (the home folder is outside); control characters (NUL...) are refused.
// Left to callers: the check and the later open are separate steps, so a link swapped in
// between is not caught here; the Node environments check the opened descriptor again
// (src/node/files/verifiedOpen.ts) and write through the checked folder (verifiedWrite.ts).
/** A workspace folder as the tools see it: its display name and absolute path on disk. */
export interface WorkspaceFolderPath {
  readonly name: string;
  readonly path: string;
}

export interface ResolvedWorkspacePath {
  readonly folder: WorkspaceFolderPath;
  /** The absolute path, lexically normalised (symlinks not replaced): what the tool opens. */
  readonly absolute: string;
  /** Relative to `folder`, always with "/"; "." for the folder itself. */
  readonly relative: string;
  /**
   * Where the file really is (symlinks followed), relative to the workspace folder holding it.
   * Check secrets against this as well as `relative`: "notes.txt -> .env" is still .env.
   */
  readonly realRelative: string;
}

export type PathPolicyCode = "outside-workspace" | "symlink-escape" | "not-found" | "invalid";

/** A refused path. The message is written for the model: it goes back as the tool's error. */
export class PathPolicyError extends Error {
  override name = "PathPolicyError";
  constructor(
    readonly code: PathPolicyCode,
    readonly requested: string,
    message: string,
  ) {
    super(message);
  }
}

export interface ResolveOptions {
  /** Refuse with "not-found" when nothing exists there (reading); leave off for creating. */
  readonly mustExist?: boolean;
  /** Defaults to the platform's usual file system: folds case on Windows and macOS. */
  readonly caseSensitive?: boolean;
}

