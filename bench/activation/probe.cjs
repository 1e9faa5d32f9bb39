// One cold load, in a fresh plain-Node process: `node probe.cjs MODULE [--activate]
// [--first-use COMMAND]` requires MODULE with `require("vscode")` answered by a stub, runs its
// `activate()` if asked, then (--first-use) executes COMMAND, the first use of a feature, and
// prints one JSON line {loadMs, activateMs, firstUseMs, registrations, logged} (the stub's live
// registrations after activation and after the first use, and the warnings and errors logged:
// test/unit/startupBundle.test.ts reads them). bench/activation.ts runs it many times, interleaved with an
// empty module as baseline. Plain CommonJS so that nothing (tsx, a loader) sits between Node and
// the bundle.
"use strict";
const Module = require("node:module");
const { performance } = require("node:perf_hooks");
const { createVscodeStub, createExtensionContext } = require("./vscodeStub.cjs");

const [file, ...flags] = process.argv.slice(2);
if (!file) throw new Error("usage: node probe.cjs MODULE [--activate] [--first-use COMMAND]");
const firstUse = flags.includes("--first-use") ? flags[flags.indexOf("--first-use") + 1] : undefined;
const vscode = createVscodeStub();
const load = Module._load;
Module._load = function (request, ...rest) {
  return request === "vscode" ? vscode : load.call(this, request, ...rest);
};

const started = performance.now();
const extension = require(file);
const loaded = performance.now();
let activateMs = null;
if (flags.includes("--activate")) {
  const context = createExtensionContext(process.env.EXTENSION_ROOT || process.cwd());
  const before = performance.now();
  // What VS Code times as the activate call: the synchronous part (a promise would be awaited too).
  const result = extension.activate(context);
  activateMs = performance.now() - before;
  if (result && typeof result.then === "function") {
    result.then(() => finish(performance.now() - before), (error) => fail(error));
  } else {
    finish(activateMs);
  }
} else {
  finish(null);
}

async function finish(ms) {
  const result = { loadMs: loaded - started, activateMs: ms };
  if (firstUse) {
    const activated = vscode.__registrations();
    const before = performance.now();
    try {
      await vscode.commands.executeCommand(firstUse);
    } catch (error) {
      fail(error);
      return;
    }
    Object.assign(result, { firstUseMs: performance.now() - before, registrations: { activated, afterFirstUse: vscode.__registrations() }, logged: vscode.__problems() });
  }
  process.stdout.write(`${JSON.stringify(result)}\n`);
  // Timers the extension started (idle unload, debounces) must not keep the probe alive.
  setTimeout(() => process.exit(0), 50).unref();
  setImmediate(() => process.exit(0));
}

function fail(error) {
  process.stderr.write(`activate() failed: ${error && error.stack ? error.stack : error}\n`);
  process.exit(1);
}
