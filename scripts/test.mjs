// `npm test`: the whole suite, in the order that fails fastest.
//   typecheck (all, core, webview) -> build -> unit (plain Node, the layer check included) -> webview (the chat UI in real Chromium)
//   -> engine (tiny model; llama-server built once for the server backend) -> e2e (real VS Code)
// `node scripts/test.mjs unit engine` runs only the named stages (build always runs first
// for engine and e2e). Each stage prints its duration; the run stops at the first failure.
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const allStages = ["typecheck", "unit", "webview", "engine", "e2e"];
const requested = process.argv.slice(2);
const unknown = requested.filter((s) => !allStages.includes(s));
if (unknown.length) {
  console.error(`Unknown stage(s): ${unknown.join(", ")}. Stages: ${allStages.join(", ")}.`);
  process.exit(2);
}
const stages = requested.length ? requested : allStages;

/** Test files under `dir` whose names end in `.test.ts`, sorted so runs are repeatable. */
function testFiles(dir) {
  const abs = path.join(root, dir);
  const found = [];
  const walk = (folder) => {
    for (const name of readdirSync(folder).sort()) {
      const full = path.join(folder, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith(".test.ts")) found.push(path.relative(root, full));
    }
  };
  try {
    walk(abs);
  } catch {
    return [];
  }
  return found;
}

function run(label, command, args, env = {}) {
  const started = Date.now();
  console.log(`\n=== ${label} ===\n$ ${[command, ...args].join(" ")}`);
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    console.error(`\n✗ ${label} failed after ${seconds} s (exit ${result.status ?? result.signal}).`);
    process.exit(result.status || 1);
  }
  console.log(`✓ ${label} (${seconds} s)`);
}

function nodeTests(label, dir, extraArgs = []) {
  const files = testFiles(dir);
  if (files.length === 0) {
    console.error(`No test files under ${dir}.`);
    process.exit(1);
  }
  // One file at a time: engine and e2e tests each use a core; two at once on a 2-core machine
  // only makes both slower and noisier. A test that hangs fails after 5 minutes instead of
  // stalling CI (the slowest, the 100-seed grammar run, takes about 2 minutes on a busy machine).
  run(label, process.execPath, ["--import", "tsx", "--test", "--test-concurrency=1", "--test-timeout=300000", ...extraArgs, ...files]);
}

const started = Date.now();
// Three projects: everything (Node + DOM types), then core with neither Node's nor the DOM's types
// and the webview without Node's, so a layer reaching for what it may not use fails to compile.
// (The import rule itself is test/unit/layers.test.ts.)
if (stages.includes("typecheck")) {
  for (const project of [".", "src/core", "src/webview"]) run(`typecheck ${project}`, process.execPath, [path.join(root, "node_modules/typescript/bin/tsc"), "--noEmit", "-p", project]);
}
if (stages.some((s) => s === "webview" || s === "engine" || s === "e2e")) run("build", process.execPath, ["esbuild.mjs", "--tests"]);
if (stages.includes("unit")) nodeTests("unit tests", "test/unit");
if (stages.includes("webview")) nodeTests("webview tests", "test/webview");
if (stages.includes("engine")) {
  run("tiny model", "npm", ["run", "-s", "tiny-model"]);
  // The server backend's tests run against llama.cpp's own llama-server, built from the source
  // node-llama-cpp ships: ~8 minutes (measured 486 s) the first time on 2 cores, cached in .cache/llama.cpp/ after.
  // A stage of its own, so the build is not counted against a test file's time limit.
  run("llama-server", process.execPath, ["--import", "tsx", "bench/llamaBench.cli.ts", "--build-only", "--target", "llama-server"]);
  nodeTests("engine tests", "test/engine");
}
if (stages.includes("e2e")) {
  run("code-server", process.execPath, ["scripts/code-server/install.mjs"]);
  nodeTests("end-to-end tests", "test/e2e/ui");
}
console.log(`\nAll stages passed (${stages.join(", ")}) in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
