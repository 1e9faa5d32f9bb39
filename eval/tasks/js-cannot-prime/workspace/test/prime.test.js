import { test } from "node:test";
import assert from "node:assert/strict";
import { isPrime } from "../src/prime.js";

test("small primes", () => {
  for (const p of [2, 3, 5, 7, 11, 13, 89, 97]) assert.equal(isPrime(p), true, String(p));
});

test("composites, including 91 = 7 * 13", () => {
  for (const c of [1, 4, 9, 15, 91, 100]) assert.equal(isPrime(c), false, String(c));
});
