import { test } from "node:test";
import assert from "node:assert/strict";
import { chunk } from "../src/arrays.js";

test("groups of size, the last one shorter", () => {
  assert.deepEqual(chunk([1, 2, 3, 4, 5], 2), [[1, 2], [3, 4], [5]]);
  assert.deepEqual(chunk([1, 2, 3], 3), [[1, 2, 3]]);
  assert.deepEqual(chunk(["a"], 5), [["a"]]);
});

test("empty input", () => {
  assert.deepEqual(chunk([], 3), []);
});

test("bad sizes throw a RangeError", () => {
  assert.throws(() => chunk([1], 0), RangeError);
  assert.throws(() => chunk([1], 1.5), RangeError);
  assert.throws(() => chunk([1], -2), RangeError);
});

test("the input is not changed", () => {
  const input = [1, 2, 3];
  chunk(input, 2);
  assert.deepEqual(input, [1, 2, 3]);
});
