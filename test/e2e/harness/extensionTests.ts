// Runs a suite inside the real extension host through VS Code's extension-test API, the way
// @vscode/test-electron does for desktop VS Code: the workbench URL carries
// extensionDevelopmentPath + extensionTestsPath, the host loads the bundle and calls `run()`,
// and the workbench reports the outcome by calling `window.codeAutomationExit(code, logs)`.
import { repoRoot, sampleWorkspace, suiteIndex } from "./paths";
import { openSession, type Session } from "./session";

/** Same constant as in test/e2e/suite/index.ts: marks the suite reporter's lines. */
const OUTPUT_PREFIX = "[suite] ";

export interface ExtensionTestsOptions {
  /** Names the log files (test-results/logs/{code-server,browser}-NAME.log). */
  name?: string;
  /** Bundled suite entry exporting `run()` (default out/test/suite/index.js). */
  extensionTestsPath?: string;
  extensionDevelopmentPath?: string;
  folder?: string;
  disableWorkspaceTrust?: boolean;
  /** Extra environment for the extension host, e.g. { GPT_OSS_SUITE_GREP: "activation" }. */
  env?: Record<string, string>;
  /** Whole run, workbench start included (default 120 s). */
  timeoutMs?: number;
  /** Receives each line the suite prints, as it arrives (default: none). */
  onOutput?: (line: string) => void;
}

export interface ExtensionTestsResult {
  /** What the extension host exited with: 0 when run() resolved. */
  exitCode: number;
  /** The suite's own output (mocha's spec reporter), one entry per line. */
  output: string[];
  /** Error-level lines from the workbench and extension host, for diagnosing a failure. */
  errors: string[];
  /** The workbench's log files as codeAutomationExit hands them over (window.log, exthost logs...). */
  logs: Array<{ relativePath: string; contents: string }>;
  durationMs: number;
  browserLog: string;
  serverLog: string;
  /** VS Code's logs, copied when the session closes: extension host, output channels. */
  vscodeLogs: string;
}

export async function runExtensionTests(options: ExtensionTestsOptions = {}): Promise<ExtensionTestsResult> {
  const started = Date.now();
  const timeoutMs = options.timeoutMs ?? 120_000;
  let reportExit!: (result: { code: number; logs: ExtensionTestsResult["logs"] }) => void;
  const exited = new Promise<{ code: number; logs: ExtensionTestsResult["logs"] }>((resolve) => (reportExit = resolve));

  const output: string[] = [];
  const errors: string[] = [];
  let session: Session | undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    session = await openSession({
      name: options.name ?? "extension-tests",
      folder: options.folder ?? sampleWorkspace,
      extensionDevelopmentPath: options.extensionDevelopmentPath ?? repoRoot,
      extensionTestsPath: options.extensionTestsPath ?? suiteIndex,
      ...(options.disableWorkspaceTrust !== undefined ? { disableWorkspaceTrust: options.disableWorkspaceTrust } : {}),
      ...(options.env ? { env: options.env } : {}),
      // The suite may finish before the workbench would count as "ready": don't wait for it.
      waitForWorkbench: false,
      beforeNavigate: (page) =>
        page.exposeFunction("codeAutomationExit", (code: number, logs?: ExtensionTestsResult["logs"]) => {
          reportExit({ code, logs: logs ?? [] });
        }),
    });
    session.onConsoleLine((line) => {
      const at = line.indexOf(OUTPUT_PREFIX);
      if (at >= 0) {
        const text = line.slice(at + OUTPUT_PREFIX.length);
        output.push(text);
        options.onOutput?.(text);
      } else if (/^\[(ERR|error|pageerror)\]/.test(line)) {
        errors.push(line);
      }
    });

    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`the extension-host suite did not finish within ${timeoutMs / 1000} s`)),
        timeoutMs - (Date.now() - started),
      );
    });
    const { code, logs } = await Promise.race([exited, timedOut]);
    await session.flushConsole();
    return {
      exitCode: code,
      output,
      errors,
      logs,
      durationMs: Date.now() - started,
      browserLog: session.browserLog,
      serverLog: session.server.logFile,
      vscodeLogs: session.server.vscodeLogsDir,
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(
      [
        message,
        `--- suite output so far ---`,
        ...output,
        `--- errors from the workbench and extension host ---`,
        ...errors.slice(-30),
        session ? `logs: ${session.browserLog}, ${session.server.logFile}, ${session.server.vscodeLogsDir}/` : "",
      ].join("\n"),
    );
  } finally {
    clearTimeout(timer);
    await session?.close();
  }
}

/** A failure message that reads on its own: the suite's output plus where the logs are. */
export function describeFailure(result: ExtensionTestsResult): string {
  return [
    `extension-host suite exited with code ${result.exitCode}`,
    "--- suite output ---",
    ...result.output,
    ...(result.errors.length ? ["--- errors from the workbench and extension host ---", ...result.errors.slice(-30)] : []),
    `logs: ${result.browserLog}, ${result.serverLog}, ${result.vscodeLogs}/ (the extension's output channel is in there)`,
  ].join("\n");
}
