// Starts a throwaway code-server for tests and `npm start`: its own port, profile and XDG folders,
// so nothing touches ~/.local/share/code-server or a code-server the developer already runs.
//
//   const server = await launchCodeServer({ folder });
//   page.goto(server.workbenchUrl({ folder, extensionDevelopmentPath: repoRoot }));
//   await server.stop();
import { spawn } from "node:child_process";
import { closeSync, cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ensureCodeServer, repoRoot } from "./install.mjs";

/** Where code-server's own logs go (kept after stop, for reading a failure). */
export const logsDir = path.join(repoRoot, "test-results", "logs");

/**
 * User settings for test profiles: no welcome page, tips, update checks or AI chat panel
 * competing with the extension under test for the window.
 */
const quietSettings = {
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "workbench.welcomePage.walkthroughs.openOnInstall": false,
  "workbench.secondarySideBar.defaultVisibility": "hidden",
  "chat.disableAIFeatures": true,
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "extensions.ignoreRecommendations": true,
  "update.mode": "none",
  "telemetry.telemetryLevel": "off",
  "git.enabled": false,
  "window.restoreWindows": "none",
};

/**
 * @typedef {object} LaunchOptions
 * @property {string} [folder]                  folder code-server opens when the URL names none
 * @property {boolean} [disableWorkspaceTrust]  default true; false to test Restricted Mode
 * @property {string[]} [vsix]                  .vsix files to install into the temp extensions dir first
 * @property {string[]} [extensionFolders]      unpacked extensions (a folder with package.json) to put in the
 *                                              extensions dir as installed ones, beside the one under development
 * @property {Record<string, unknown>} [settings] user settings merged over the quiet defaults
 * @property {string} [name]                    names the log file (test-results/logs/code-server-NAME.log)
 * @property {Record<string, string>} [env]     extra environment for code-server and its extension host
 * @property {number} [timeoutMs]               how long to wait for /healthz (default 30 s)
 * @property {number} [port]                   default 0: a free port the OS picks
 * @property {string} [profileDir]              keep the profile here across runs (for humans);
 *                                              default: a temp folder that stop() removes
 * @property {boolean} [marketplace]            default false: no extension gallery (open-vsx.org),
 *                                              so nothing tries the network; true for humans
 */

/**
 * @typedef {object} WorkbenchUrlOptions
 * @property {string} [folder]                    absolute folder to open
 * @property {string} [extensionDevelopmentPath]  absolute path of an extension to load from source
 * @property {string} [extensionTestsPath]        absolute path of a module exporting `run()`
 */

/**
 * @typedef {object} CodeServer
 * @property {string} url        e.g. http://127.0.0.1:41234
 * @property {number} port
 * @property {number} pid        code-server's process id (also its process group)
 * @property {string} logFile    code-server's stdout and stderr
 * @property {string} vscodeLogsDir where stop() copies VS Code's logs (extension host, output channels)
 * @property {string} profileDir the temp folder with user data, extensions and XDG dirs
 * @property {string} extensionsDir
 * @property {string} userDataDir
 * @property {(options?: WorkbenchUrlOptions) => string} workbenchUrl
 * @property {() => string} readLog
 * @property {() => Promise<void>} stop  kills code-server's process group and removes the profile
 */

/**
 * @param {LaunchOptions} [options]
 * @returns {Promise<CodeServer>}
 */
export async function launchCodeServer(options = {}) {
  const { codeServerBin, nodeBin } = await ensureCodeServer();
  // os.tmpdir(), not the repo: code-server puts a Unix socket in the user-data dir, and socket
  // paths are limited to ~107 bytes.
  const keepProfile = !!options.profileDir;
  const profileDir = options.profileDir ?? mkdtempSync(path.join(os.tmpdir(), "gpt-oss-e2e-"));
  const userDataDir = path.join(profileDir, "user-data");
  const extensionsDir = path.join(profileDir, "extensions");
  const xdg = path.join(profileDir, "xdg");
  for (const dir of [userDataDir, extensionsDir, xdg]) mkdirSync(dir, { recursive: true });
  mkdirSync(path.join(userDataDir, "User"), { recursive: true });
  const settingsFile = path.join(userDataDir, "User", "settings.json");
  if (!keepProfile || !existsSync(settingsFile)) {
    writeFileSync(settingsFile, JSON.stringify({ ...quietSettings, ...options.settings }, null, 2));
  }
  const removeProfile = () => {
    if (!keepProfile) rmSync(profileDir, { recursive: true, force: true, maxRetries: 3 });
  };

  const env = {
    ...process.env,
    // Node 22 first: code-server spawns its extension host with process.execPath, but its
    // terminals and tasks find `node` on PATH.
    PATH: `${path.dirname(nodeBin)}${path.delimiter}${process.env.PATH}`,
    XDG_CONFIG_HOME: path.join(xdg, "config"),
    XDG_DATA_HOME: path.join(xdg, "data"),
    XDG_CACHE_HOME: path.join(xdg, "cache"),
    // An empty gallery turns the marketplace off: no update checks against open-vsx.org (each
    // one an ENOTFOUND error in the logs when offline) for the extension under development.
    ...(options.marketplace ? {} : { EXTENSIONS_GALLERY: "{}" }),
    ...options.env,
  };
  // Run from a terminal inside code-server, this would make the CLI talk to that instance.
  delete env.VSCODE_IPC_HOOK_CLI;

  try {
    for (const vsix of options.vsix ?? []) await installExtension({ vsix, extensionsDir, userDataDir, env });
    for (const folder of options.extensionFolders ?? []) copyExtensionFolder(folder, extensionsDir);
  } catch (error) {
    removeProfile();
    throw error;
  }

  mkdirSync(logsDir, { recursive: true });
  const name = options.name ?? String(process.pid);
  const logFile = path.join(logsDir, `code-server-${name}.log`);
  // VS Code's own logs (remote extension host, each extension's output channel) live in the
  // profile; stop() copies them here before removing it.
  const vscodeLogsDir = path.join(logsDir, `vscode-${name}`);
  rmSync(vscodeLogsDir, { recursive: true, force: true });
  const logFd = openSync(logFile, "w");
  const args = [
    codeServerBin,
    // Port 0: the OS picks a free one, and code-server prints which.
    "--bind-addr", `127.0.0.1:${options.port ?? 0}`,
    "--auth", "none",
    "--user-data-dir", userDataDir,
    "--extensions-dir", extensionsDir,
    "--disable-telemetry",
    "--disable-update-check",
    "--disable-getting-started-override",
    ...(options.disableWorkspaceTrust === false ? [] : ["--disable-workspace-trust"]),
    ...(options.folder ? [options.folder] : []),
  ];
  // detached: its own process group, so stop() also ends the extension host and other children.
  const child = spawn(nodeBin, args, { cwd: profileDir, env, detached: true, stdio: ["ignore", logFd, logFd] });
  closeSync(logFd);
  const pid = /** @type {number} */ (child.pid);
  let exited = false;
  const exitPromise = new Promise((resolve) => child.on("exit", (code, signal) => {
    exited = true;
    resolve({ code, signal });
  }));
  // unref: a test that forgets stop() still lets its process end (the exit hook below cleans up).
  child.unref();

  const readLog = () => readFileSafe(logFile);
  // If this process dies without calling stop() (a crash, Ctrl+C, a test runner's timeout), the
  // detached group would live on: end it and remove the profile on the way out.
  const abandon = () => {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      // already gone
    }
    removeProfile();
  };
  live.add(abandon);
  installExitHooks();
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    live.delete(abandon);
    await killGroup(pid, () => exited, exitPromise);
    const vscodeLogs = path.join(userDataDir, "logs");
    if (existsSync(vscodeLogs)) cpSync(vscodeLogs, vscodeLogsDir, { recursive: true });
    removeProfile();
  };

  let port;
  try {
    port = await waitForPort(readLog, () => exited, options.timeoutMs ?? 30_000);
    await waitForHealthz(`http://127.0.0.1:${port}/healthz`, () => exited, options.timeoutMs ?? 30_000);
  } catch (error) {
    await stop();
    throw new Error(`${error instanceof Error ? error.message : error}\n--- ${logFile} ---\n${readLog().slice(-4000)}`);
  }

  const url = `http://127.0.0.1:${port}`;
  // The workbench reads extension development options from the URL's payload; paths are URIs on
  // the "remote" (this machine, as seen through code-server).
  const remote = (p) => `vscode-remote://127.0.0.1:${port}${path.resolve(p)}`;
  const workbenchUrl = ({ folder, extensionDevelopmentPath, extensionTestsPath } = {}) => {
    const query = new URLSearchParams();
    if (folder) query.set("folder", path.resolve(folder));
    const payload = [];
    if (extensionDevelopmentPath) payload.push(["extensionDevelopmentPath", remote(extensionDevelopmentPath)]);
    if (extensionTestsPath) payload.push(["extensionTestsPath", remote(extensionTestsPath)]);
    if (payload.length) query.set("payload", JSON.stringify(payload));
    const search = query.toString();
    return `${url}/${search ? `?${search}` : ""}`;
  };

  return { url, port, pid, logFile, vscodeLogsDir, profileDir, extensionsDir, userDataDir, workbenchUrl, readLog, stop };
}

/**
 * Installs a .vsix into an extensions folder with code-server's CLI (about 0.5 s).
 * @param {{ vsix: string, extensionsDir: string, userDataDir?: string, env?: NodeJS.ProcessEnv }} options
 */
export async function installExtension({ vsix, extensionsDir, userDataDir, env }) {
  const { codeServerBin, nodeBin } = await ensureCodeServer();
  const args = [codeServerBin, "--install-extension", path.resolve(vsix), "--extensions-dir", extensionsDir, "--force"];
  if (userDataDir) args.push("--user-data-dir", userDataDir);
  const output = await new Promise((resolve, reject) => {
    const child = spawn(nodeBin, args, { env: env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (c) => (out += c));
    child.stderr.on("data", (c) => (out += c));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(out) : reject(new Error(`installing ${vsix} failed (exit ${code}):\n${out}`))));
  });
  // The CLI exits 0 even when it refuses a package; its message says so.
  if (/failed|error/i.test(/** @type {string} */ (output)) && !/successfully installed/i.test(/** @type {string} */ (output))) {
    throw new Error(`installing ${vsix} failed:\n${output}`);
  }
}

/**
 * Puts an unpacked extension where an installed one lives (`<publisher>.<name>-<version>` in the
 * extensions dir), before the server starts. The workbench URL's payload names only one extension
 * under development (a second `extensionDevelopmentPath` replaces the first), so test extensions
 * beside ours are installed this way; VS Code scans the folder on start as it does after a
 * `--install-extension`.
 * @param {string} folder
 * @param {string} extensionsDir
 */
export function copyExtensionFolder(folder, extensionsDir) {
  const manifest = JSON.parse(readFileSync(path.join(folder, "package.json"), "utf8"));
  cpSync(folder, path.join(extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`), { recursive: true });
}

/** Cleanups of servers not yet stopped, run synchronously if the process exits first. */
const live = new Set();
let hooksInstalled = false;
function installExitHooks() {
  if (hooksInstalled) return;
  hooksInstalled = true;
  const cleanUp = () => {
    for (const abandon of live) abandon();
    live.clear();
  };
  process.on("exit", cleanUp);
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) {
    process.once(sig, function onSignal() {
      cleanUp();
      // Keep the default outcome (exit by that signal) unless someone else handles it.
      if (process.listenerCount(sig) === 0) process.kill(process.pid, sig);
    });
  }
}

async function waitForPort(readLog, hasExited, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const match = /HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(readLog());
    if (match) return Number(match[1]);
    if (hasExited()) throw new Error("code-server exited during startup");
    await sleep(100);
  }
  throw new Error(`code-server did not report its port within ${timeoutMs} ms`);
}

async function waitForHealthz(url, hasExited, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (hasExited()) throw new Error("code-server exited during startup");
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

/** SIGTERM to the whole group, SIGKILL after 5 s. Never touches processes outside the group. */
async function killGroup(pid, hasExited, exitPromise) {
  const signal = (sig) => {
    try {
      process.kill(-pid, sig);
    } catch {
      // already gone
    }
  };
  if (!hasExited()) {
    signal("SIGTERM");
    // Cleared on exit: a pending timer would keep the test process alive 5 s after a clean stop.
    let timer;
    await new Promise((resolve) => {
      timer = setTimeout(resolve, 5000);
      exitPromise.then(resolve);
    });
    clearTimeout(timer);
  }
  // The extension host and other children may outlive code-server itself: end the rest too.
  signal("SIGKILL");
}

function readFileSafe(file) {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
