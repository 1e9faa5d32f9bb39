// The python sandbox (Pyodide in a worker thread) for real: state between calls, output, limits,
// and every way out we know of. An environment variable and a host file set here must never
// show up in what Python sees.
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { PythonSandbox } from "../../src/node/python/pythonSandbox";
import { pythonWorkerFile } from "../helpers/pythonWorker";

const SECRET = `host-secret-${process.pid}`;
const hostDir = mkdtempSync(path.join(tmpdir(), "python-host-"));
const hostFile = path.join(hostDir, "secret.txt");
const limits = { timeoutMs: 60_000, maxOutputChars: 5_000, maxMemoryBytes: 512 * 1024 * 1024, maxHeapMb: 256 };
let sandbox: PythonSandbox;

before(() => {
  process.env.GPT_OSS_TEST_SECRET = SECRET;
  writeFileSync(hostFile, SECRET);
  sandbox = new PythonSandbox(limits, { workerFile: pythonWorkerFile() });
});
after(() => sandbox.dispose());

test("runs code, prints, and keeps variables between calls like a notebook", async () => {
  const first = await sandbox.run("x = 41\nprint(sum(range(10**6)))");
  assert.equal(first.output, "499999500000");
  assert.equal(first.isError, false);
  const second = await sandbox.run("x + 1");
  assert.equal(second.output, "42");
});

test("/mnt/data is a writable in-memory folder and the working directory", async () => {
  const run = await sandbox.run("import os\nopen('/mnt/data/a.txt','w').write('hi')\nprint(os.getcwd(), os.listdir('/mnt/data'))");
  assert.equal(run.output, "/mnt/data ['a.txt']");
});

test("an exception comes back as the traceback of the model's code", async () => {
  const run = await sandbox.run("1/0");
  assert.equal(run.isError, true);
  assert.match(run.output, /^Traceback[\s\S]*File "<python>", line 1[\s\S]*ZeroDivisionError: division by zero$/);
});

test("output is capped and says how much was cut", async () => {
  const run = await sandbox.run("print('a' * 8000)");
  assert.ok(run.output.startsWith("a".repeat(5000)));
  assert.match(run.output, /\[\.\.\. 3001 more characters of output were cut\]$/);
});

test("memory is capped: a huge allocation is a MemoryError and the session goes on", async () => {
  const run = await sandbox.run("b = bytearray(700 * 1024 * 1024)");
  assert.match(run.output, /MemoryError/);
  assert.equal((await sandbox.run("x")).output, "41");
});

// Each attempt must fail, or see only the sandbox; none may print the secret or the host file.
const ESCAPES: Array<[string, RegExp]> = [
  ["import os\nprint(dict(os.environ))", /^\{'HOME': '\/mnt\/data', 'PWD': '\/mnt\/data', 'LANG': 'C.UTF-8', 'PATH': '\/'\}$/],
  ["import os\nos.environ.get('GPT_OSS_TEST_SECRET')", /No output/],
  [`open(${JSON.stringify(hostFile)}).read()`, /FileNotFoundError/],
  ["open('/etc/passwd').read()", /FileNotFoundError/],
  ["import os\nprint(sorted(os.listdir('/')))", /^\['dev', 'home', 'lib', 'mnt', 'proc', 'tmp'\]$/],
  ["import subprocess\nsubprocess.run(['cat', '/etc/passwd'])", /does not support processes|OSError/],
  // Emscripten's system() runs nothing (checked below: the host file it would create never appears).
  [`import os\nos.system('touch ${path.join(hostDir, "ran")}')`, /OSError: \[Errno 138\] this sandbox cannot run processes/],
  ["import js", /ImportError: js is not available in this sandbox/],
  ["from js import process", /ImportError/],
  ["import pyodide_js", /ImportError/],
  ["import pyodide.ffi", /ImportError/],
  ["from pyodide.http import pyfetch", /ImportError/],
  ["from pyodide.code import run_js", /ImportError/],
  ["import micropip", /ImportError|ModuleNotFoundError/],
  ["import importlib\nimportlib.import_module('_pyodide_core')", /ImportError/],
  ["import socket\nsocket.create_connection(('127.0.0.1', 80), timeout=2)", /OSError|unreachable/],
  ["import urllib.request\nurllib.request.urlopen('http://127.0.0.1:9/').read()", /URLError|OSError/],
  // ctypes exists but reaches only WebAssembly memory: no host library loads.
  ["import ctypes\nctypes.CDLL('libc.so.6')", /OSError/],
];

for (const [code, expected] of ESCAPES) {
  test(`escape attempt fails or sees only the sandbox: ${code.split("\n").at(-1)}`, async () => {
    const run = await sandbox.run(code);
    assert.match(run.output, expected);
    assert.ok(!run.output.includes(SECRET), run.output);
    assert.ok(!existsSync(path.join(hostDir, "ran")));
  });
}

test("with the import block removed, the JavaScript bridge still reaches nothing of the host", async () => {
  const fresh = new PythonSandbox(limits, { workerFile: pythonWorkerFile() });
  try {
    await fresh.run("import sys\nsys.meta_path.pop(0)");
    const js = await fresh.run("import js\nprint([k for k in dir(js) if not k.startswith('_')][:0], hasattr(js, 'process'), hasattr(js, 'fetch'), hasattr(js, 'globalThis'))");
    assert.equal(js.output, "[] False False False");
    const api = await fresh.run("import pyodide_js\nprint([n for n in ('_module', '_api', 'loadPackage', 'mountNodeFS', 'pyimport') if hasattr(pyodide_js, n)], hasattr(pyodide_js.FS.filesystems, 'NODEFS'))");
    assert.equal(api.output, "[] False");
    const code = await fresh.run("import pyodide_js\npyodide_js.runPython.constructor('return process')()");
    assert.match(code.output, /EvalError: code from strings is not available/);
    const asyncCode = await fresh.run("import pyodide_js\npyodide_js.runPythonAsync.constructor('return process')");
    assert.match(asyncCode.output, /EvalError/);
    const runJs = await fresh.run("from pyodide.code import run_js\nrun_js('process.env')");
    assert.match(runJs.output, /ImportError|Error/);
    assert.ok(!runJs.output.includes(SECRET));
    const fetch = await fresh.run("from pyodide.http import pyfetch\nawait pyfetch('http://127.0.0.1:9/')");
    assert.match(fetch.output, /Error/);
    const pkg = await fresh.run("import micropip");
    assert.match(pkg.output, /ModuleNotFoundError|ImportError/);
  } finally {
    fresh.dispose();
  }
});

test("a call past its time limit is stopped with what it printed and a note; the next call gets a fresh interpreter and is told", async () => {
  const quick = new PythonSandbox({ ...limits, timeoutMs: 5_000 }, { workerFile: pythonWorkerFile() });
  try {
    await quick.run("y = 1");
    const run = await quick.run("print('before', flush=True)\nwhile True: pass");
    assert.equal(run.timedOut, true, run.output);
    assert.match(run.output, /^before\n\[Timed out after 5 seconds/);
    const next = await quick.run("print(2 + 2)\n'y' in globals()");
    assert.equal(next.stateLost, true);
    assert.match(next.output, /^\[The python session was restarted[^\n]*\]\n4\nFalse$/);
  } finally {
    quick.dispose();
  }
});

test("cancel stops a running call at once", async () => {
  const controller = new AbortController();
  const cancelSandbox = new PythonSandbox(limits, { workerFile: pythonWorkerFile() });
  try {
    await cancelSandbox.run("1");
    const running = cancelSandbox.run("while True: pass", controller.signal);
    setTimeout(() => controller.abort(), 300);
    const started = Date.now();
    const run = await running;
    assert.equal(run.cancelled, true);
    assert.ok(Date.now() - started < 10_000);
    assert.match(run.output, /Cancelled by the user/);
  } finally {
    cancelSandbox.dispose();
  }
});

test("a sandbox for a conversation that ran python before (a reload) tells the model on its first call", async () => {
  const restored = new PythonSandbox(limits, { workerFile: pythonWorkerFile(), stateLost: true });
  try {
    const run = await restored.run("print('ok')");
    assert.equal(run.stateLost, true);
    assert.match(run.output, /^\[The python session was restarted.*\]\nok$/);
  } finally {
    restored.dispose();
  }
});
