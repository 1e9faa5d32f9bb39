import { test } from "node:test";
import assert from "node:assert/strict";
import { toRoman } from "../out/roman.js";
import { chapterHeading } from "../out/chapters.js";

test("numerals", () => {
  const cases = { 1: "I", 3: "III", 4: "IV", 9: "IX", 14: "XIV", 40: "XL", 90: "XC", 400: "CD", 900: "CM", 1994: "MCMXCIV", 2024: "MMXXIV", 3999: "MMMCMXCIX" };
  for (const [n, roman] of Object.entries(cases)) assert.equal(toRoman(Number(n)), roman, n);
  assert.equal(chapterHeading(3, "Rain"), "Chapter IV: Rain");
});

test("out of range", () => {
  for (const bad of [0, -1, 4000, 2.5, Number.NaN]) assert.throws(() => toRoman(bad), RangeError, String(bad));
});
