// The chat webview in real Chromium, as VS Code hosts it: the bundle built by esbuild.mjs, the
// same CSP with a nonce, VS Code's default webview styles, real theme variables (themes.json,
// captured from VS Code), and a stub acquireVsCodeApi that records what the view posts and
// saves. Host messages are dispatched as window "message" events, as VS Code delivers them.
import { spawnSync } from "child_process";
import { mkdirSync, readFileSync } from "fs";
import * as path from "path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import type { HostToWebview, WebviewToHost } from "../../src/core/protocol";
import { launchChromium } from "../e2e/harness/chromium";

export const repoRoot = path.resolve(__dirname, "../..");
export const screenshotsDir = path.join(repoRoot, ".cache/screenshots");
const origin = "https://webview.test";
const nonce = "dGVzdC1ub25jZQ==";

export type ThemeName = "dark" | "light" | "high-contrast";

interface CapturedTheme {
  theme: string;
  bodyClass: string;
  variables: Record<string, string>;
}

const themes = JSON.parse(readFileSync(path.join(__dirname, "themes.json"), "utf8")) as Record<ThemeName, CapturedTheme>;

let built = false;

/** Builds media/webview.js once per test process (esbuild.mjs builds every bundle; ~1 s). */
export function buildWebview(): void {
  if (built) return;
  const result = spawnSync(process.execPath, ["esbuild.mjs"], { cwd: repoRoot, encoding: "utf8" });
  // Another bundle may be mid-edit by someone else; only the webview's build matters here.
  if (!/\[esbuild\] webview: built/.test(result.stdout)) {
    throw new Error(`the webview bundle did not build:\n${result.stdout}\n${result.stderr}`);
  }
  built = true;
}

export interface OpenOptions {
  theme?: ThemeName;
  /** What getState() returns, as VS Code would after the view was hidden. */
  state?: unknown;
  /** false: no CSP at all, so a sanitizer bug would really run script (hostile-output tests). */
  csp?: boolean;
  width?: number;
  height?: number;
  reducedMotion?: boolean;
}

export interface WebviewPage {
  page: Page;
  context: BrowserContext;
  /** Console warnings and errors, and uncaught page errors. */
  problems: string[];
  dispatch(...messages: unknown[]): Promise<void>;
  /** Everything the view posted to the host so far. */
  posted(): Promise<WebviewToHost[]>;
  /** The last setState() argument (parsed), or undefined. */
  savedState(): Promise<unknown>;
  /** Waits until every pending animation frame has run (two frames: render, then scroll). */
  settle(): Promise<void>;
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

function pageHtml(csp: boolean, bodyClass: string): string {
  const policy = [
    "default-src 'none'",
    `img-src ${origin} data:`,
    `font-src ${origin}`,
    `style-src ${origin}`,
    `script-src 'nonce-${nonce}'`,
  ].join("; ");
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  ${csp ? `<meta http-equiv="Content-Security-Policy" content="${policy}">` : ""}
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link href="${origin}/vscode-default.css" rel="stylesheet">
  <link href="${origin}/chat.css" rel="stylesheet">
  <title>gpt-oss Chat</title>
</head>
<body class="${bodyClass}" data-vscode-theme-kind="${bodyClass.split(" ")[0]}">
  <main id="app" aria-live="polite"></main>
  <script nonce="${nonce}" src="${origin}/webview.js"></script>
</body>
</html>`;
}

/** VS Code's own default webview styles (pre/index.html), in the same cascade layer. */
const vscodeDefaultCss = `@layer vscode-default {
  html { scrollbar-color: var(--vscode-scrollbarSlider-background) var(--vscode-editor-background); }
  body { overscroll-behavior-x: none; background-color: transparent; color: var(--vscode-editor-foreground); font-family: var(--vscode-font-family); font-weight: var(--vscode-font-weight); font-size: var(--vscode-font-size); margin: 0; padding: 0 20px; }
  img, video { max-width: 100%; max-height: 100%; }
  a, a code { color: var(--vscode-textLink-foreground); }
  a:hover { color: var(--vscode-textLink-activeForeground); }
  a:focus, input:focus, select:focus, textarea:focus { outline: 1px solid -webkit-focus-ring-color; outline-offset: -1px; }
  code { font-family: var(--monaco-monospace-font); color: var(--vscode-textPreformat-foreground); background-color: var(--vscode-textPreformat-background); padding: 1px 3px; border-radius: 4px; }
  pre code { padding: 0; }
  blockquote { background: var(--vscode-textBlockQuote-background); border-color: var(--vscode-textBlockQuote-border); }
  ::-webkit-scrollbar { width: 10px; height: 10px; }
  ::-webkit-scrollbar-corner { background-color: var(--vscode-editor-background); }
  ::-webkit-scrollbar-thumb { background-color: var(--vscode-scrollbarSlider-background); }
}
/* Not VS Code's: the side bar behind the (transparent) webview. */
html { background: var(--vscode-sideBar-background); }
`;

/** acquireVsCodeApi as VS Code defines it (once per load), recording instead of posting. */
function stubScript(state: unknown, variables: Record<string, string>): string {
  return `(() => {
  window.__posted = [];
  window.__savedState = undefined;
  window.__stateSaves = 0;
  const variables = ${JSON.stringify(variables)};
  // VS Code sets the theme on <html> as CSSOM properties (allowed by the CSP); the element may
  // not exist yet when this runs.
  const applyTheme = () => {
    for (const [name, value] of Object.entries(variables)) document.documentElement.style.setProperty(name, value);
  };
  if (document.documentElement) applyTheme();
  else {
    const observer = new MutationObserver(() => {
      if (!document.documentElement) return;
      observer.disconnect();
      applyTheme();
    });
    observer.observe(document, { childList: true });
  }
  let acquired = false;
  let current = ${state === undefined ? "undefined" : JSON.stringify(state)};
  window.acquireVsCodeApi = () => {
    if (acquired) throw new Error("An instance of the VS Code API has already been acquired");
    acquired = true;
    return Object.freeze({
      postMessage: (message) => window.__posted.push(JSON.parse(JSON.stringify(message))),
      // VS Code serializes the state on every call; so does the stub, so costs are real.
      setState: (next) => {
        current = next;
        window.__savedState = JSON.stringify(next);
        window.__stateSaves++;
        return next;
      },
      getState: () => current,
    });
  };
})();`;
}

const contentTypes: Record<string, string> = { ".js": "text/javascript", ".css": "text/css", ".html": "text/html" };

export async function openWebview(browser: Browser, options: OpenOptions = {}): Promise<WebviewPage> {
  buildWebview();
  const theme = themes[options.theme ?? "dark"];
  const context = await browser.newContext({
    viewport: { width: options.width ?? 420, height: options.height ?? 760 },
    reducedMotion: options.reducedMotion === false ? "no-preference" : "reduce",
  });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin });
  await context.route(`${origin}/**`, async (route) => {
    const url = new URL(route.request().url());
    const name = url.pathname.slice(1);
    if (name === "index.html") return route.fulfill({ contentType: "text/html", body: pageHtml(options.csp !== false, theme.bodyClass) });
    if (name === "vscode-default.css") return route.fulfill({ contentType: "text/css", body: vscodeDefaultCss });
    // Only the files VS Code would serve from the extension's media folder.
    if (/^[\w.-]+\.(?:js|css)$/.test(name)) {
      try {
        return await route.fulfill({ contentType: contentTypes[path.extname(name)]!, body: readFileSync(path.join(repoRoot, "media", name)) });
      } catch {
        return route.fulfill({ status: 404, body: "" });
      }
    }
    return route.fulfill({ status: 404, body: "" });
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "warning" || message.type() === "error") problems.push(`[${message.type()}] ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`[pageerror] ${error.message}`));

  // Runs before the page's own scripts (and, injected by the browser, is not bound by the CSP),
  // as VS Code's own preamble is. A string, not a function: tsx's transform would add helpers
  // (__name) that do not exist in the page.
  await page.addInitScript(stubScript(options.state, theme.variables));
  await page.goto(`${origin}/index.html`);
  try {
    await page.waitForFunction(() => ((window as unknown as { __posted: unknown[] }).__posted ?? []).length > 0, undefined, { timeout: 10_000 });
  } catch (error) {
    throw new Error(`the webview never posted "ready":\n${problems.join("\n")}`, { cause: error });
  }

  const view: WebviewPage = {
    page,
    context,
    problems,
    async dispatch(...messages) {
      await page.evaluate((list) => {
        for (const data of list) window.dispatchEvent(new MessageEvent("message", { data }));
      }, messages);
    },
    posted: () => page.evaluate(() => (window as unknown as { __posted: WebviewToHost[] }).__posted),
    async savedState() {
      const json = await page.evaluate(() => (window as unknown as { __savedState?: string }).__savedState);
      return json === undefined ? undefined : JSON.parse(json);
    },
    settle: () => page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())))),
    async screenshot(name) {
      mkdirSync(screenshotsDir, { recursive: true });
      const file = path.join(screenshotsDir, `${name}.png`);
      await view.settle();
      await page.screenshot({ path: file });
      return file;
    },
    close: () => context.close(),
  };
  return view;
}

export { launchChromium };

// ---- Host messages, typed by the protocol ----

export const usableModel: HostToWebview = {
  type: "model",
  model: {
    kind: "catalog",
    id: "gpt-oss-20b",
    label: "gpt-oss-20b",
    sizeBytes: 12_100_000_000,
    memoryBytes: 16_000_000_000,
    description: "21B parameters (3.6B active).",
    stored: { state: "complete" },
  },
};

export function turnStart(turnId: string, text: string): HostToWebview {
  return { type: "turnStart", turnId, text };
}

export function event(turnId: string, chatEvent: Extract<HostToWebview, { type: "turnEvent" }>["event"]): HostToWebview {
  return { type: "turnEvent", turnId, event: chatEvent };
}

export function text(turnId: string, channel: "analysis" | "commentary" | "final" | "other", chunk: string): HostToWebview {
  return event(turnId, { kind: "text", channel, text: chunk });
}

/** Splits text into token-sized chunks (words and the spaces before them), as a model streams. */
export function chunks(source: string): string[] {
  return source.match(/\s*\S+|\s+/g) ?? [];
}

/** Streams `source` on one channel, a chunk per message, yielding to the page every few chunks. */
export async function stream(view: WebviewPage, turnId: string, channel: "analysis" | "commentary" | "final", source: string): Promise<void> {
  const parts = chunks(source);
  for (let i = 0; i < parts.length; i += 8) {
    await view.dispatch(...parts.slice(i, i + 8).map((part) => text(turnId, channel, part)));
  }
}
