// The python sandbox's worker thread: CPython (Pyodide, WebAssembly) with everything that could
// reach outside taken away before any model-written code runs. Layers, each on its own enough
// for some escapes and together for the ones we know of (test/unit/python-sandbox.test.ts):
//  - the worker starts with an empty process.env and no stdin (pythonSandbox.ts);
//  - Pyodide's `js` module is an empty object, not this thread's global scope;
//  - Python cannot import the bridge (`js`, `pyodide*`, `_pyodide*`, `micropip`...);
//  - this thread's JavaScript loses what a JsProxy found some other way could use: `process`,
//    `require`, network classes, code from strings (`Function`, `eval`), host-folder mounts
//    (NODEFS) and package loading (which would fetch from the network);
//  - WebAssembly memory may not grow past a cap (Python then raises MemoryError), and the
//    host's resourceLimits cap the JavaScript heap.
import { parentPort, workerData } from "node:worker_threads";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { HostToWorker, WorkerInit, WorkerToHost } from "./workerProtocol";

const init = workerData as WorkerInit;
const port = parentPort!;
const post = (message: WorkerToHost) => port.postMessage(message);

let current: { id: number; kept: number; dropped: number } | undefined;

function write(text: string): void {
  if (!current) return;
  const room = init.maxOutputChars - current.kept;
  if (room <= 0) {
    current.dropped += text.length;
    return;
  }
  const part = text.length > room ? text.slice(0, room) : text;
  current.kept += part.length;
  current.dropped += text.length - part.length;
  post({ type: "output", id: current.id, text: part });
}

/** WebAssembly memory grows through `Memory.prototype.grow` (Emscripten's resize_heap): cap it. */
function capWasmMemory(maxBytes: number): void {
  const grow = WebAssembly.Memory.prototype.grow;
  WebAssembly.Memory.prototype.grow = function (this: WebAssembly.Memory, delta: number): number {
    if (this.buffer.byteLength + delta * 65536 > maxBytes) throw new RangeError("the python sandbox's memory limit");
    return grow.call(this, delta);
  };
}

// Python run once after loading: the import block and the notebook-like `/mnt/data`.
const SETUP = String.raw`
import sys, os, importlib.abc
os.makedirs("/mnt/data", exist_ok=True)
os.chdir("/mnt/data")
os.environ.clear()
os.environ.update({"HOME": "/mnt/data", "PWD": "/mnt/data", "LANG": "C.UTF-8", "PATH": "/"})
class _SandboxImportBlock(importlib.abc.MetaPathFinder):
    blocked = frozenset(("js", "pyodide", "pyodide_js", "_pyodide", "_pyodide_core", "micropip", "pyodide_http", "pyodide_kernel", "_pyodide_js"))
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in self.blocked:
            raise ImportError(f"{name} is not available in this sandbox (no JavaScript bridge, no network)")
        return None
sys.meta_path.insert(0, _SandboxImportBlock())
def _no_processes(*args, **kwargs):
    raise OSError(138, "this sandbox cannot run processes")
import posix
os.system = posix.system = _no_processes
del posix, _no_processes
for _name in list(sys.modules):
    if _name.split(".")[0] in _SandboxImportBlock.blocked:
        del sys.modules[_name]
del _name, _SandboxImportBlock
`;

// Output written without a newline sits in Python's buffer until flushed.
const FLUSH = "import sys as _s\n_s.stdout.flush(); _s.stderr.flush()\ndel _s";

/**
 * Node's own modules as Pyodide's runtime holds them in closures: Emscripten's `system()` calls
 * `child_process.spawnSync` (so `os.system` would run a host shell), Pyodide keeps `vm` and `fs`.
 * Builtin modules are one object per thread, so emptying them here disarms those references.
 * Called after loading: nothing runs that needs them any more (the standard library is in memory).
 */
function disarmNodeModules(): void {
  const refuse = (name: string) =>
    function refused(): never {
      throw new Error(`${name} is not available in the python sandbox`);
    };
  const ids = ["node:child_process", "node:vm", "node:fs", "node:fs/promises", "node:net", "node:http", "node:https", "node:http2", "node:dgram", "node:worker_threads", "node:inspector", "node:module"];
  // All looked up first: emptying `module` disarms `require` itself.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const modules = ids.map((id) => [id, require(id) as Record<string, unknown>] as const);
  for (const [id, exports] of modules) {
    for (const key of Object.keys(exports)) {
      if (typeof exports[key] !== "function") continue;
      try {
        exports[key] = refuse(`${id}.${key}`);
      } catch {
        /* a getter-only export: left as is */
      }
    }
  }
}

/** Takes away what this thread's JavaScript could do for Python code holding a JsProxy. */
function lockDownJavaScript(pyodide: Record<string, unknown>): void {
  disarmNodeModules();
  const fs = pyodide.FS as { filesystems?: Record<string, unknown> } | undefined;
  if (fs?.filesystems) {
    delete fs.filesystems.NODEFS;
    delete fs.filesystems.PROXYFS;
  }
  for (const name of ["mountNodeFS", "mountNativeFS", "loadPackage", "loadPackagesFromImports", "registerJsModule", "pyimport", "setStdin", "_module", "_api"]) {
    try {
      delete pyodide[name];
    } catch {
      pyodide[name] = undefined;
    }
  }
  const g = globalThis as Record<string, unknown>;
  for (const name of ["process", "require", "module", "fetch", "WebSocket", "XMLHttpRequest", "EventSource", "Worker", "SharedWorker", "importScripts", "Deno", "Bun", "navigator", "eval"]) {
    try {
      delete g[name];
    } catch {
      /* not configurable: overwritten below */
    }
    if (name in g) Object.defineProperty(g, name, { value: undefined, configurable: false, writable: false });
  }
  // No code from strings: Pyodide itself still needs `Function` for `instanceof` and
  // `Function.prototype`, so `Function` stays as a stand-in that refuses to compile. Each kind of
  // function's `.constructor` (async, generator...) gets the same stand-in.
  const refuse = function Function(): never {
    throw new EvalError("code from strings is not available in the python sandbox");
  };
  const kinds = [function () {}, async function () {}, function* () {}, async function* () {}];
  for (const fn of kinds) {
    Object.defineProperty(Object.getPrototypeOf(fn), "constructor", { value: refuse, writable: false, configurable: false });
  }
  Object.defineProperty(refuse, "prototype", { value: Function.prototype, writable: false });
  Object.defineProperty(g, "Function", { value: refuse, writable: false, configurable: false });
}

async function main(): Promise<void> {
  capWasmMemory(init.maxMemoryBytes);
  const { loadPyodide } = (await import(pathToFileURL(path.join(init.pyodideDir, "pyodide.mjs")).href)) as typeof import("pyodide");
  const pyodide = await loadPyodide({
    indexURL: init.pyodideDir + path.sep,
    // `js` in Python is this object, not globalThis.
    jsglobals: Object.create(null),
    env: { HOME: "/mnt/data" },
    stdout: (text: string) => write(`${text}\n`),
    stderr: (text: string) => write(`${text}\n`),
    stdin: () => null,
    packages: [],
    checkAPIVersion: true,
  });
  // Line-buffered callbacks lose "no newline" output; raw writes keep it as printed.
  pyodide.setStdout({ write: (bytes: Uint8Array) => (write(Buffer.from(bytes).toString("utf8")), bytes.length) });
  pyodide.setStderr({ write: (bytes: Uint8Array) => (write(Buffer.from(bytes).toString("utf8")), bytes.length) });
  await pyodide.runPythonAsync(SETUP);
  const runCode = pyodide.runPythonAsync.bind(pyodide);
  const reprOf = pyodide.globals.get("repr") as (value: unknown) => string;
  lockDownJavaScript(pyodide as unknown as Record<string, unknown>);

  port.on("message", async (message: HostToWorker) => {
    if (message.type !== "run") return;
    current = { id: message.id, kept: 0, dropped: 0 };
    const id = message.id;
    try {
      const value: unknown = await runCode(message.code, { filename: "<python>" }).finally(() => runCode(FLUSH).catch(() => undefined));
      let result: string | undefined;
      // Like a notebook cell: the last expression's value, unless None.
      if (value !== undefined && value !== null) result = reprValue(value, reprOf);
      const dropped = current.dropped;
      current = undefined;
      post({ type: "done", id, ...(result !== undefined && { result }), droppedChars: dropped });
    } catch (error) {
      const dropped = current?.dropped ?? 0;
      current = undefined;
      post({ type: "done", id, error: pythonError(error), droppedChars: dropped });
    }
  });
  post({ type: "ready" });
}

function reprValue(value: unknown, reprOf: (value: unknown) => string): string {
  try {
    const text = reprOf(value);
    (value as { destroy?: () => void }).destroy?.();
    return text;
  } catch {
    return String(value);
  }
}

/** A Python exception's traceback without Pyodide's own frames (the model needs only its code's). */
function pythonError(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const lines = text.split("\n");
  const own = lines.findIndex((line) => line.includes('File "<python>"'));
  if (own === -1) return text.trimEnd();
  return ["Traceback (most recent call last):", ...lines.slice(own)].join("\n").trimEnd();
}

main().catch((error: unknown) => post({ type: "failed", message: error instanceof Error ? error.message : String(error) }));
