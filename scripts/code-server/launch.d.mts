// Types for launch.mjs, so the TypeScript test harness can import it.
export declare const logsDir: string;

export interface LaunchOptions {
  /** Folder code-server opens when the URL names none. */
  folder?: string;
  /** Default true; false to test Restricted Mode. */
  disableWorkspaceTrust?: boolean;
  /** .vsix files to install into the temporary extensions folder before starting. */
  vsix?: string[];
  /** Unpacked extensions (a folder with package.json) copied into the extensions folder before starting. */
  extensionFolders?: string[];
  /** User settings merged over the quiet test defaults. */
  settings?: Record<string, unknown>;
  /** Names the logs: test-results/logs/code-server-NAME.log and test-results/logs/vscode-NAME/. */
  name?: string;
  /** Extra environment for code-server and its extension host. */
  env?: Record<string, string>;
  /** Default 0: a free port the OS picks. */
  port?: number;
  /** Keep the profile here across runs (for humans); default: a temp folder that stop() removes. */
  profileDir?: string;
  /** Default false: no extension gallery (open-vsx.org), so nothing tries the network. */
  marketplace?: boolean;
  /** How long to wait for /healthz (default 30 s). */
  timeoutMs?: number;
}

export interface WorkbenchUrlOptions {
  /** Absolute folder to open. */
  folder?: string;
  /** Absolute path of an extension to load from source. */
  extensionDevelopmentPath?: string;
  /** Absolute path of a module exporting `run()` (VS Code's extension-test API). */
  extensionTestsPath?: string;
}

export interface CodeServer {
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  port: number;
  /** code-server's process id (also its process group). */
  pid: number;
  /** code-server's stdout and stderr. */
  logFile: string;
  /** Where stop() copies VS Code's logs: remote extension host, each extension's output channel. */
  vscodeLogsDir: string;
  /** The folder holding user data, extensions and XDG folders (temporary unless given). */
  profileDir: string;
  extensionsDir: string;
  userDataDir: string;
  workbenchUrl(options?: WorkbenchUrlOptions): string;
  readLog(): string;
  /** Kills code-server's process group and removes the profile. Safe to call twice. */
  stop(): Promise<void>;
}

export declare function launchCodeServer(options?: LaunchOptions): Promise<CodeServer>;

export declare function installExtension(options: {
  vsix: string;
  extensionsDir: string;
  userDataDir?: string;
  env?: NodeJS.ProcessEnv;
}): Promise<void>;
