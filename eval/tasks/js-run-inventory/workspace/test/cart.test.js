import { test } from "node:test";
import assert from "node:assert/strict";
import { cartTotal } from "../src/cart.js";
import { applyDiscount } from "../src/discount.js";
import { shippingCost } from "../src/shipping.js";

test("cart", () => {
  assert.equal(cartTotal([{ price: 2, quantity: 3 }, { price: 5, quantity: 1 }]), 11);
  assert.equal(applyDiscount(200, 15), 170);
  assert.equal(shippingCost(49.99), 4.99);
  assert.equal(shippingCost(50), 0);
});
