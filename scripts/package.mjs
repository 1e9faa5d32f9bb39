// `npm run package [-- --target linux-x64] [-- --cpu-only] [-- --out FILE]`
// Makes a platform-specific VSIX that carries node-llama-cpp unbundled, with only the target's
// native binaries: CPU, plus CUDA and Vulkan where the platform has them (`--cpu-only` leaves
// those out: a ~13 MB VSIX instead of ~340 MB). Prints the VSIX's path and size.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** VS Code target -> node-llama-cpp platform packages, CPU package first. */
const targets = {
  "linux-x64": ["linux-x64", "linux-x64-cuda", "linux-x64-cuda-ext", "linux-x64-vulkan"],
  "linux-arm64": ["linux-arm64"],
  "linux-armhf": ["linux-armv7l"],
  "win32-x64": ["win-x64", "win-x64-cuda", "win-x64-cuda-ext", "win-x64-vulkan"],
  "win32-arm64": ["win-arm64"],
  "darwin-x64": ["mac-x64"],
  "darwin-arm64": ["mac-arm64-metal"],
};

function option(name) {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

function fail(message) {
  console.error(`package: ${message}`);
  process.exit(1);
}

const hostTarget = `${process.platform === "win32" ? "win32" : process.platform}-${process.arch === "arm" ? "armhf" : process.arch}`;
const target = option("--target") ?? hostTarget;
const platformPackages = targets[target];
if (!platformPackages) fail(`unknown target "${target}". Targets: ${Object.keys(targets).join(", ")}.`);
const cpuOnly = process.argv.includes("--cpu-only");
const chosen = cpuOnly ? platformPackages.slice(0, 1) : platformPackages;

const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
const llamaVersion = JSON.parse(readFileSync(path.join(root, "node_modules/node-llama-cpp/package.json"), "utf8")).version;

// npm installs only the platform packages whose os/cpu fit this machine: another target's must be
// fetched first, at node-llama-cpp's exact version (a mismatch fails at run time, not here).
for (const name of chosen) {
  const manifest = path.join(root, "node_modules/@node-llama-cpp", name, "package.json");
  const hint = `npm install --no-save --force @node-llama-cpp/${name}@${llamaVersion}`;
  if (!existsSync(manifest)) fail(`@node-llama-cpp/${name} is not installed, so a ${target} VSIX cannot carry it. Run: ${hint}`);
  const { version } = JSON.parse(readFileSync(manifest, "utf8"));
  if (version !== llamaVersion) fail(`@node-llama-cpp/${name} is ${version} but node-llama-cpp is ${llamaVersion}. Run: ${hint}`);
}

const workDir = path.join(root, ".cache/package");
mkdirSync(workDir, { recursive: true });
const ignoreFile = path.join(workDir, `${target}${cpuOnly ? "-cpu" : ""}.vscodeignore`);
const base = readFileSync(path.join(root, ".vscodeignore"), "utf8");
const reinclude = chosen.map((name) => `!node_modules/@node-llama-cpp/${name}/**`).join("\n");
writeFileSync(ignoreFile, `${base}\n# Generated for ${target}${cpuOnly ? " (CPU only)" : ""}\n${reinclude}\n`);

const out = path.resolve(option("--out") ?? path.join(root, `${pkg.name}-${pkg.version}-${target}${cpuOnly ? "-cpu" : ""}.vsix`));
console.log(`Packaging ${pkg.name} ${pkg.version} for ${target} with ${chosen.map((n) => `@node-llama-cpp/${n}`).join(", ")}…`);
const started = Date.now();
const vsce = spawnSync(
  process.execPath,
  [path.join(root, "node_modules/@vscode/vsce/vsce"), "package", "--target", target, "--ignoreFile", ignoreFile, "--out", out],
  { cwd: root, stdio: "inherit" },
);
if (vsce.status !== 0) fail(`vsce failed (exit ${vsce.status ?? vsce.signal}).`);

const megabytes = (statSync(out).size / 1e6).toFixed(1);
console.log(`\nVSIX: ${out}\nSize: ${megabytes} MB (${((Date.now() - started) / 1000).toFixed(0)} s)`);
console.log(`Install: code --install-extension ${path.relative(process.cwd(), out)}`);
