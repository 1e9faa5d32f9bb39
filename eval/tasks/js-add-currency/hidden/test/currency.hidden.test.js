import { test } from "node:test";
import assert from "node:assert/strict";
import { formatPrice } from "../src/money.js";
import { renderInvoice } from "../src/invoice.js";
import { receipt } from "../src/receipt.js";

test("the currency code goes after the amount; USD keeps the dollar sign", () => {
  assert.equal(formatPrice(1234), "$12.34");
  assert.equal(formatPrice(1234, "USD"), "$12.34");
  assert.equal(formatPrice(1234, "EUR"), "12.34 EUR");
  assert.equal(formatPrice(5, "JPY"), "0.05 JPY");
});

test("callers pass their currency", () => {
  assert.equal(renderInvoice({ currency: "EUR", items: [{ name: "Tea", cents: 250 }, { name: "Cake", cents: 400 }] }), "Tea: 2.50 EUR\nCake: 4.00 EUR\nTotal: 6.50 EUR");
  assert.equal(receipt({ cents: 1999, currency: "GBP" }), "Paid 19.99 GBP. Thank you!");
  assert.equal(receipt({ cents: 1999, currency: "USD" }), "Paid $19.99. Thank you!");
});
