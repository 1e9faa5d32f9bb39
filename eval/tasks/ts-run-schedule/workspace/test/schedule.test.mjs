import { test } from "node:test";
import assert from "node:assert/strict";
import { addDays, daysBetween } from "../out/schedule.js";
import { formatDay, parseDay } from "../out/dates.js";

test("round trip", () => {
  assert.equal(formatDay(parseDay("2024-03-09")), "2024-03-09");
});

test("adding days crosses month ends", () => {
  assert.equal(addDays("2024-02-27", 3), "2024-03-01");
  assert.equal(daysBetween("2024-01-30", "2024-03-01"), 31);
});
