// gpt-oss-local chat with the python tool, through the real engine on the tiny model made to
// say a script of python calls: a sum, a variable kept between calls, every escape attempt, a
// call that never ends (stopped by --python-timeout) and a call after it. An environment
// variable and a host file set here must never reach the model.
import assert from "node:assert/strict";
import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import type { CliIO } from "../../src/cli/command";
import { main } from "../../src/cli/main";
import { tinyModelPath } from "../helpers/tinyModel";

const root = path.resolve(__dirname, "../..");
const SECRET = `cli-python-secret-${process.pid}`;
let model: string;
let scratch: string;

before(async () => {
  model = await tinyModelPath();
  scratch = await mkdtemp(path.join(os.tmpdir(), "cli-python-"));
  process.env.GPT_OSS_PYTHON_TEST_SECRET = SECRET;
});

after(async () => {
  delete process.env.GPT_OSS_PYTHON_TEST_SECRET;
  await rm(scratch, { recursive: true, force: true });
});

const call = (code: string) => `<|channel|>analysis<|message|>Run it.<|end|><|start|>assistant<|channel|>analysis to=python code<|message|>${code}<|call|>`;

function escapeAttempts(hostFile: string): string {
  return [
    "import os",
    "def attempt(name, f):",
    "    try:",
    "        print(name, '->', repr(f())[:300])",
    "    except BaseException as e:",
    "        print(name, '-> error', type(e).__name__)",
    "attempt('environ', lambda: dict(os.environ))",
    "attempt('secret', lambda: os.environ['GPT_OSS_PYTHON_TEST_SECRET'])",
    `attempt('hostfile', lambda: open(${JSON.stringify(hostFile)}).read())`,
    "attempt('passwd', lambda: open('/etc/passwd').read())",
    "attempt('js', lambda: __import__('js').process)",
    "attempt('ffi', lambda: __import__('pyodide.ffi'))",
    "attempt('http', lambda: __import__('pyodide.http').http.pyfetch)",
    "attempt('pyodide_js', lambda: __import__('pyodide_js'))",
    "attempt('subprocess', lambda: __import__('subprocess').run(['id']))",
    "attempt('system', lambda: os.system('id'))",
  ].join("\n");
}

test("python through the CLI: a sum, state between calls, escapes refused, a timeout and a fresh interpreter after it", async () => {
  const ws = path.join(scratch, "ws");
  await cp(path.join(root, "test/fixtures/sample-workspace"), ws, { recursive: true });
  const hostFile = path.join(scratch, "host-secret.txt");
  await writeFile(hostFile, SECRET);
  const script = path.join(scratch, "python.json");
  await writeFile(
    script,
    JSON.stringify({
      responses: [
        call("total = sum(range(10**6))\nprint(total)"),
        call("print(total + 1)"),
        call(escapeAttempts(hostFile)),
        call("while True: pass"),
        call("print('alive', 'total' in globals())"),
        "<|channel|>final<|message|>The sum is 499999500000.<|return|>",
      ],
    }),
  );
  let out = "";
  let err = "";
  const io: CliIO = { out: (text) => (out += `${text}\n`), err: (text) => (err += `${text}\n`) };
  const code = await main(
    ["chat", "--model", model, "--threads", "1", "--context", "8192", "--script", script, "--workspace", ws, "--json", "--python-timeout", "5", "What is the sum?"],
    io,
  );
  assert.equal(code, 0, err);
  const events = out.trim().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
  const results = events.filter((e) => e.event === "tool-result").map((e) => String(e.content));
  assert.equal(results.length, 5, out);
  assert.equal(results[0], "499999500000");
  assert.equal(results[1], "499999500001");
  const escapes = results[2]!;
  assert.match(escapes, /^environ -> \{'HOME': '\/mnt\/data', 'PWD': '\/mnt\/data', 'LANG': 'C.UTF-8', 'PATH': '\/'\}$/m);
  for (const name of ["secret", "hostfile", "passwd", "js", "ffi", "http", "pyodide_js", "subprocess", "system"]) {
    assert.match(escapes, new RegExp(`^${name} -> error \\w+$`, "m"), escapes);
  }
  assert.ok(!out.includes(SECRET), "the secret reached the model");
  assert.match(results[3]!, /^\[Timed out after 5 seconds: execution was stopped/);
  assert.match(results[4]!, /^\[The python session was restarted[^\n]*\]\nalive False$/);
  const final = events.at(-1)!;
  assert.equal(final.event, "final");
  assert.equal(final.steps, 6);
  // The system message declared the built-in python tool as the reference does.
  assert.ok(events.some((e) => e.event === "tool-call" && e.name === "python"));
});

test("--no-python: a python call is an unknown tool", async () => {
  const ws = path.join(scratch, "ws-off");
  await cp(path.join(root, "test/fixtures/sample-workspace"), ws, { recursive: true });
  const script = path.join(scratch, "off.json");
  await writeFile(script, JSON.stringify({ responses: [call("print(1)"), "<|channel|>final<|message|>No python.<|return|>"] }));
  let out = "";
  const io: CliIO = { out: (text) => (out += `${text}\n`), err: () => undefined };
  const code = await main(["chat", "--model", model, "--threads", "1", "--context", "4096", "--script", script, "--workspace", ws, "--json", "--no-python", "Hi"], io);
  assert.equal(code, 0);
  const result = out.trim().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>).find((e) => e.event === "tool-result");
  assert.match(String(result?.content), /"python" is not available\. Built-in tools \(python, browser\) are not enabled in this session/);
});
