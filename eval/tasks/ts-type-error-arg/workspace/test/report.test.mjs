import { test } from "node:test";
import assert from "node:assert/strict";
import { summaryLine } from "../out/report.js";

test("summary line", () => {
  assert.equal(summaryLine({ passed: 3, total: 4 }), "3/4 passed (75.0%)");
  assert.equal(summaryLine({ passed: 0, total: 0 }), "0/0 passed (0.0%)");
});
