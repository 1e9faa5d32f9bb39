// Installs code-server (VS Code in the browser) and the Node 22 it needs into .cache/code-server/,
// for the end-to-end tests and `npm start`. Runnable (`npm run code-server`) and importable
// (`ensureCodeServer()`). Only the npm registry is needed: every step that would reach GitHub
// is defused first. A stamp file, written last, marks a complete install; anything without it
// is wiped and redone, so a rerun costs nothing and an interrupted one heals itself.
//
//   node scripts/code-server/install.mjs [--force] [--verbose]
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync, createWriteStream } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const CODE_SERVER_VERSION = "4.105.1";
/** code-server 4.105.1 declares Node 22; its native modules are built for that ABI. */
export const NODE_MAJOR = "22";
/** @parcel/watcher is pinned to a GitHub commit in 4.105.1; this registry release replaces it. */
const PARCEL_WATCHER_VERSION = "2.5.6";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const cacheRoot = path.join(repoRoot, ".cache", "code-server");
const installDir = path.join(cacheRoot, CODE_SERVER_VERSION);
const stampFile = path.join(installDir, "installed.json");
const lockDir = path.join(cacheRoot, `${CODE_SERVER_VERSION}.lock`);
const logFile = path.join(cacheRoot, `install-${CODE_SERVER_VERSION}.log`);

const nodePackage = `node-${process.platform}-${process.arch}`;
const nodeDir = path.join(installDir, "node_modules", nodePackage);
const nodeBin = path.join(nodeDir, "bin", "node");
const codeServerDir = path.join(installDir, "node_modules", "code-server");
const codeServerBin = path.join(codeServerDir, "out", "node", "entry.js");

/**
 * @typedef {object} CodeServerInstall
 * @property {string} codeServerBin  code-server's entry script; run it with `nodeBin`
 * @property {string} nodeBin        the Node 22 binary code-server must run on
 * @property {string} nodeDir        that Node's package folder (headers for native builds)
 * @property {string} version        code-server's version
 * @property {string} nodeVersion    the Node version, e.g. "v22.23.3"
 */

/**
 * Returns the installed code-server, installing it first when the stamp is missing.
 * Safe to call from several processes at once: one installs, the others wait.
 * @param {{ force?: boolean, verbose?: boolean, log?: (line: string) => void }} [options]
 * @returns {Promise<CodeServerInstall>}
 */
export async function ensureCodeServer(options = {}) {
  const log = options.log ?? ((line) => console.log(`[code-server] ${line}`));
  const installed = readStamp();
  if (installed && !options.force) return installed;

  await withLock(log, async () => {
    // Another process may have finished the install while this one waited for the lock.
    if (readStamp() && !options.force) return;
    await install({ verbose: !!options.verbose, log });
  });
  const done = readStamp();
  if (!done) throw new Error(`code-server install left no stamp at ${stampFile}`);
  return done;
}

/**
 * The install, if the stamp says it is complete. Paths are derived from this file, not stored,
 * so a restored CI cache or a moved checkout still counts.
 * @returns {CodeServerInstall | undefined}
 */
function readStamp() {
  if (!existsSync(stampFile)) return undefined;
  try {
    const stamp = JSON.parse(readFileSync(stampFile, "utf8"));
    if (stamp.version !== CODE_SERVER_VERSION || !existsSync(codeServerBin) || !existsSync(nodeBin)) return undefined;
    return { codeServerBin, nodeBin, nodeDir, version: CODE_SERVER_VERSION, nodeVersion: stamp.nodeVersion };
  } catch {
    return undefined;
  }
}

async function install({ verbose, log }) {
  const started = Date.now();
  // Anything here without a stamp is a half install (interrupted, failed): start clean.
  if (existsSync(installDir)) {
    log(`removing ${existsSync(stampFile) ? "the previous" : "an incomplete"} install at ${path.relative(repoRoot, installDir)}`);
    rmSync(installDir, { recursive: true, force: true });
  }
  mkdirSync(installDir, { recursive: true });
  writeFileSync(path.join(installDir, "package.json"), JSON.stringify({ private: true }, null, 2));
  writeFileSync(logFile, "");
  log(`installing code-server ${CODE_SERVER_VERSION} with Node ${NODE_MAJOR} into ${path.relative(repoRoot, installDir)} (log: ${path.relative(repoRoot, logFile)})`);

  const tmpDir = path.join(installDir, "tmp");
  mkdirSync(tmpDir);
  const run = (args, env) => npm(args, { cwd: installDir, env, verbose, log });

  // 1. Fetch both packages without running any script: code-server's postinstall needs Node 22
  //    on PATH and the fixes below in place first.
  await step(log, `npm install ${nodePackage}@${NODE_MAJOR} code-server@${CODE_SERVER_VERSION} --ignore-scripts`, () =>
    run(["install", "--ignore-scripts", "--no-audit", "--no-fund", `${nodePackage}@${NODE_MAJOR}`, `code-server@${CODE_SERVER_VERSION}`]),
  );
  if (!existsSync(nodeBin)) throw new Error(`${nodePackage} installed no binary at ${nodeBin}`);
  const nodeVersion = JSON.parse(readFileSync(path.join(nodeDir, "package.json"), "utf8")).version;

  // 2. Replace the GitHub-pinned @parcel/watcher (resolved to git+ssh in the shrinkwrap).
  await step(log, `rewrite @parcel/watcher to ${PARCEL_WATCHER_VERSION} in lib/vscode and lib/vscode/extensions`, async () => {
    for (const dir of ["lib/vscode", "lib/vscode/extensions"]) rewriteParcelWatcher(path.join(codeServerDir, dir));
  });

  // 3. @vscode/ripgrep's postinstall downloads rg from GitHub unless it finds its cached archive.
  await step(log, "seed the ripgrep download cache with /usr/bin/rg", () => seedRipgrepCache(tmpDir, run));

  // 4. Run every install script (code-server's postinstall installs lib/vscode's dependencies and
  //    builds native modules) with Node 22 first on PATH and its headers as nodedir.
  const env = {
    PATH: `${path.dirname(nodeBin)}${path.delimiter}${process.env.PATH}`,
    npm_config_nodedir: nodeDir, // beats `nodedir=/usr` in ~/.npmrc
    npm_config_yes: "true", // else node-pty's `npx node-gyp` waits for a "yes" and is cancelled
    npm_config_unsafe_perm: "true", // code-server's postinstall refuses to run as root without it
    TMPDIR: tmpDir, // where @vscode/ripgrep looks for its cached download
  };
  await step(log, "npm rebuild --foreground-scripts (code-server's postinstall, native modules)", () =>
    run(["rebuild", "--foreground-scripts"], env),
  );

  const version = await step(log, "check: code-server --version", async () => {
    const out = await capture(nodeBin, [codeServerBin, "--version"], env);
    // It prints an i18next advertisement first; keep the "4.105.1 <commit> with Code 1.105.1" line.
    const line = out.split("\n").find((l) => l.startsWith(CODE_SERVER_VERSION));
    if (!line) throw new Error(`unexpected version output: ${out}`);
    return line.trim();
  });
  rmSync(tmpDir, { recursive: true, force: true });

  const stamp = { version: CODE_SERVER_VERSION, nodeVersion: `v${nodeVersion}`, reported: version, installedAt: new Date().toISOString() };
  writeFileSync(stampFile, JSON.stringify(stamp, null, 2));
  log(`done in ${seconds(started)}: ${version} on Node v${nodeVersion}`);
}

/** Points @parcel/watcher at the registry release and drops its shrinkwrap entries (git+ssh URLs). */
function rewriteParcelWatcher(dir) {
  const name = "@parcel/watcher";
  const pkgFile = path.join(dir, "package.json");
  const pkg = JSON.parse(readFileSync(pkgFile, "utf8"));
  for (const field of ["dependencies", "devDependencies", "optionalDependencies"]) {
    if (pkg[field]?.[name]) pkg[field][name] = PARCEL_WATCHER_VERSION;
  }
  writeFileSync(pkgFile, JSON.stringify(pkg, null, 2));

  const wrapFile = path.join(dir, "npm-shrinkwrap.json");
  if (!existsSync(wrapFile)) return;
  const wrap = JSON.parse(readFileSync(wrapFile, "utf8"));
  const packages = wrap.packages ?? {};
  for (const field of ["dependencies", "devDependencies", "optionalDependencies"]) {
    if (packages[""]?.[field]?.[name]) packages[""][field][name] = PARCEL_WATCHER_VERSION;
  }
  for (const key of Object.keys(packages)) {
    if (key.endsWith(`node_modules/${name}`) || key.includes(`node_modules/${name}/`)) delete packages[key];
  }
  writeFileSync(wrapFile, JSON.stringify(wrap, null, 2));
}

/**
 * Writes `$TMPDIR/vscode-ripgrep-cache-<version>/ripgrep-<tag>-<target>.tar.gz` holding the
 * system's rg for every @vscode/ripgrep version the shrinkwraps name. The tag is read from that
 * version's own postinstall.js (fetched with `npm pack`, which the nested install then reuses).
 */
async function seedRipgrepCache(tmpDir, run) {
  const rg = "/usr/bin/rg";
  if (!existsSync(rg)) throw new Error(`${rg} is missing: install Debian's ripgrep (apt-get install -y ripgrep)`);
  const target = { x64: "x86_64-unknown-linux-musl", arm64: "aarch64-unknown-linux-musl" }[process.arch];
  if (process.platform !== "linux" || !target) throw new Error(`no ripgrep target for ${process.platform}-${process.arch}`);

  const versions = new Set();
  for (const dir of ["lib/vscode", "lib/vscode/extensions"]) {
    const wrapFile = path.join(codeServerDir, dir, "npm-shrinkwrap.json");
    if (!existsSync(wrapFile)) continue;
    const packages = JSON.parse(readFileSync(wrapFile, "utf8")).packages ?? {};
    for (const [key, entry] of Object.entries(packages)) {
      if (key.endsWith("node_modules/@vscode/ripgrep") && entry.version) versions.add(entry.version);
    }
  }
  if (versions.size === 0) throw new Error("no @vscode/ripgrep in lib/vscode's shrinkwrap: has the layout changed?");

  const rgStage = path.join(tmpDir, "rg-stage");
  mkdirSync(rgStage, { recursive: true });
  await capture("cp", [rg, path.join(rgStage, "rg")]);
  for (const version of versions) {
    const packDir = path.join(tmpDir, `ripgrep-pack-${version}`);
    mkdirSync(packDir, { recursive: true });
    await run(["pack", `@vscode/ripgrep@${version}`, "--pack-destination", packDir]);
    const tgz = readdirSync(packDir).find((f) => f.endsWith(".tgz"));
    if (!tgz) throw new Error(`npm pack @vscode/ripgrep@${version} produced no archive`);
    const postinstall = await capture("tar", ["-xzOf", path.join(packDir, tgz), "package/lib/postinstall.js"]);
    const tag = /const VERSION = ['"]([^'"]+)['"]/.exec(postinstall)?.[1];
    if (!tag) throw new Error(`no VERSION tag in @vscode/ripgrep@${version}'s postinstall.js`);
    const cacheDir = path.join(tmpDir, `vscode-ripgrep-cache-${version}`);
    mkdirSync(cacheDir, { recursive: true });
    const archive = path.join(cacheDir, `ripgrep-${tag}-${target}.tar.gz`);
    await capture("tar", ["-czf", archive, "-C", rgStage, "rg"]);
    await appendLog(`ripgrep cache: @vscode/ripgrep@${version} (tag ${tag}) -> ${archive}\n`);
  }
}

// ---------------------------------------------------------------------------------------------

let logStream;
function appendLog(text) {
  logStream ??= createWriteStream(logFile, { flags: "a" });
  return new Promise((resolve) => logStream.write(text, resolve));
}

async function step(log, title, fn) {
  const started = Date.now();
  log(`${title} ...`);
  await appendLog(`\n### ${title}\n`);
  const result = await fn();
  log(`  ${title.split(" (")[0]}: ${seconds(started)}`);
  return result;
}

/** The npm process running now: stopped with us, so it cannot write into a folder a rerun wipes. */
let currentChild;
const signals = ["SIGINT", "SIGTERM", "SIGHUP"];
function onSignal(sig) {
  // npm runs its scripts (and they nested npm installs) as children: end the whole group.
  if (currentChild?.pid) {
    try {
      process.kill(-currentChild.pid, "SIGTERM");
    } catch {
      // already gone
    }
  }
  rmSync(lockDir, { recursive: true, force: true });
  for (const s of signals) process.removeListener(s, onSignal);
  process.kill(process.pid, sig); // die of it, as without a handler
}

/** Runs npm with its output going to the install log (and the terminal with --verbose). */
function npm(args, { cwd, env, verbose, log }) {
  return new Promise((resolve, reject) => {
    // detached: its own process group, which onSignal can end as a whole.
    const child = spawn("npm", args, { cwd, env: { ...cleanNpmEnv(), ...env }, stdio: ["ignore", "pipe", "pipe"], detached: true });
    currentChild = child;
    logStream ??= createWriteStream(logFile, { flags: "a" });
    logStream.write(`$ npm ${args.join(" ")}\n`);
    let tail = "";
    const onData = (chunk) => {
      logStream.write(chunk);
      if (verbose) process.stdout.write(chunk);
      tail = (tail + chunk.toString()).slice(-4000);
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("error", reject);
    child.on("close", (code) => {
      currentChild = undefined;
      if (code === 0) return resolve(undefined);
      if (!verbose) log(`npm ${args[0]} failed; last output:\n${tail}`);
      reject(new Error(`npm ${args.join(" ")} exited with ${code} (full log: ${logFile})`));
    });
  });
}

/**
 * This process's environment without what an enclosing `npm run`/`npm test` put there. npm
 * reads `npm_config_*` variables as its own config, so the parent's user agent
 * ("node/v20") would reach code-server's postinstall, which checks it for Node 22 and fails.
 */
function cleanNpmEnv() {
  return Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^npm_(config|lifecycle|package|command|execpath|node_execpath)/i.test(key)),
  );
}

/** Runs a command and returns its stdout; rejects with its stderr on failure. */
function capture(cmd, args, env = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (c) => (out += c));
    child.stderr.on("data", (c) => (err += c));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(out) : reject(new Error(`${cmd} ${args.join(" ")}: exit ${code}\n${err}`))));
  });
}

/** A lock folder (mkdir is atomic) holding the owner's pid; a dead owner's lock is taken over. */
async function withLock(log, fn) {
  mkdirSync(cacheRoot, { recursive: true });
  const pidFile = path.join(lockDir, "pid");
  let waited = false;
  for (;;) {
    try {
      mkdirSync(lockDir);
      writeFileSync(pidFile, String(process.pid));
      break;
    } catch (error) {
      if (error.code !== "EEXIST") throw error;
      const owner = Number(readFileSyncSafe(pidFile));
      if (owner && !isAlive(owner)) {
        rmSync(lockDir, { recursive: true, force: true });
        continue;
      }
      if (!waited) log(`waiting for another install (pid ${owner || "?"}) to finish`);
      waited = true;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  for (const sig of signals) process.on(sig, onSignal);
  try {
    return await fn();
  } finally {
    for (const sig of signals) process.removeListener(sig, onSignal);
    rmSync(lockDir, { recursive: true, force: true });
  }
}

function readFileSyncSafe(file) {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === "EPERM";
  }
}

function seconds(since) {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

// Run as a script: install (or report the existing install) and print where it is.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  try {
    const result = await ensureCodeServer({
      force: process.argv.includes("--force"),
      verbose: process.argv.includes("--verbose"),
    });
    console.log(`[code-server] ready in ${seconds(started)}: ${result.codeServerBin} (Node ${result.nodeVersion})`);
  } catch (error) {
    console.error(`[code-server] install failed: ${error instanceof Error ? error.message : error}`);
    process.exitCode = 1;
  }
}
