// The tool contract: what a tool is (name, zod parameters, risk, words for the model and the user),
// and the environment it runs in. A tool's logic (path policy, paging, exact-match edits, caps)
// lives once in core; the environment is the thin part that differs between VS Code (open editor
// buffers, WorkspaceEdit, a visible terminal, language services) and the command-line tool
// (plain files, no language services).
import type * as z from "zod";
import type { SecretPolicy } from "./secrets";
import type { ResolvedWorkspacePath, ResolveOptions, WorkspaceFolderPath } from "./workspacePaths";

/** read: only looks; edit: changes files; run: runs a program. Changing tools need approval. */
/** `external`: a tool from an MCP server or another extension; we cannot know what it does, so it asks. */
export type ToolRisk = "read" | "edit" | "run" | "external";

export function isChangingRisk(risk: ToolRisk): boolean {
  return risk !== "read";
}

/** What a tool hands back. `content` goes to the model as the `functions.NAME` message. */
export interface ToolResult {
  content: string;
  /** A failure the model should act on (bad path, text not found...). The loop goes on. */
  isError?: boolean;
  /** One line for the user's tool card ("42 lines of src/a.ts", "3 matches in 2 files"). */
  summary?: string;
  /** `content` was cut to fit; it then says so and how to read more. */
  truncated?: boolean;
}

/** A change proposed by a changing tool, computed in full before anything is applied. */
export type ProposedChange =
  | {
      kind: "edit";
      /** As the user reads it: relative to the workspace folder, "/" separators. */
      path: string;
      absolute: string;
      /** The text the edits were computed against; applying checks it is still there. */
      before: string;
      after: string;
      /** True when the file does not exist yet (`before` is ""). */
      create: boolean;
    }
  | {
      kind: "command";
      command: string;
      /** Absolute working folder (inside the workspace). */
      cwd: string;
      /** As the user reads it. */
      cwdLabel: string;
    }
  | {
      /** apply_patch: several files changed together, approved once and applied as one edit. */
      kind: "patch";
      files: PatchFileChange[];
    }
  | {
      kind: "external";
      /** Where the tool comes from, as the user reads it: "MCP server weather", "extension foo.bar". */
      source: string;
      /** The tool's own name at its source. */
      tool: string;
      /** The arguments as the model wrote them, pretty-printed JSON (capped). */
      arguments: string;
    };

/** One file of a patch. Texts are whole files, computed before anything is applied. */
export interface PatchFileChange {
  action: "add" | "update" | "delete";
  /** As the user reads it (for a move, the new path). */
  path: string;
  absolute: string;
  /** The text the change was computed against ("" for add); applying checks it is still there. */
  before: string;
  /** The new text ("" for delete). */
  after: string;
  /** An update with `*** Move to:`: where the file is now; it is removed from there. */
  movedFrom?: { path: string; absolute: string };
}

/** Thrown by a tool for a failure the model can fix; becomes an error result, not a crash. */
export class ToolError extends Error {
  override name = "ToolError";
}

export type DirectoryEntryType = "file" | "directory" | "symlink" | "other";

export interface DirectoryEntry {
  name: string;
  type: DirectoryEntryType;
  /** Bytes, for files. */
  size?: number;
}

export interface CommandOutcome {
  /** null when killed (timeout, cancel). */
  exitCode: number | null;
  /** stdout and stderr interleaved as produced, cut to the size limit. */
  output: string;
  timedOut: boolean;
  /** Output beyond the size limit was dropped. */
  truncated: boolean;
  durationMs: number;
}

export interface CommandOptions {
  timeoutMs: number;
  maxOutputBytes: number;
  signal: AbortSignal;
}

/** One position in a file as the model reads it: 1-based line and column. */
export interface SourceLocation {
  /** Relative to its workspace folder when inside one ("/" separators), else absolute. */
  path: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  /** The source line, trimmed, for context. */
  preview?: string;
}

export interface DiagnosticInfo extends SourceLocation {
  severity: "error" | "warning" | "information" | "hint";
  message: string;
  source?: string;
  code?: string;
}

export interface SymbolInfo {
  name: string;
  kind: string;
  line: number;
  endLine: number;
  detail?: string;
  children?: SymbolInfo[];
}

export interface EditorContext {
  path: string;
  languageId: string;
  /** 1-based, inclusive. */
  visibleLines: { start: number; end: number };
  selection?: { start: { line: number; column: number }; end: { line: number; column: number }; text: string };
  /** Unsaved changes in the editor. */
  dirty: boolean;
}

/** VS Code's language services. The command-line tool has none; those tools then say so. */
export interface LanguageServices {
  /** For one file, or the whole workspace when `absolute` is undefined. */
  diagnostics(absolute: string | undefined): Promise<DiagnosticInfo[]>;
  documentSymbols(absolute: string): Promise<SymbolInfo[]>;
  /** `line`/`column` 1-based. */
  definitions(absolute: string, line: number, column: number): Promise<SourceLocation[]>;
  references(absolute: string, line: number, column: number): Promise<SourceLocation[]>;
  editorContext(): Promise<EditorContext | undefined>;
}

export interface RipgrepOutcome {
  /** null when we stopped it. */
  exitCode: number | null;
  stderr: string;
  /** `onLine` asked to stop before ripgrep finished. */
  stopped: boolean;
}

export interface RipgrepOptions {
  cwd: string;
  signal: AbortSignal;
  /** Called per output line (without "\n"); true goes on, false stops ripgrep. */
  onLine(line: string): boolean;
  /**
   * Records end with NUL instead of a line break (`rg --files --null`): a file name may hold a
   * newline, and split on lines it would read as two paths.
   */
  nulSeparated?: boolean;
}

/** What is at a path, as the tools need to know it. */
export interface FileInfo {
  type: "file" | "directory" | "symlink" | "other";
  /** Bytes. */
  size: number;
  /** For "other": what it is, in words ("a named pipe (FIFO)", "a socket"...; see fileKind.ts). */
  special?: string;
}

/** The platform's path arithmetic (node:path on the extension host): core imports no `node:path`. */
export interface PathSyntax {
  readonly sep: string;
  isAbsolute(path: string): boolean;
  dirname(path: string): string;
  basename(path: string): string;
  resolve(...paths: string[]): string;
  relative(from: string, to: string): string;
}

/**
 * The file system and processes underneath the tools, the same for every environment on Node
 * (src/node/tools/nodeFileAccess.ts): core stays free of `node:` imports, so the tools' logic
 * could run anywhere that supplies these.
 */
export interface FileAccess {
  readonly paths: PathSyntax;
  /** What is at `absolute` (following symbolic links unless `followLinks` is false); undefined when nothing is. */
  stat(absolute: string, options?: { followLinks?: boolean }): Promise<FileInfo | undefined>;
  /** The workspace path policy (workspacePaths.ts): a path the model wrote, inside `folders`, or a PathPolicyError. */
  resolvePath(requested: string, folders: readonly WorkspaceFolderPath[], options?: ResolveOptions): Promise<ResolvedWorkspacePath>;
  /** Runs ripgrep (`rgPath`) streaming its output lines (ripgrepArgs.ts). */
  runRipgrep(rgPath: string, args: readonly string[], options: RipgrepOptions): Promise<RipgrepOutcome>;
  /** Runs `work` with a fresh temporary file holding `text`, removed afterwards. */
  withTemporaryFile<T>(text: string, work: (file: string) => Promise<T>): Promise<T>;
}

/** Where and how the tools touch the workspace. */
export interface ToolEnvironment extends FileAccess {
  readonly folders: readonly WorkspaceFolderPath[];
  readonly secretPolicy: SecretPolicy;
  /** The ripgrep binary (VS Code ships one; Debian's `rg`). */
  readonly ripgrepPath: string;
  /** Globs (relative, like files.exclude) that find_files and search_text leave out, beside .gitignore. */
  readonly excludeGlobs: readonly string[];
  /** The text as the user sees it: an open editor's unsaved buffer, else the file on disk. */
  readText(absolute: string): Promise<string>;
  readDirectory(absolute: string): Promise<DirectoryEntry[]>;
  /**
   * Applies a computed edit in one step (VS Code: one WorkspaceEdit, undoable). Must refuse with a
   * ToolError when the current text is no longer `change.before` (the user typed meanwhile).
   */
  applyEdit(change: Extract<ProposedChange, { kind: "edit" }>): Promise<void>;
  /**
   * Applies a patch's files all together (VS Code: one WorkspaceEdit, one undo). Must check every
   * file's `before` (and that added/moved-to files do not exist) before changing any, refusing
   * with a ToolError.
   */
  applyPatch(files: readonly PatchFileChange[]): Promise<void>;
  runCommand(command: string, cwd: string, options: CommandOptions): Promise<CommandOutcome>;
  readonly languageServices?: LanguageServices;
}

export interface ToolContext {
  env: ToolEnvironment;
  signal: AbortSignal;
  /** Characters of `content` a result may hold before it is cut (the agent sets it from the context window). */
  maxResultChars: number;
}

/** One tool. `P` is the parsed parameters (the zod schema's output). */
export interface Tool<P = unknown> {
  /** snake_case, as the model calls it: `functions.NAME`. */
  readonly name: string;
  /** Written for the model: what it does, when to use it, what it returns. */
  readonly description: string;
  readonly parameters: z.ZodType<P>;
  /**
   * Reads the raw argument text when it is not the JSON object the schema wants (apply_patch takes
   * a bare patch too). Returns the value to validate, or undefined to fall back to JSON.
   */
  readArguments?(text: string): unknown;
  /** The parameters' JSON Schema as its source gave it (MCP servers), instead of one derived from `parameters`. */
  readonly inputSchema?: Record<string, unknown>;
  readonly risk: ToolRisk;
  /**
   * A built-in tool of gpt-oss (`python`, `browser.search`...): the model addresses it by this
   * name instead of `functions.NAME`, it is declared in the system message, not the developer
   * message, and its result goes back on the call's channel.
   */
  readonly recipient?: string;
  /** The call's message text is the argument itself (python's code), not JSON. `P` is then a string. */
  readonly rawArguments?: boolean;
  /** Needs VS Code's language services (absent in the command-line tool). */
  readonly needsLanguageServices?: boolean;
  /** Present tense for the running card: "Reading src/a.ts". */
  invocationMessage(params: P): string;
  /** Changing tools: the full change, computed without applying anything. */
  prepare?(params: P, context: ToolContext): Promise<ProposedChange>;
  /** Runs the tool; for a changing tool, applies `change` (the prepared one, after approval). */
  run(params: P, context: ToolContext, change?: ProposedChange): Promise<ToolResult>;
}

/** A tool whose parameter type has been forgotten, as registries hold them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyTool = Tool<any>;
