import { test } from "node:test";
import assert from "node:assert/strict";
import { februaryDays } from "../src/leap.js";

test("february", () => {
  assert.equal(februaryDays(2023), 28);
  assert.equal(februaryDays(2024), 29);
});
