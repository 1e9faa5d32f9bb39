// Context size and thread defaults: what the engine asks node-llama-cpp for.
import assert from "node:assert/strict";
import { test } from "node:test";
import { AUTO_CONTEXT_MAX, AUTO_CONTEXT_MIN, chooseContextSize, defaultThreads } from "../../src/engine/index";
import { smallerContextSize } from "../../src/engine/contextSize";

test("auto (or 0, or unset) fits the context to memory between a floor and a ceiling", () => {
  for (const setting of [undefined, "auto", 0] as const) {
    assert.deepEqual(chooseContextSize(setting, 131072), { option: { min: AUTO_CONTEXT_MIN, max: AUTO_CONTEXT_MAX }, requested: "auto" });
  }
});

test("auto never asks more than the model was trained on", () => {
  assert.deepEqual(chooseContextSize("auto", 4096).option, { min: AUTO_CONTEXT_MIN, max: 4096 });
  assert.deepEqual(chooseContextSize("auto", 1024).option, { min: 1024, max: 1024 });
});

test("a number is taken as asked; beyond the trained size it is capped with a warning", () => {
  assert.deepEqual(chooseContextSize(8192, 131072), { option: 8192, requested: 8192 });
  const capped = chooseContextSize(200000, 131072);
  assert.equal(capped.option, 131072);
  assert.match(capped.warning ?? "", /more than the model was trained on; using 131,072/);
});

test("a nonsensical size is refused", () => {
  assert.throws(() => chooseContextSize(-5, 131072), RangeError);
  assert.throws(() => chooseContextSize(1.5, 131072), RangeError);
});

test("after running out of memory, half the size is suggested, in whole 1,024s, at least 2,048", () => {
  assert.equal(smallerContextSize(32768), 16384);
  assert.equal(smallerContextSize(10000), 4096);
  assert.equal(smallerContextSize(3000), 2048);
});

test("threads default to the physical cores less one for the editor, at least one", () => {
  assert.equal(defaultThreads(2), 1);
  assert.equal(defaultThreads(1), 1);
  assert.equal(defaultThreads(8), 7);
  assert.equal(defaultThreads(0), 1);
  assert.equal(defaultThreads(Number.NaN), 1);
});
