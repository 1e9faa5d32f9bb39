// llama.cpp's own tools, built from the very source node-llama-cpp ships, so benchmarks can put
// our engine next to llama.cpp on the same model and threads.
//
// API (import from "./llamaBench"; everything is plain Node, no node-llama-cpp import):
//   ensureLlamaCppTool(target, options?) -> Promise<string>
//       Absolute path of a llama.cpp CMake target's binary ("llama-bench", "llama-server",
//       "llama-cli", ...), built on first use and cached. Clones
//       node_modules/node-llama-cpp/llama/gitRelease.bundle (offline) into
//       .cache/llama.cpp/<release>/src, where <release> = "<tag>-<commit8>" from
//       llama.cpp.info.json and the bundle's HEAD (so a node-llama-cpp upgrade builds afresh), then
//       configures a CPU-only Release build (GGML_NATIVE=ON, no CUDA/Vulkan/Metal/HIP/SYCL, no
//       OpenSSL or downloaded UI, static libs, OpenMP off like node-llama-cpp's prebuilt binaries)
//       in .cache/llama.cpp/<release>/build-<hash of the CMake options> and builds only `target`
//       with `cmake --build --target <target> -j 2`. A stamp (<build>/<target>.stamp.json,
//       written last) makes a rerun instant; an interrupted build leaves no stamp, so the next
//       call resumes it; a lock file keeps two processes from building at once.
//   runLlamaBench({ model, threads, nGen, nPrompt, repetitions, ... }) -> Promise<LlamaBenchResult>
//       Runs `llama-bench -m MODEL -t THREADS -n NGEN -p NPROMPT -r REPS -ngl 0 -o json` (building
//       it first if needed) and returns tokens/s (mean and stddev over the repetitions, and the
//       samples) for prompt processing (ppN) and generation (tgN), plus the raw JSON rows.
//       llama-bench's tgN decodes N single-token batches from an empty context, with no
//       sampling; ppN decodes one N-token prompt; each test is preceded by a warm-up run.
//   llamaCppRelease() -> { tag, commit, bundle, dir }: which llama.cpp the cache is keyed on.
//
// Measured on the dev machine (2-vCPU AMD EPYC Zen 4 VM, g++ 12, cmake 3.25, release v0.5.0 =
// llama.cpp de3ff815), `-j 2`: first `llama-bench` build 549 s wall (clone 1.7 s, configure 1 s,
// compile 546 s) while other sessions kept the machine busy (load average 2.5-6); it used 408 s
// user + 28 s system CPU, so ~3.5-4 minutes on an idle machine. Rerun: 0.01 s (cached; ~0.9 s
// with `npx tsx` startup). A rerun after losing only the stamp: 1.5 s (cmake finds it up to date).
// Disk: 209 MB source checkout + 72 MB build folder; binary 11 MB, static, no OpenMP.
// CLI: npx tsx bench/llamaBench.cli.ts MODEL.gguf  (see that file).
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import path from "node:path";

/** The repository root (this file lives in bench/). */
export const repoRoot = path.resolve(__dirname, "..");
const nodeLlamaCppLlamaDir = path.join(repoRoot, "node_modules", "node-llama-cpp", "llama");

/** Where the clone and builds live unless `cacheDir` says otherwise (git-ignored). */
export const defaultLlamaCppCacheDir = path.join(repoRoot, ".cache", "llama.cpp");

/** A llama.cpp CMake target that produces an executable in <build>/bin. */
export type LlamaCppTool = "llama-bench" | "llama-server" | "llama-cli" | "llama-completion" | "llama-batched-bench" | (string & {});

export interface LlamaCppRelease {
  /** node-llama-cpp's name for the release (llama.cpp.info.json "tag"), e.g. "v0.5.0". */
  tag: string;
  /** The bundle's HEAD commit. */
  commit: string;
  /** Absolute path of node-llama-cpp's gitRelease.bundle. */
  bundle: string;
  /** Folder name under the cache: "<tag>-<commit8>". */
  dir: string;
}

export interface EnsureToolOptions {
  /** Cache root [.cache/llama.cpp]. */
  cacheDir?: string;
  /** Parallel compile jobs [2]. */
  jobs?: number;
  /** Extra or overriding CMake cache options, e.g. { GGML_OPENMP: "ON" }; they pick their own build folder. */
  cmakeOptions?: Record<string, string>;
  /** Progress lines (clone, configure, "[ 42%] Building ...", timings) [stderr]. */
  log?: (line: string) => void;
}

/**
 * The CMake options of the benchmark build. CPU only; GGML_NATIVE for this machine's best
 * instructions (node-llama-cpp's prebuilt binary instead picks one of its per-CPU variants at run
 * time, e.g. zen4 here); OpenMP off because node-llama-cpp's prebuilt binaries are built without
 * it (ggml's own thread pool then, in both); static libs so the binary stands alone. The
 * UI/OpenSSL switches keep a `llama-server` build offline. LLAMA_CURL is deprecated in this
 * release (a warning only) and is therefore not passed. AMX is compiled out: on an Intel CPU
 * that advertises it (Sapphire Rapids), -march=native builds ggml's AMX matmul, and a VM that
 * does not grant the tile state kills the process at its first `ldtilecfg` (seen here: SIGILL/SIGSEGV
 * in ggml_backend_amx_mul_mat on the first evaluation). node-llama-cpp's binaries do not use AMX either.
 */
export const defaultCmakeOptions: Readonly<Record<string, string>> = {
  CMAKE_BUILD_TYPE: "Release",
  GGML_NATIVE: "ON",
  CMAKE_C_FLAGS: "-mno-amx-tile -mno-amx-int8 -mno-amx-bf16",
  CMAKE_CXX_FLAGS: "-mno-amx-tile -mno-amx-int8 -mno-amx-bf16",
  GGML_OPENMP: "OFF",
  GGML_CUDA: "OFF",
  GGML_VULKAN: "OFF",
  GGML_METAL: "OFF",
  GGML_HIP: "OFF",
  GGML_SYCL: "OFF",
  GGML_OPENCL: "OFF",
  GGML_RPC: "OFF",
  BUILD_SHARED_LIBS: "OFF",
  LLAMA_BUILD_TESTS: "OFF",
  LLAMA_BUILD_EXAMPLES: "OFF",
  LLAMA_OPENSSL: "OFF",
  LLAMA_BUILD_UI: "OFF",
  LLAMA_USE_PREBUILT_UI: "OFF",
  LLAMA_LLGUIDANCE: "OFF",
};

interface ToolStamp {
  target: string;
  binary: string;
  release: LlamaCppRelease;
  cmakeOptions: Record<string, string>;
  buildSeconds: number;
  builtAt: string;
}

let cachedRelease: LlamaCppRelease | undefined;

/** The llama.cpp release node-llama-cpp ships: its tag and the bundle's HEAD commit. */
export async function llamaCppRelease(): Promise<LlamaCppRelease> {
  if (cachedRelease) return cachedRelease;
  const infoPath = path.join(nodeLlamaCppLlamaDir, "llama.cpp.info.json");
  const bundle = path.join(nodeLlamaCppLlamaDir, "gitRelease.bundle");
  if (!existsSync(bundle)) throw new Error(`llama.cpp source bundle not found: ${bundle} (is node-llama-cpp installed?)`);
  const info = JSON.parse(readFileSync(infoPath, "utf8")) as { tag?: unknown };
  const tag = typeof info.tag === "string" && info.tag !== "" ? info.tag : "unknown";
  // `git bundle list-heads` reads only the bundle's header: instant.
  const heads = (await run("git", ["bundle", "list-heads", bundle])).stdout;
  const commit = /^([0-9a-f]{40}) HEAD$/m.exec(heads)?.[1] ?? /^([0-9a-f]{40}) /m.exec(heads)?.[1];
  if (!commit) throw new Error(`no HEAD in ${bundle}: ${heads}`);
  cachedRelease = { tag, commit, bundle, dir: `${tag.replace(/[^A-Za-z0-9._-]/g, "_")}-${commit.slice(0, 8)}` };
  return cachedRelease;
}

/**
 * Path of llama.cpp's `target` executable built from node-llama-cpp's bundled source (CPU only),
 * building it once (≈2 minutes for llama-bench on 2 cores) and returning the cached binary after.
 */
export async function ensureLlamaCppTool(target: LlamaCppTool, options: EnsureToolOptions = {}): Promise<string> {
  if (!/^[A-Za-z0-9._-]+$/.test(target)) throw new Error(`not a CMake target name: ${target}`);
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const release = await llamaCppRelease();
  const releaseDir = path.join(options.cacheDir ?? defaultLlamaCppCacheDir, release.dir);
  const cmakeOptions = { ...defaultCmakeOptions, ...options.cmakeOptions };
  const optionsHash = createHash("sha256").update(JSON.stringify(Object.entries(cmakeOptions).sort())).digest("hex").slice(0, 8);
  const buildDir = path.join(releaseDir, `build-${optionsHash}`);
  const stampPath = path.join(buildDir, `${target}.stamp.json`);

  const cached = readStamp(stampPath);
  if (cached) return cached.binary;

  mkdirSync(releaseDir, { recursive: true });
  const releaseLock = await acquireLock(path.join(releaseDir, ".lock"), log);
  try {
    const again = readStamp(stampPath); // another process may have built it while we waited
    if (again) return again.binary;

    const started = performance.now();
    const srcDir = path.join(releaseDir, "src");
    await ensureSource(release, srcDir, log);
    const cloned = performance.now();

    mkdirSync(buildDir, { recursive: true });
    const defines = Object.entries(cmakeOptions).map(([key, value]) => `-D${key}=${value}`);
    log(`llama.cpp ${release.tag} (${release.commit.slice(0, 8)}): configuring ${path.relative(repoRoot, buildDir)}`);
    await run("cmake", ["-S", srcDir, "-B", buildDir, ...defines], { logFile: path.join(buildDir, "configure.log") });
    const configured = performance.now();

    const jobs = options.jobs ?? 2;
    log(`llama.cpp: building ${target} with ${jobs} jobs (log: ${path.relative(repoRoot, path.join(buildDir, `build-${target}.log`))})`);
    await run("cmake", ["--build", buildDir, "--config", "Release", "--target", target, "-j", String(jobs)], {
      logFile: path.join(buildDir, `build-${target}.log`),
      onLine: (line) => {
        if (/^\[\s*\d+%\] (Built target|Linking)/.test(line)) log(`  ${line}`);
      },
    });
    const built = performance.now();

    const binary = [path.join(buildDir, "bin", target), path.join(buildDir, "bin", "Release", target)].find(isFile);
    if (!binary) throw new Error(`built ${target} but found no binary under ${path.join(buildDir, "bin")}`);
    const seconds = (ms: number) => Math.round(ms / 100) / 10;
    const buildSeconds = seconds(built - started);
    log(
      `llama.cpp: ${target} built in ${buildSeconds} s ` +
        `(source ${seconds(cloned - started)} s, configure ${seconds(configured - cloned)} s, compile ${seconds(built - configured)} s): ${binary}`,
    );
    const stamp: ToolStamp = { target, binary, release, cmakeOptions, buildSeconds, builtAt: new Date().toISOString() };
    // Written last, atomically: no stamp means "not built", whatever else is on disk.
    writeFileSync(`${stampPath}.tmp`, `${JSON.stringify(stamp, null, 2)}\n`);
    renameSync(`${stampPath}.tmp`, stampPath);
    return binary;
  } finally {
    releaseLock();
  }
}

function readStamp(stampPath: string): ToolStamp | undefined {
  try {
    const stamp = JSON.parse(readFileSync(stampPath, "utf8")) as ToolStamp;
    return isFile(stamp.binary) ? stamp : undefined;
  } catch {
    return undefined;
  }
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** `srcDir` holds a checkout of `release.commit`: cloned from the bundle into a temporary folder, then renamed. */
async function ensureSource(release: LlamaCppRelease, srcDir: string, log: (line: string) => void): Promise<void> {
  if (existsSync(srcDir)) {
    const head = await run("git", ["-C", srcDir, "rev-parse", "HEAD"]).then((r) => r.stdout.trim(), () => "");
    if (head === release.commit) return;
    log(`llama.cpp: ${srcDir} is not at ${release.commit} (${head || "no checkout"}); cloning again`);
    rmSync(srcDir, { recursive: true, force: true });
  }
  const temp = `${srcDir}.tmp-${process.pid}`;
  rmSync(temp, { recursive: true, force: true });
  log(`llama.cpp: cloning ${path.relative(repoRoot, release.bundle)} into ${path.relative(repoRoot, srcDir)}`);
  await run("git", ["-c", "advice.detachedHead=false", "clone", "--quiet", release.bundle, temp]);
  const head = (await run("git", ["-C", temp, "rev-parse", "HEAD"])).stdout.trim();
  if (head !== release.commit) throw new Error(`cloned ${head} from ${release.bundle}, expected ${release.commit}`);
  renameSync(temp, srcDir);
}

/**
 * An exclusive lock file holding the owner's pid. A lock whose owner has died is taken over;
 * a live owner is waited for (a build takes minutes).
 */
async function acquireLock(lockPath: string, log: (line: string) => void): Promise<() => void> {
  let announced = false;
  for (;;) {
    try {
      const fd = openSync(lockPath, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => {
        try {
          unlinkSync(lockPath);
        } catch {
          // already gone
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    let owner = NaN;
    try {
      owner = Number(readFileSync(lockPath, "utf8").trim());
    } catch {
      continue; // removed meanwhile
    }
    if (!Number.isInteger(owner) || owner <= 0 || !processAlive(owner)) {
      // A dead owner, or a lock file caught between create and write: retry after a beat.
      await sleep(200);
      try {
        const again = Number(readFileSync(lockPath, "utf8").trim());
        if (!Number.isInteger(again) || again <= 0 || !processAlive(again)) unlinkSync(lockPath);
      } catch {
        // removed meanwhile
      }
      continue;
    }
    if (!announced) log(`llama.cpp: waiting for process ${owner}, which is building (${lockPath})`);
    announced = true;
    await sleep(1000);
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface RunOptions {
  /** Append stdout and stderr here (the error then quotes its tail). */
  logFile?: string;
  onLine?: (line: string) => void;
  env?: NodeJS.ProcessEnv;
}

/** Runs a command without a shell; rejects with the output's tail on a non-zero exit. */
function run(command: string, args: string[], options: RunOptions = {}): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], env: options.env ?? process.env });
    const logFd = options.logFile ? openSync(options.logFile, "w") : undefined;
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const onData = (sink: Buffer[]) => {
      let partial = "";
      return (chunk: Buffer) => {
        sink.push(chunk);
        if (logFd !== undefined) writeSync(logFd, chunk);
        if (options.onLine) {
          const lines = (partial + chunk.toString("utf8")).split("\n");
          partial = lines.pop() ?? "";
          for (const line of lines) options.onLine(line);
        }
      };
    };
    child.stdout.on("data", onData(out));
    child.stderr.on("data", onData(err));
    child.on("error", (error) => {
      if (logFd !== undefined) closeSync(logFd);
      reject(new Error(`${command}: ${error.message}`));
    });
    child.on("close", (code, signal) => {
      if (logFd !== undefined) closeSync(logFd);
      const stdout = Buffer.concat(out).toString("utf8");
      const stderr = Buffer.concat(err).toString("utf8");
      if (code === 0) return resolve({ stdout, stderr });
      const tail = `${stdout}\n${stderr}`.trim().split("\n").slice(-30).join("\n");
      reject(new Error(`${command} ${args.join(" ")} failed (${signal ?? `exit ${code}`})${options.logFile ? `; log: ${options.logFile}` : ""}\n${tail}`));
    });
  });
}

export interface LlamaBenchOptions {
  /** GGUF file. */
  model: string;
  /** CPU threads (-t). */
  threads: number;
  /** Tokens generated in the tg test (-n) [128]; 0 skips it. */
  nGen?: number;
  /** Prompt tokens in the pp test (-p) [512]; 0 skips it. */
  nPrompt?: number;
  /** Repetitions of each test (-r) [5]. */
  repetitions?: number;
  /** Flash attention (-fa) [llama-bench's default, "auto"; node-llama-cpp's default is "auto" too]. */
  flashAttention?: "on" | "off" | "auto";
  /** Batch and micro-batch sizes (-b, -ub) [llama-bench's defaults 2048 and 512]. */
  batchSize?: number;
  ubatchSize?: number;
  /** Skip llama-bench's warm-up run before each test [false]. */
  noWarmup?: boolean;
  /** Any further llama-bench arguments. */
  extraArgs?: string[];
  /** Passed to ensureLlamaCppTool. */
  build?: EnsureToolOptions;
}

export interface LlamaBenchTest {
  /** "pp512" or "tg128". */
  name: string;
  nPrompt: number;
  nGen: number;
  /** Mean tokens/s over the repetitions, their standard deviation, and each repetition's figure. */
  tokensPerSecond: number;
  stddev: number;
  samples: number[];
}

export interface LlamaBenchResult {
  /** Prompt processing (absent when nPrompt is 0). */
  prompt?: LlamaBenchTest;
  /** Generation (absent when nGen is 0). */
  generation?: LlamaBenchTest;
  /** llama-bench's JSON rows, untouched. */
  raw: Array<Record<string, unknown>>;
  /** The command line that ran. */
  command: string[];
}

/** Runs llama-bench (CPU only) on `model` and returns its pp/tg tokens per second. */
export async function runLlamaBench(options: LlamaBenchOptions): Promise<LlamaBenchResult> {
  const binary = await ensureLlamaCppTool("llama-bench", options.build);
  if (!isFile(options.model)) throw new Error(`model not found: ${options.model}`);
  if (!Number.isInteger(options.threads) || options.threads < 1) throw new Error(`threads must be a positive integer, got ${options.threads}`);
  const nGen = options.nGen ?? 128;
  const nPrompt = options.nPrompt ?? 512;
  if (nGen === 0 && nPrompt === 0) throw new Error("nGen and nPrompt are both 0: nothing to measure");
  const args = [
    "-m", path.resolve(options.model),
    "-t", String(options.threads),
    "-n", String(nGen),
    "-p", String(nPrompt),
    "-r", String(options.repetitions ?? 5),
    "-ngl", "0",
    "-o", "json",
  ];
  if (options.flashAttention) args.push("-fa", options.flashAttention);
  if (options.batchSize) args.push("-b", String(options.batchSize));
  if (options.ubatchSize) args.push("-ub", String(options.ubatchSize));
  if (options.noWarmup) args.push("--no-warmup");
  args.push(...(options.extraArgs ?? []));

  const { stdout } = await run(binary, args);
  const start = stdout.indexOf("[");
  if (start < 0) throw new Error(`llama-bench printed no JSON:\n${stdout}`);
  const raw = JSON.parse(stdout.slice(start)) as Array<Record<string, unknown>>;
  const toTest = (row: Record<string, unknown>): LlamaBenchTest => {
    const p = Number(row.n_prompt);
    const g = Number(row.n_gen);
    return {
      name: g === 0 ? `pp${p}` : p === 0 ? `tg${g}` : `pp${p}+tg${g}`,
      nPrompt: p,
      nGen: g,
      tokensPerSecond: Number(row.avg_ts),
      stddev: Number(row.stddev_ts),
      samples: Array.isArray(row.samples_ts) ? row.samples_ts.map(Number) : [],
    };
  };
  const promptRow = raw.find((row) => Number(row.n_prompt) > 0 && Number(row.n_gen) === 0);
  const genRow = raw.find((row) => Number(row.n_gen) > 0 && Number(row.n_prompt) === 0);
  return {
    ...(promptRow ? { prompt: toTest(promptRow) } : {}),
    ...(genRow ? { generation: toTest(genRow) } : {}),
    raw,
    command: [binary, ...args],
  };
}
