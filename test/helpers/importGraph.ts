// The layer rule of docs/ARCHITECTURE.md as code: reads every import under src/ (type-only and
// dynamic ones too) with the TypeScript compiler's own pre-processor, and lists what breaks the
// rule: an import a layer may not make, a Node builtin where only portable code may live, any
// import cycle. test/unit/layers.test.ts runs it in `npm test`.
import { builtinModules } from "node:module";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

export type Layer = "core" | "node" | "engine" | "webview" | "vscode" | "cli" | "extension";

/** Which layers each layer may import (itself included). Imports point downwards only. */
export const ALLOWED: Record<Layer, readonly Layer[]> = {
  core: ["core"],
  node: ["node", "core"],
  engine: ["engine", "node", "core"],
  webview: ["webview", "core"],
  vscode: ["vscode", "engine", "node", "core"],
  cli: ["cli", "engine", "node", "core"],
  // extension.ts (the startup bundle's root) requires features.ts (the features bundle's root) on first use.
  extension: ["extension", "vscode", "engine", "node", "core"],
};

/** Packages a layer may not import at all (besides other layers' files). */
const FORBIDDEN_PACKAGES: Record<Layer, (specifier: string) => boolean> = {
  // Pure: runs in the extension host, the webview or a worker alike.
  core: (s) => isNodeBuiltin(s) || s === "vscode" || s === "node-llama-cpp",
  node: (s) => s === "vscode" || s === "node-llama-cpp",
  engine: (s) => s === "vscode",
  webview: (s) => isNodeBuiltin(s) || s === "vscode" || s === "node-llama-cpp",
  vscode: () => false,
  cli: (s) => s === "vscode",
  extension: () => false,
};

export function isNodeBuiltin(specifier: string): boolean {
  return specifier.startsWith("node:") || builtinModules.includes(specifier.split("/")[0]!);
}

/** One file's imports: `files` are resolved paths under src (relative to it), `packages` the rest. */
export interface ModuleImports {
  readonly files: readonly string[];
  readonly packages: readonly string[];
}

/** File (relative to src, "/" separators) -> its imports. */
export type ImportGraph = ReadonlyMap<string, ModuleImports>;

export function layerOf(file: string): Layer | undefined {
  // The two composition roots: the startup bundle's and the features bundle's (issue 20).
  if (file === "extension.ts" || file === "features.ts") return "extension";
  const top = file.split("/")[0];
  return (["core", "node", "engine", "webview", "vscode", "cli"] as const).find((layer) => layer === top);
}

/** Reads the import graph of every .ts file under `srcDir`. */
export function readImportGraph(srcDir: string): ImportGraph {
  const graph = new Map<string, ModuleImports>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith(".ts") && !name.endsWith(".d.ts")) graph.set(toKey(srcDir, full), importsOf(srcDir, full));
    }
  };
  walk(srcDir);
  return graph;
}

function toKey(srcDir: string, file: string): string {
  return path.relative(srcDir, file).split(path.sep).join("/");
}

function importsOf(srcDir: string, file: string): ModuleImports {
  const info = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
  const files: string[] = [];
  const packages: string[] = [];
  for (const { fileName: specifier } of info.importedFiles) {
    if (!specifier.startsWith(".")) {
      packages.push(specifier);
      continue;
    }
    const base = path.resolve(path.dirname(file), specifier);
    const resolved = [`${base}.ts`, path.join(base, "index.ts"), base].find((candidate) => existsSync(candidate) && statSync(candidate).isFile());
    // Imports of non-TypeScript files (JSON) are not part of the layering.
    if (resolved?.endsWith(".ts")) files.push(toKey(srcDir, resolved));
  }
  return { files, packages };
}

export interface Violation {
  readonly kind: "layer" | "package" | "cycle" | "unplaced";
  readonly message: string;
}

/** Everything in `graph` that breaks the layer rule; empty when it holds. */
export function checkLayers(graph: ImportGraph): Violation[] {
  const violations: Violation[] = [];
  for (const [file, imports] of graph) {
    const from = layerOf(file);
    if (!from) {
      violations.push({ kind: "unplaced", message: `${file} is in no layer (src/core, node, engine, webview, vscode, cli or extension.ts)` });
      continue;
    }
    for (const target of imports.files) {
      const to = layerOf(target);
      if (to && !ALLOWED[from].includes(to)) violations.push({ kind: "layer", message: `${file} (${from}) imports ${target} (${to}); ${from} may import only ${ALLOWED[from].join(", ")}` });
    }
    for (const specifier of imports.packages) {
      if (FORBIDDEN_PACKAGES[from](specifier)) violations.push({ kind: "package", message: `${file} (${from}) imports "${specifier}", which ${from} may not use` });
    }
  }
  for (const cycle of findCycles(graph)) violations.push({ kind: "cycle", message: `import cycle: ${[...cycle, cycle[0]].join(" -> ")}` });
  return violations;
}

/** Each strongly connected group of more than one file (or a file importing itself), as one path through it. */
export function findCycles(graph: ImportGraph): string[][] {
  // Tarjan's algorithm, iterative over the (small) graph.
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  const visit = (node: string) => {
    indices.set(node, index);
    low.set(node, index);
    index++;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node)?.files ?? []) {
      if (!graph.has(next)) continue;
      if (!indices.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, indices.get(next)!));
      }
    }
    if (low.get(node) === indices.get(node)) {
      const group: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        group.push(member);
      } while (member !== node);
      const selfLoop = group.length === 1 && (graph.get(node)?.files ?? []).includes(node);
      if (group.length > 1 || selfLoop) groups.push(group.sort());
    }
  };
  for (const node of [...graph.keys()].sort()) if (!indices.has(node)) visit(node);
  return groups;
}
