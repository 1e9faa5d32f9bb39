// One end-to-end session: a throwaway code-server plus headless Chromium showing its workbench,
// with the extension under development loaded from the repository. `close()` always cleans up
// (call it from an `after` hook), and the browser console is kept in test-results/logs.
import { createWriteStream, mkdirSync, type WriteStream } from "fs";
import * as path from "path";
import type { Browser, ConsoleMessage, Page } from "playwright-core";
import type { CodeServer, LaunchOptions } from "../../../scripts/code-server/launch.mjs" with { "resolution-mode": "import" };
import { launchChromium } from "./chromium";
import { formatConsoleMessage } from "./console";
import { logsDir, repoRoot, sampleWorkspace } from "./paths";
import { tinyModelPath } from "../../helpers/tinyModel";
import { waitForWorkbench } from "./workbench";

export interface SessionOptions {
  /** Names the log files: test-results/logs/{code-server,browser}-NAME.log. */
  name: string;
  /** Folder to open (default: the sample workspace). */
  folder?: string;
  /** Extension loaded from source (default: the repository root); null for none. */
  extensionDevelopmentPath?: string | null;
  /** A bundled suite exporting `run()`; see extensionTests.ts for running one to completion. */
  extensionTestsPath?: string;
  /** Default true; false to test Restricted Mode. */
  disableWorkspaceTrust?: boolean;
  settings?: Record<string, unknown>;
  vsix?: string[];
  /** Unpacked extensions installed beside the one under development (launch.mjs's extensionFolders). */
  extensionFolders?: string[];
  env?: Record<string, string>;
  /** Called before the page navigates (e.g. to expose functions). */
  beforeNavigate?: (page: Page) => Promise<unknown>;
  /** Wait for the workbench to render (default true). */
  waitForWorkbench?: boolean;
}

export interface Session {
  server: CodeServer;
  browser: Browser;
  page: Page;
  /** The browser console so far, formatted, one entry per message ("[LEVEL] text"). */
  consoleLines: string[];
  /** Called with each formatted console line, in order. */
  onConsoleLine(listener: (line: string) => void): void;
  /** Resolves once every console message received so far has been recorded. */
  flushConsole(): Promise<void>;
  /** test-results/logs/browser-NAME.log: the same lines, kept after the session. */
  browserLog: string;
  close(): Promise<void>;
}

export async function openSession(options: SessionOptions): Promise<Session> {
  const { launchCodeServer } = await import("../../../scripts/code-server/launch.mjs");
  const folder = options.folder ?? sampleWorkspace;
  const launch: LaunchOptions = { name: options.name, folder };
  if (options.disableWorkspaceTrust !== undefined) launch.disableWorkspaceTrust = options.disableWorkspaceTrust;
  if (options.settings) launch.settings = options.settings;
  if (options.vsix) launch.vsix = options.vsix;
  if (options.extensionFolders) launch.extensionFolders = options.extensionFolders;
  if (options.env) launch.env = options.env;

  // Both start at once: code-server takes ~0.7 s, Chromium ~0.5 s.
  const [server, browser] = await Promise.allSettled([launchCodeServer(launch), launchChromium()]);
  if (server.status === "rejected" || browser.status === "rejected") {
    if (server.status === "fulfilled") await server.value.stop();
    if (browser.status === "fulfilled") await browser.value.close();
    throw server.status === "rejected" ? server.reason : (browser as PromiseRejectedResult).reason;
  }

  const consoleLines: string[] = [];
  mkdirSync(logsDir, { recursive: true });
  const browserLog = path.join(logsDir, `browser-${options.name}.log`);
  const logStream: WriteStream = createWriteStream(browserLog);
  const listeners: Array<(line: string) => void> = [];
  let closed = false;
  const record = (line: string) => {
    consoleLines.push(line);
    if (!logStream.writableEnded) logStream.write(`${line}\n`);
    for (const listener of listeners) listener(line);
  };
  // Formatting is asynchronous (argument handles); chaining keeps the lines in order.
  let consoleChain = Promise.resolve();
  const session: Session = {
    server: server.value,
    browser: browser.value,
    page: undefined as unknown as Page,
    consoleLines,
    onConsoleLine: (listener) => listeners.push(listener),
    flushConsole: () => consoleChain,
    browserLog,
    async close() {
      if (closed) return;
      closed = true;
      // Let pending console lines land, but not for long (a cleared timer: no idle second).
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([consoleChain, new Promise((resolve) => (timer = setTimeout(resolve, 1000)))]);
      clearTimeout(timer);
      const results = await Promise.allSettled([session.browser.close(), session.server.stop()]);
      await new Promise((resolve) => logStream.end(resolve));
      const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
      if (failed) throw failed.reason;
    },
  };

  try {
    const context = await session.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    session.page = page;
    page.on("console", (message: ConsoleMessage) => {
      const formatted = formatConsoleMessage(message);
      consoleChain = consoleChain.then(async () => record(await formatted));
    });
    page.on("pageerror", (error) => {
      consoleChain = consoleChain.then(() => record(`[pageerror] ${error.stack ?? error.message}`));
    });
    await options.beforeNavigate?.(page);

    const url = session.server.workbenchUrl({
      folder,
      ...(options.extensionDevelopmentPath === null ? {} : { extensionDevelopmentPath: options.extensionDevelopmentPath ?? repoRoot }),
      ...(options.extensionTestsPath ? { extensionTestsPath: options.extensionTestsPath } : {}),
    });
    await page.goto(url);
    if (options.waitForWorkbench !== false) await waitForWorkbench(page);
    return session;
  } catch (error) {
    await session.close().catch(() => undefined);
    throw error;
  }
}

/**
 * The agent tests' settings: the tiny test model on the CPU with one thread (more is far slower on
 * a 2-core machine) and an 8,192-token window, plus `extra`.
 */
export async function tinyModelSettings(extra: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  return { "gptOss.model": await tinyModelPath(), "gptOss.threads": 1, "gptOss.contextSize": 8192, "gptOss.gpu": "cpu", ...extra };
}
