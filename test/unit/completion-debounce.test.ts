// When to ask: the debounce setting is a floor that stretches for a slower typist (at most
// twice), and the per-language switch.
import assert from "node:assert/strict";
import { test } from "node:test";
import { AdaptiveDebounce, completionsEnabledFor, DEFAULT_LANGUAGES } from "../../src/core/completion/index";

function typeAt(gaps: number[], base: number): number[] {
  const debounce = new AdaptiveDebounce();
  let now = 0;
  return [debounce.delay(base, now), ...gaps.map((gap) => debounce.delay(base, (now += gap)))];
}

test("a fast typist waits the setting", () => {
  assert.deepEqual(typeAt([60, 70, 80, 60, 70], 150), [150, 150, 150, 150, 150, 150]);
});

test("a slower typist waits a little longer than their usual gap, at most twice the setting", () => {
  const delays = typeAt([200, 200, 200, 200], 150);
  assert.equal(delays.at(-1), 250);
  assert.equal(typeAt([280, 290, 300, 300], 150).at(-1), 300, "capped at 2 x 150");
});

test("pauses are not typing rhythm", () => {
  assert.equal(typeAt([3000, 5000, 2000, 4000], 150).at(-1), 150);
});

test("0 turns the debounce off", () => {
  assert.deepEqual(typeAt([200, 200, 200], 0), [0, 0, 0, 0]);
});

test("a language's own switch wins over the star; the defaults leave prose out", () => {
  assert.equal(completionsEnabledFor("typescript", { "*": true, markdown: false }), true);
  assert.equal(completionsEnabledFor("markdown", { "*": true, markdown: false }), false);
  assert.equal(completionsEnabledFor("python", { "*": false, python: true }), true);
  assert.equal(completionsEnabledFor("rust", {}), true);
  assert.equal(completionsEnabledFor("markdown", DEFAULT_LANGUAGES), false);
  assert.equal(completionsEnabledFor("go", undefined), true);
  assert.equal(completionsEnabledFor("go", { go: "yes" }), true, "a value that is not a boolean is ignored");
});
