import { test } from "node:test";
import assert from "node:assert/strict";
import { truncate } from "../out/truncate.js";
import { tabTitle } from "../out/titles.js";

test("short text unchanged", () => {
  assert.equal(truncate("hello", 5), "hello");
});

test("long text fits max, ellipsis included", () => {
  assert.equal(truncate("hello world", 8), "hello w…");
  assert.equal(truncate("hello world", 8).length, 8);
  assert.equal(tabTitle("configuration.json"), "configurati…");
});
