import { test } from "node:test";
import assert from "node:assert/strict";
import { available, lowStock } from "../src/stock.js";

test("available", () => {
  assert.equal(available(10, 3), 7);
  assert.equal(available(2, 5), 0);
});

test("low stock includes items exactly at the threshold", () => {
  const items = [
    { name: "pens", stock: 12, reserved: 2 },
    { name: "ink", stock: 6, reserved: 1 },
    { name: "paper", stock: 40, reserved: 0 },
    { name: "clips", stock: 3, reserved: 3 },
  ];
  assert.deepEqual(lowStock(items, 5), ["clips", "ink"]);
});
