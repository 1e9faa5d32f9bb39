import { test } from "node:test";
import assert from "node:assert/strict";
import { uploadLimit } from "../out/limits.js";

test("default upload limit", () => {
  assert.equal(uploadLimit(undefined), 10240);
});
