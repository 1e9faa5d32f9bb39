import assert from "node:assert/strict";
import { test } from "node:test";
import { formatBytes, formatCount } from "../../src/core/format";

test("formatBytes uses decimal units with one decimal below 100", () => {
  assert.equal(formatBytes(0), "0 B");
  assert.equal(formatBytes(999), "999 B");
  assert.equal(formatBytes(21_500_000), "21.5 MB");
  assert.equal(formatBytes(12_100_000_000), "12.1 GB");
  assert.equal(formatBytes(350_000_000), "350 MB");
});

test("formatBytes answers ? for values that are not sizes", () => {
  assert.equal(formatBytes(Number.NaN), "?");
  assert.equal(formatBytes(-1), "?");
});

test("formatCount abbreviates parameter counts", () => {
  assert.equal(formatCount(950), "950");
  assert.equal(formatCount(21_510_000_000), "21.5 B");
  assert.equal(formatCount(3_600_000), "3.6 M");
  assert.equal(formatCount(117_000_000_000), "117 B");
});
