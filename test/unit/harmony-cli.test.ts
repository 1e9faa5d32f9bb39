// `gpt-oss-local conformance | render | parse`, run through main() with captured output.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync, copyFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { main } from "../../src/cli/main";

const DIR = path.join(__dirname, "../fixtures/harmony-conformance");
const fixture = (name: string) => path.join(DIR, name);

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await main(argv, { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`) });
  return { code, out, err };
}

test("conformance prints ok for each of the 39 cases (differential/ included) and ends with the count", async () => {
  const { code, out } = await run("conformance", DIR);
  const lines = out.trimEnd().split("\n");
  assert.equal(code, 0);
  assert.equal(lines.filter((l) => l.startsWith("ok ")).length, 39);
  assert.ok(lines.includes("ok test_browser_and_python_tool"));
  assert.ok(lines.includes("ok differential/number_2^64"));
  assert.equal(lines.at(-1), "39 passed, 0 failed");
});

test("conformance prints FAIL with a short diff and exits 1 when a case fails", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "harmony-cli-"));
  copyFileSync(fixture("test_simple_convo.json"), path.join(dir, "test_simple_convo.json"));
  writeFileSync(path.join(dir, "test_simple_convo.txt"), readFileSync(fixture("test_simple_convo.txt"), "utf8").replace("2 + 2", "3 + 3"));
  const { code, out } = await run("conformance", dir);
  assert.equal(code, 1);
  assert.match(out, /^FAIL test_simple_convo\n {4}first difference at line 6/);
  assert.match(out, /0 passed, 1 failed\n$/);
});

test("conformance on a folder that does not exist exits 1 with a message", async () => {
  const { code, err } = await run("conformance", path.join(DIR, "missing"));
  assert.equal(code, 1);
  assert.match(err, /no such folder/);
});

test("conformance without a folder is a usage error", async () => {
  assert.equal((await run("conformance")).code, 2);
});

test("render prints the rendered text of a render case", async () => {
  const { code, out } = await run("render", fixture("test_tool_call_with_constrain_tokenized_correctly__render.json"));
  assert.equal(code, 0);
  assert.equal(out, `${readFileSync(fixture("test_tool_call_with_constrain_tokenized_correctly.txt"), "utf8").trimEnd()}\n`);
});

test("render refuses a parse case", async () => {
  const { code, err } = await run("render", fixture("test_simple_tool_call.json"));
  assert.equal(code, 1);
  assert.match(err, /is a parse case/);
});

test("parse prints the parsed messages as JSON in the case format", async () => {
  const { code, out } = await run("parse", fixture("test_tool_response_parsing__parse.json"));
  assert.equal(code, 0);
  assert.deepEqual(JSON.parse(out), [
    { role: "tool", name: "browser.search", recipient: "assistant", channel: "commentary", content: '{"result": "https://openai.com/"}' },
  ]);
});

test("parse of a case the reference rejects fails strictly and recovers with --lenient", async () => {
  const file = fixture("test_missing_message_token_requires_non_strict_mode__strict.json");
  const strict = await run("parse", file);
  assert.equal(strict.code, 1);
  assert.match(strict.err, /strict parse failed/);
  const lenient = await run("parse", file, "--lenient");
  assert.deepEqual(JSON.parse(lenient.out), [{ role: "assistant", channel: "commentary", content: "Hello" }]);
});

test("parse of a file that is not there exits 1 naming it", async () => {
  const { code, err } = await run("parse", "nope.json");
  assert.equal(code, 1);
  assert.match(err, /no such file: nope.json/);
});
