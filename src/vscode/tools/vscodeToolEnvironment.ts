// The tools' environment inside VS Code: the workspace folders on disk, the user's settings, open
// editor buffers, undoable WorkspaceEdits, a visible terminal and the language services. Each
// property is read when a tool asks, so a folder added or a setting changed applies at once.
import { listCheckedDirectory, type FileScope } from "../../node/files/verifiedOpen";
import * as path from "node:path";
import * as vscode from "vscode";
import type { CommandOutcome, DirectoryEntry, LanguageServices, ToolEnvironment } from "../../core/tools/contract";
import type { SecretPolicy } from "../../core/tools/secrets";
import type { WorkspaceFolderPath } from "../../core/tools/workspacePaths";
import { runShellCommand } from "../../node/shellCommand";
import { nodeFileAccess } from "../../node/tools/nodeFileAccess";
import type { Log } from "../log";
import { CommandTerminal } from "./commandTerminal";
import { applyProposedEdit, readDocumentText } from "./documents";
import { createLanguageServices } from "./languageServices";
import { applyPatchEdit } from "./patchEdit";
import { findRipgrep } from "./ripgrep";
import { readToolSettings } from "./toolSettings";
import { diskWorkspaceFolders, displayPath } from "./workspaceFolders";

export interface VscodeToolEnvironment extends ToolEnvironment, vscode.Disposable {
  readonly languageServices: LanguageServices;
}

export interface VscodeToolEnvironmentOptions {
  log?: Log;
  /** Mirror commands in the "gpt-oss" terminal (default true; tests may turn it off). */
  showCommands?: boolean;
  /** See LanguageServicesOptions.diagnosticsWaitMs. */
  diagnosticsWaitMs?: number;
  /**
   * A command's time limit. Default: gptOss.tools.commandTimeoutSeconds, which wins over the
   * tool's own default (the user's setting is the point of having one).
   */
  commandTimeoutMs?(requested: number): number;
}

let lastPolicy: { key: string; policy: SecretPolicy } | undefined;

/**
 * The same object while the setting stays the same: tools compile a policy once per object
 * (resolveForTool keeps a WeakMap), and a search checks every result against it.
 */
function secretPolicy(): SecretPolicy {
  const allow = readToolSettings().secretAllowList;
  const key = JSON.stringify(allow);
  if (lastPolicy?.key !== key) lastPolicy = { key, policy: { allow } };
  return lastPolicy.policy;
}

/** `files.exclude` globs that are switched on (`true`; the `{ when }` form needs a sibling check tools don't do). */
function excludeGlobs(): string[] {
  const globs = new Set<string>();
  const scopes: Array<vscode.Uri | undefined> = vscode.workspace.workspaceFolders?.map((folder) => folder.uri) ?? [undefined];
  for (const scope of scopes) {
    const exclude = vscode.workspace.getConfiguration("files", scope).get<Record<string, unknown>>("exclude") ?? {};
    for (const [glob, on] of Object.entries(exclude)) if (on === true) globs.add(glob);
  }
  return [...globs];
}

/** The folder's entries, read through its checked descriptor (see src/node/files/verifiedOpen.ts). */
async function readDirectory(absolute: string): Promise<DirectoryEntry[]> {
  const scope = fileScope();
  const shown = path.relative(scope.folders.find((folder) => absolute.startsWith(folder.path))?.path ?? path.dirname(absolute), absolute) || ".";
  const listed = await listCheckedDirectory(absolute, scope, shown);
  return listed.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** What opened files are checked against, read afresh (folders and settings may change). */
function fileScope(): FileScope {
  return { folders: diskWorkspaceFolders(), secretPolicy: secretPolicy() };
}

export function createVscodeToolEnvironment(options: VscodeToolEnvironmentOptions = {}): VscodeToolEnvironment {
  const terminal = options.showCommands === false ? undefined : new CommandTerminal();
  /** Commands still running: stopped when the extension goes away (their process groups would outlive it). */
  const running = new Set<AbortController>();
  let ripgrep: string | undefined;
  const languageServices = createLanguageServices({
    secretPolicy,
    ...(options.diagnosticsWaitMs !== undefined ? { diagnosticsWaitMs: options.diagnosticsWaitMs } : {}),
  });

  return {
    ...nodeFileAccess,
    get folders(): readonly WorkspaceFolderPath[] {
      return diskWorkspaceFolders();
    },
    get secretPolicy(): SecretPolicy {
      return secretPolicy();
    },
    get ripgrepPath(): string {
      ripgrep ??= findRipgrep(vscode.env.appRoot);
      return ripgrep;
    },
    get excludeGlobs(): readonly string[] {
      return excludeGlobs();
    },
    languageServices,
    readText: (absolute) => readDocumentText(absolute, fileScope()),
    readDirectory,
    applyEdit: (change) =>
      applyProposedEdit(change, fileScope(), {
        onSaveFailed: (shown) => options.log?.warn(`Edited ${shown}, but saving it failed; the change is in the editor, unsaved.`),
      }),
    applyPatch: (files) =>
      applyPatchEdit(files, {
        readText: (absolute) => readDocumentText(absolute, fileScope()),
        onSaveFailed: (shown) => options.log?.warn(`Patched ${shown}, but saving it failed; the change is in the editor, unsaved.`),
      }),
    async runCommand(command, cwd, commandOptions): Promise<CommandOutcome> {
      // Ctrl+C in the terminal stops the command as a cancel from the chat would.
      const interrupt = new AbortController();
      running.add(interrupt);
      const signal = AbortSignal.any([commandOptions.signal, interrupt.signal]);
      terminal?.start(command, displayPath(vscode.Uri.file(cwd)).path, () => interrupt.abort());
      options.log?.info(`Running \`${command}\` in ${cwd}`);
      const outcome = await runShellCommand(command, cwd, {
        ...commandOptions,
        timeoutMs: options.commandTimeoutMs ? options.commandTimeoutMs(commandOptions.timeoutMs) : readToolSettings().commandTimeoutMs,
        signal,
        ...(terminal ? { onOutput: (text: string) => terminal.output(text) } : {}),
      }).finally(() => running.delete(interrupt));
      terminal?.finish(outcome, signal.aborted && !outcome.timedOut);
      options.log?.info(`\`${command}\` ended: ${outcome.timedOut ? "timed out" : `exit code ${outcome.exitCode}`} after ${outcome.durationMs} ms`);
      return outcome;
    },
    dispose() {
      for (const command of running) command.abort();
      terminal?.dispose();
    },
  };
}
