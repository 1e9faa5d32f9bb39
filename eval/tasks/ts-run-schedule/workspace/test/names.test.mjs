import { test } from "node:test";
import assert from "node:assert/strict";
import { initials } from "../out/names.js";

test("initials", () => {
  assert.equal(initials("ada  lovelace"), "AL");
});
