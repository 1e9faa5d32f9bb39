// search_text and find_files through the tools (path policy, ripgrep, parsing, secret filter,
// formatting) next to plain `rg` on the same query, in the same run, interleaved, on a generated
// 20,000-file workspace. Target: tool/rg <= 1.5 on queries that scan the whole workspace.
// Prints medians and ratios; never fails on time.
// Run: npx tsx bench/tools.ts [--reps 7] [--files 20000]
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import type { AnyTool } from "../src/core/tools/contract";
import { findFilesTool } from "../src/core/tools/definitions/findFiles";
import { searchTextTool } from "../src/core/tools/definitions/searchText";
import { createNodeToolEnvironment, findRipgrep } from "../src/node/tools/nodeEnvironment";
import { positiveInt } from "./args";

const { values } = parseArgs({ options: { reps: { type: "string" }, files: { type: "string" } } });
const REPS = positiveInt("reps", values.reps, 7);
const FILES = positiveInt("files", values.files, 20_000);
const IGNORED_FILES = 2_000;
const root = path.resolve(".cache", "bench-tools", `ws-${FILES}`);

/** A deterministic workspace: packages of TypeScript, Markdown and JSON, a git-ignored node_modules. */
function generate(): void {
  const marker = path.join(root, ".generated");
  if (existsSync(marker)) return;
  rmSync(root, { recursive: true, force: true });
  const started = performance.now();
  const write = (relative: string, text: string) => {
    const file = path.join(root, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  };
  write(".git/HEAD", "ref: refs/heads/main\n"); // makes .gitignore apply to plain rg as well
  write(".gitignore", "node_modules/\n*.log\n");
  for (let i = 0; i < FILES; i++) {
    const pkg = `pkg${String(i % 50).padStart(2, "0")}`;
    const mod = `mod${Math.floor(i / 50) % 20}`;
    const kind = i % 10 === 0 ? "md" : i % 10 === 1 ? "json" : "ts";
    const name = `packages/${pkg}/src/${mod}/file${i}.${kind}`;
    write(name, fileText(i, kind));
  }
  for (let i = 0; i < IGNORED_FILES; i++) write(`node_modules/dep${i % 40}/index${i}.js`, `module.exports = function needleAlpha${i}() {};\n`);
  writeFileSync(marker, new Date().toISOString());
  console.log(`generated ${FILES.toLocaleString("en")} files (+${IGNORED_FILES} git-ignored) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

function fileText(i: number, kind: string): string {
  if (kind === "json") return `${JSON.stringify({ name: `entry-${i}`, version: "1.0.0", tags: ["a", "b", "c"], size: i }, null, 2)}\n`;
  if (kind === "md") return `# Module ${i}\n\n${"This module explains how the parts fit together. ".repeat(20)}\n`;
  const lines = [`import { helper${i % 97} } from "../common/helper${i % 97}";`, `import type { Options } from "../types";`, ""];
  for (let f = 0; f < 12; f++) {
    lines.push(`export function compute${i}_${f}(input: number, options: Options): number {`);
    lines.push(`  const scaled = input * ${f + 1} + options.offset;`);
    lines.push(`  return helper${i % 97}(scaled) - ${i};`);
    lines.push("}", "");
  }
  if (i % 800 === 7) lines.push(`export const needleAlpha = "found in ${i}";`);
  return lines.join("\n");
}

interface Case {
  label: string;
  tool: AnyTool;
  args: Record<string, unknown>;
  rg: string[];
  /** Compared against the target (whole-workspace scans); others are shown for information. */
  target: boolean;
}

const cases: Case[] = [
  { label: "search_text rare literal", tool: searchTextTool, args: { query: "needleAlpha" }, rg: ["--fixed-strings", "--ignore-case", "needleAlpha"], target: true },
  { label: "search_text rare regex", tool: searchTextTool, args: { query: "needle\\w+\\s*=", is_regex: true, case_sensitive: true }, rg: ["needle\\w+\\s*="], target: true },
  { label: "search_text no match", tool: searchTextTool, args: { query: "zzzNotThere" }, rg: ["--fixed-strings", "--ignore-case", "zzzNotThere"], target: true },
  { label: "search_text include *.md", tool: searchTextTool, args: { query: "fit together", include: "*.md" }, rg: ["--fixed-strings", "--ignore-case", "--glob", "*.md", "fit together"], target: false },
  { label: "search_text include mod3/*.ts", tool: searchTextTool, args: { query: "needleAlpha", include: "mod3/*.ts" }, rg: ["--fixed-strings", "--ignore-case", "--glob", "**/mod3/*.ts", "needleAlpha"], target: true },
  { label: "search_text common word (capped)", tool: searchTextTool, args: { query: "import" }, rg: ["--fixed-strings", "--ignore-case", "import"], target: false },
  { label: "find_files *.json", tool: findFilesTool, args: { pattern: "*.json" }, rg: ["--files", "--iglob", "*.json"], target: true },
  { label: "find_files file7777.*", tool: findFilesTool, args: { pattern: "file7777.*" }, rg: ["--files", "--iglob", "file7777.*"], target: true },
  { label: "find_files mod7/**/*.ts", tool: findFilesTool, args: { pattern: "mod7/**/*.ts" }, rg: ["--files", "--iglob", "**/mod7/**/*.ts"], target: true },
];

const rgPath = findRipgrep();
const env = createNodeToolEnvironment({ folders: [{ name: "bench", path: root }], ripgrepPath: rgPath });

async function timeTool(entry: Case): Promise<number> {
  const started = performance.now();
  const params = entry.tool.parameters.parse(entry.args);
  const result = await entry.tool.run(params, { env, signal: new AbortController().signal, maxResultChars: 20_000 });
  if (result.isError) throw new Error(`${entry.label}: ${result.content}`);
  return performance.now() - started;
}

/** Plain rg, its output read and dropped (as a terminal or a pipe would take it). */
function timeRipgrep(entry: Case): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(rgPath, entry.rg, { cwd: root, stdio: ["ignore", "pipe", "ignore"] });
    child.stdout.on("data", () => undefined);
    child.on("error", reject);
    child.on("close", (code) => (code === 0 || code === 1 ? resolve(performance.now() - started) : reject(new Error(`rg exited ${code}`))));
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function main(): Promise<void> {
  generate();
  console.log(`tools bench: ${FILES.toLocaleString("en")}-file workspace at ${path.relative(process.cwd(), root)}, ${REPS} interleaved repetitions, ${rgPath}\n`);
  const times = new Map(cases.map((entry) => [entry.label, { tool: [] as number[], rg: [] as number[] }]));
  for (const entry of cases) {
    await timeTool(entry); // warm the page cache and the code paths
    await timeRipgrep(entry);
  }
  for (let rep = 0; rep < REPS; rep++) {
    for (const entry of cases) {
      const slot = times.get(entry.label)!;
      // Alternate which goes first, so neither always gets the warmer cache.
      if (rep % 2 === 0) {
        slot.tool.push(await timeTool(entry));
        slot.rg.push(await timeRipgrep(entry));
      } else {
        slot.rg.push(await timeRipgrep(entry));
        slot.tool.push(await timeTool(entry));
      }
    }
  }
  console.log(`${"case".padEnd(34)} ${"tool ms".padStart(9)} ${"rg ms".padStart(9)} ${"tool/rg".padStart(8)}`);
  for (const entry of cases) {
    const slot = times.get(entry.label)!;
    const tool = median(slot.tool);
    const rg = median(slot.rg);
    const note = entry.target ? "  (target <= 1.5)" : "  (not comparable: the tool filters or stops early)";
    console.log(`${entry.label.padEnd(34)} ${tool.toFixed(1).padStart(9)} ${rg.toFixed(1).padStart(9)} ${(tool / rg).toFixed(2).padStart(8)}${note}`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
