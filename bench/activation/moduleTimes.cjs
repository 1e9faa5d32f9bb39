// `bench:activation -- --modules`: where loading the bundle spends its time, module by module.
// An unminified esbuild bundle marks each module with a `// path` comment before its top-level
// code; a copy of it with a clock reading at each mark, loaded once in plain Node with the stub
// `vscode`, gives each module's top-level evaluation time (and, before the first mark, Node's
// reading and compiling of the file). Usage: node moduleTimes.cjs BUNDLE  -> JSON on stdout.
"use strict";
const fs = require("node:fs");
const Module = require("node:module");

const path = require("node:path");
const { performance } = require("node:perf_hooks");
const { createVscodeStub } = require("./vscodeStub.cjs");

const bundle = path.resolve(process.argv[2]);
const lines = fs.readFileSync(bundle, "utf8").split("\n");
const out = ["globalThis.__moduleMarks = [];"];
for (const line of lines) {
  const mark = /^\/\/ ((?:src|node_modules|\.\.\/)\S*)$/.exec(line);
  if (mark) out.push(`globalThis.__moduleMarks.push([${JSON.stringify(mark[1].replace(/^.*node_modules\//, "node_modules/"))}, performance.now()]);`);
  out.push(line);
}
// Beside the bundle, so its relative requires (./o200k-base.js) still resolve.
const copy = path.join(path.dirname(bundle), `.module-times-${process.pid}.js`);
fs.writeFileSync(copy, out.join("\n"));
const vscode = createVscodeStub();
const load = Module._load;
Module._load = function (request, ...rest) {
  return request === "vscode" ? vscode : load.call(this, request, ...rest);
};
try {
  const started = performance.now();
  require(copy);
  const ended = performance.now();
  const marks = globalThis.__moduleMarks;
  const byModule = new Map();
  for (let i = 0; i < marks.length; i++) {
    const [name, at] = marks[i];
    const until = i + 1 < marks.length ? marks[i + 1][1] : ended;
    const key = name.startsWith("node_modules/") ? name.split("/").slice(0, name.split("/")[1].startsWith("@") ? 3 : 2).join("/") : name;
    byModule.set(key, (byModule.get(key) ?? 0) + until - at);
  }
  const top = [...byModule].sort((a, b) => b[1] - a[1]).slice(0, 15);
  process.stdout.write(`${JSON.stringify({ totalMs: ended - started, beforeFirstModuleMs: marks.length ? marks[0][1] - started : ended - started, modules: top })}\n`);
} finally {
  fs.rmSync(copy, { force: true });
}

