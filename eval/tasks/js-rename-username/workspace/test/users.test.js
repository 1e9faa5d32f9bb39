import { test } from "node:test";
import assert from "node:assert/strict";
import { getUserName } from "../src/users.js";
import { greeting } from "../src/greeting.js";
import { roster } from "../src/roster.js";

const ada = { first: "Ada", last: "Lovelace" };
const bob = { first: "Robert", last: "Smith", nickname: "Bob" };

test("nickname first", () => {
  assert.equal(getUserName(bob), "Bob");
  assert.equal(getUserName(ada), "Ada Lovelace");
});

test("greeting and roster", () => {
  assert.equal(greeting(ada), "Welcome back, Ada Lovelace!");
  assert.equal(roster([bob, ada]), "Ada Lovelace\nBob");
});
