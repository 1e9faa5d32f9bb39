// Every shared conformance case (openai/harmony v0.0.8's tests as data) through the same runner
// as `gpt-oss-local conformance`, with text pieces fed whole, and again with the real
// o200k_harmony tokens: rendered prompts must be token-for-token the reference's.
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { encode } from "gpt-tokenizer/encoding/o200k_harmony";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { decode } from "gpt-tokenizer/encoding/o200k_harmony";
import { checkCase, renderCaseSegments } from "../../src/core/harmony/conformance";
import { loadCase, runConformance } from "../../src/node/conformanceFiles";
import { segmentsToTokens, textToSegments } from "../../src/core/harmony/index";

const DIR = path.join(__dirname, "../fixtures/harmony-conformance");
const files = readdirSync(DIR).filter((f) => f.endsWith(".json")).sort();
const read = (name: string) => readFileSync(path.join(DIR, name), "utf8");
const realTokens = (text: string) => encode(text).map((id) => ({ id, text: decode([id]) }));

test("the fixture folder holds the 22 shared cases", () => {
  assert.equal(files.length, 22);
});

test("the conformance runner reports every case as passing", () => {
  const failed = runConformance(DIR).filter((r) => !r.ok);
  assert.deepEqual(failed, []);
});

for (const file of files) {
  const testCase = loadCase(path.join(DIR, file));
  test(`conformance ${testCase.kind}: ${testCase.name}`, () => {
    const result = checkCase(testCase, read, { tokenizeText: realTokens });
    assert.ok(result.ok, result.diff);
  });

  if (testCase.kind === "render") {
    test(`render tokens equal the reference's encoding: ${testCase.name}`, () => {
      // The reference tests encode the expected text with every special token allowed.
      const expected = segmentsToTokens(textToSegments(read(testCase.expected_file).trimEnd()), encode);
      const actual = segmentsToTokens(renderCaseSegments(testCase), encode);
      assert.deepEqual(actual, expected);
    });
  }
}

test("a case that fails shows where the text first differs", () => {
  const testCase = loadCase(path.join(DIR, "test_simple_convo.json"));
  const result = checkCase(testCase, () => "<|start|>system<|message|>You are someone else.");
  assert.equal(result.ok, false);
  assert.match(result.diff ?? "", /first difference at line 1, offset 34/);
});

test("a case file that does not follow the schema is a failed case, not a crash", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "harmony-cases-"));
  writeFileSync(path.join(dir, "bad.json"), JSON.stringify({ name: "bad", kind: "render" }));
  const [result] = runConformance(dir);
  assert.equal(result?.ok, false);
  assert.match(result?.diff ?? "", /not a harmony case: .*source/);
});
