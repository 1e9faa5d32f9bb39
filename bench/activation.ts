// Activation cost (issue 20): the time to load dist/extension.js and run its activate() in plain
// Node against a stub `vscode` (bench/activation/vscodeStub.cjs), each run a fresh process,
// interleaved with an empty module as baseline; the bundle's size and its biggest inputs (from
// esbuild's metafile). With --vscode, also the activation time the real VS Code (code-server)
// reports for the extension in its running-extensions data. Target: load + activate < 50 ms.
// Also the first use of a feature (a command: the stand-in requires dist/features.js and activates
// the features, issue 20), which a session pays once, later, if at all.
// Prints medians; never fails on time. Last line: {"loadMs", "activateMs", "bundleBytes", "firstUseMs"}.
// Run: npm run bench:activation [-- --runs 15] [-- --vscode] [-- --against OTHER_BUNDLE.js] [-- --modules]
// (--modules: each module's top-level evaluation time, medians over the runs; unminified builds only).
// (build first: `npm run build`, or `node esbuild.mjs --production` for the shipped, minified form;
// --against measures another build, e.g. an older one, interleaved in the same run).
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { measureVscodeActivation } from "./activation/vscodeActivation";
import { positiveInt } from "./args";

const { values } = parseArgs({ options: { runs: { type: "string" }, vscode: { type: "boolean" }, bundle: { type: "string" }, against: { type: "string" }, modules: { type: "boolean" } } });
const RUNS = positiveInt("runs", values.runs, 15);
const root = path.resolve(__dirname, "..");
const bundle = path.resolve(values.bundle ?? path.join(root, "dist/extension.js"));
const probe = path.join(__dirname, "activation/probe.cjs");

if (!existsSync(bundle)) {
  console.error(`${path.relative(process.cwd(), bundle)} is missing: run \`npm run build\` (or \`node esbuild.mjs --production\` for the shipped, minified bundle) first.`);
  process.exit(1);
}

interface Probe {
  loadMs: number;
  activateMs: number | null;
  firstUseMs?: number;
}

/** The command whose first use the probe times: one that every build has and that does no work of its own. */
const FIRST_USE_COMMAND = "gptOss.showLogs";

function runProbe(file: string, activate: boolean): Probe {
  const output = execFileSync(process.execPath, [probe, file, ...(activate ? ["--activate", "--first-use", FIRST_USE_COMMAND] : [])], {
    encoding: "utf8",
    env: { ...process.env, EXTENSION_ROOT: root },
    timeout: 60_000,
  });
  return JSON.parse(output.trim().split("\n").pop()!) as Probe;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const ms = (x: number) => `${x.toFixed(1)} ms`;

function biggestInputs(): void {
  const metafile = bundle.replace(/\.js$/, ".meta.json");
  if (!existsSync(metafile)) return;
  const meta = JSON.parse(readFileSync(metafile, "utf8")) as { outputs: Record<string, { bytes: number; inputs: Record<string, { bytesInOutput: number }> }> };
  const output = Object.entries(meta.outputs).find(([file]) => file.endsWith(".js"))?.[1];
  if (!output) return;
  const byPackage = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    const i = input.lastIndexOf("node_modules/");
    const parts = i >= 0 ? input.slice(i + 13).split("/") : input.split("/");
    const key = i >= 0 ? (parts[0]!.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!) : parts.slice(0, 2).join("/");
    byPackage.set(key, (byPackage.get(key) ?? 0) + bytesInOutput);
  }
  console.log("Biggest parts of the bundle (esbuild metafile, bytes in output):");
  for (const [key, bytes] of [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 8)) console.log(`  ${(bytes / 1024).toFixed(0).padStart(6)} KB  ${key}`);
}

const scratch = mkdtempSync(path.join(os.tmpdir(), "bench-activation-"));
const empty = path.join(scratch, "empty.js");
writeFileSync(empty, "");
const bundleBytes = statSync(bundle).size;
const minified = !readFileSync(bundle, "utf8").slice(0, 4000).includes("\n  ");
console.log(`Bundle: ${path.relative(process.cwd(), bundle)}, ${(bundleBytes / 1e6).toFixed(2)} MB (${bundleBytes.toLocaleString("en-US")} bytes, ${minified ? "minified: what the VSIX ships" : "not minified: \`node esbuild.mjs --production\` builds the shipped form"})`);
const featuresBundle = path.join(path.dirname(bundle), "features.js");
if (existsSync(featuresBundle)) console.log(`Loaded on first use: ${path.relative(process.cwd(), featuresBundle)}, ${(statSync(featuresBundle).size / 1e6).toFixed(2)} MB`);
biggestInputs();

// One warm-up of each (disk cache), then interleaved pairs so drift hits both alike.
runProbe(empty, false);
runProbe(bundle, true);
const baseline: number[] = [];
const loads: number[] = [];
const activates: number[] = [];
const firstUses: number[] = [];
const against = values.against ? path.resolve(values.against) : undefined;
const otherLoads: number[] = [];
const otherActivates: number[] = [];
const otherFirstUses: number[] = [];
for (let i = 0; i < RUNS; i++) {
  baseline.push(runProbe(empty, false).loadMs);
  const run = runProbe(bundle, true);
  loads.push(run.loadMs);
  activates.push(run.activateMs ?? 0);
  firstUses.push(run.firstUseMs ?? 0);
  if (against) {
    const other = runProbe(against, true);
    otherLoads.push(other.loadMs);
    otherActivates.push(other.activateMs ?? 0);
    otherFirstUses.push(other.firstUseMs ?? 0);
  }
}
rmSync(scratch, { recursive: true, force: true });

const loadMs = median(loads);
const activateMs = median(activates);
const firstUseMs = median(firstUses);
console.log(`\nPlain Node ${process.version}, ${RUNS} interleaved runs each, medians (a shared machine: compare within a run):`);
console.log(`  empty module     load ${ms(median(baseline))}`);
console.log(`  this build       load ${ms(loadMs)}   activate() ${ms(activateMs)}   together ${ms(loadMs + activateMs)} (target < 50 ms); first use of a feature ${ms(firstUseMs)}`);
if (against) {
  const other = median(otherLoads) + median(otherActivates);
  console.log(`  --against        load ${ms(median(otherLoads))}   activate() ${ms(median(otherActivates))}   together ${ms(other)} (${(other / (loadMs + activateMs)).toFixed(2)}x this build); first use ${ms(median(otherFirstUses))}`);
  console.log(`                   (${against}, ${statSync(against).size.toLocaleString("en-US")} bytes)`);
}
console.log(`  spread           load ${ms(Math.min(...loads))}..${ms(Math.max(...loads))}, activate ${ms(Math.min(...activates))}..${ms(Math.max(...activates))}`);

/** Medians of each module's top-level evaluation time over RUNS loads (bench/activation/moduleTimes.cjs). */
function moduleTimes(): void {
  const perModule = new Map<string, number[]>();
  const compile: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const output = execFileSync(process.execPath, [path.join(__dirname, "activation/moduleTimes.cjs"), bundle], { encoding: "utf8", env: { ...process.env, EXTENSION_ROOT: root } });
    const run = JSON.parse(output.trim().split("\n").pop()!) as { beforeFirstModuleMs: number; modules: Array<[string, number]> };
    compile.push(run.beforeFirstModuleMs);
    for (const [name, time] of run.modules) perModule.set(name, [...(perModule.get(name) ?? []), time]);
  }
  console.log(`\nWhere the load goes (medians of ${RUNS} loads; reading and compiling the file: ${ms(median(compile))}); top-level evaluation by module:`);
  // A module missing from a run's top 15 counts as 0 there.
  const rows = [...perModule].map(([name, times]) => [name, median([...times, ...Array<number>(RUNS - times.length).fill(0)])] as const);
  for (const [name, time] of rows.sort((a, b) => b[1] - a[1]).slice(0, 10)) console.log(`  ${ms(time).padStart(9)}  ${name}`);
}

async function main(): Promise<void> {
  if (values.modules) {
    if (minified) console.log("\n--modules needs an unminified build (npm run build): a minified bundle has no module marks.");
    else moduleTimes();
  }
  if (values.vscode) {
    const reported = await measureVscodeActivation();
    console.log(`\nReal VS Code (code-server ${reported.codeServerVersion}), as its running-extensions view reports it:`);
    console.log(`  ${reported.text}${reported.detail ? ` (${reported.detail.replace(/\s+/g, " ")})` : ""}`);
  }
  console.log(JSON.stringify({ loadMs: Number(loadMs.toFixed(1)), activateMs: Number(activateMs.toFixed(1)), bundleBytes, firstUseMs: Number(firstUseMs.toFixed(1)) }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
