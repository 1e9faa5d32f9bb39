import { test } from "node:test";
import assert from "node:assert/strict";
import { mentionLine } from "../out/mentions.js";

test("mentions", () => {
  assert.equal(mentionLine([2, 1]), "@Grace, @Ada");
});
