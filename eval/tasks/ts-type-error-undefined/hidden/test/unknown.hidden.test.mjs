import { test } from "node:test";
import assert from "node:assert/strict";
import { nameOf, USERS } from "../out/users.js";
import { mentionLine } from "../out/mentions.js";

test("unknown ids", () => {
  assert.equal(nameOf(USERS, 1), "Ada");
  assert.equal(nameOf(USERS, 99), "(unknown)");
  assert.equal(mentionLine([1, 7]), "@Ada, @(unknown)");
});
