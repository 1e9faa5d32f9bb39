// The layer rule (docs/ARCHITECTURE.md) holds for src/, and the check that says so can fail: each
// kind of breach, fed to it as a small graph, is reported.
import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import { checkLayers, findCycles, readImportGraph, type ImportGraph, type ModuleImports } from "../helpers/importGraph";

const SRC = path.join(__dirname, "../../src");

function graph(entries: Record<string, Partial<ModuleImports>>): ImportGraph {
  return new Map(Object.entries(entries).map(([file, imports]) => [file, { files: imports.files ?? [], packages: imports.packages ?? [] }]));
}

test("src/ keeps the layer rule: no upward or cross-layer import, no Node builtin in core or webview, no cycle", () => {
  const real = readImportGraph(SRC);
  assert.ok(real.size > 200, `read only ${real.size} files`);
  assert.deepEqual(checkLayers(real).map((v) => v.message), []);
});

test("core imports nothing from node:, and the graph reader sees a core file's imports", () => {
  const real = readImportGraph(SRC);
  const parser = real.get("core/harmony/parser.ts");
  assert.ok(parser && parser.files.length > 0, "the parser's own imports were read");
  for (const [file, imports] of real) {
    if (file.startsWith("core/")) assert.deepEqual(imports.packages.filter((p) => p.startsWith("node:")), [], file);
  }
});

test("an upward import is reported (core importing engine)", () => {
  const violations = checkLayers(graph({ "core/a.ts": { files: ["engine/b.ts"] }, "engine/b.ts": {} }));
  assert.equal(violations.length, 1);
  assert.equal(violations[0]!.kind, "layer");
  assert.match(violations[0]!.message, /core\/a\.ts \(core\) imports engine\/b\.ts \(engine\)/);
});

test("a cross-layer import is reported (webview importing vscode, cli importing vscode)", () => {
  const violations = checkLayers(graph({ "webview/a.ts": { files: ["vscode/b.ts"] }, "cli/c.ts": { files: ["vscode/b.ts"] }, "vscode/b.ts": {} }));
  assert.deepEqual(violations.map((v) => v.kind), ["layer", "layer"]);
});

test("a Node builtin in core is reported, with or without the node: prefix", () => {
  const violations = checkLayers(graph({ "core/a.ts": { packages: ["node:fs"] }, "core/b.ts": { packages: ["path"] }, "node/c.ts": { packages: ["node:fs"] } }));
  assert.deepEqual(violations.map((v) => `${v.kind} ${v.message.split(" ")[0]}`), ["package core/a.ts", "package core/b.ts"]);
});

test("vscode in core, engine or the Node layer is reported", () => {
  const violations = checkLayers(graph({ "core/a.ts": { packages: ["vscode"] }, "engine/b.ts": { packages: ["vscode"] }, "node/c.ts": { packages: ["vscode"] }, "vscode/d.ts": { packages: ["vscode"] } }));
  assert.equal(violations.length, 3);
});

test("an import cycle is reported, within one layer too, and a file importing itself", () => {
  const violations = checkLayers(
    graph({ "engine/a.ts": { files: ["engine/b.ts"] }, "engine/b.ts": { files: ["engine/c.ts"] }, "engine/c.ts": { files: ["engine/a.ts"] }, "core/d.ts": { files: ["core/d.ts"] } }),
  );
  assert.deepEqual(violations.map((v) => v.message), ["import cycle: core/d.ts -> core/d.ts", "import cycle: engine/a.ts -> engine/b.ts -> engine/c.ts -> engine/a.ts"]);
});

test("a file outside every layer is reported", () => {
  assert.equal(checkLayers(graph({ "misc/a.ts": {} }))[0]!.kind, "unplaced");
});

test("an acyclic graph has no cycles", () => {
  assert.deepEqual(findCycles(graph({ "core/a.ts": { files: ["core/b.ts"] }, "core/b.ts": {} })), []);
});
