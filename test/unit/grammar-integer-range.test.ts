// Exact integer ranges: every numeral in [lo, hi] and nothing else, no leading zeros, no -0.
import assert from "node:assert/strict";
import { test } from "node:test";
import { integerRangeGbnf, naturalRangeGbnf } from "../../src/core/grammar/integerRange";
import { GbnfMatcher } from "../helpers/grammar/gbnfMatcher";

/** The range grammars use only literals of digits, classes, groups and {m,n}: a regex once unquoted. */
function asRegExp(gbnf: string): RegExp {
  return new RegExp(`^(?:${gbnf.replace(/"/g, "").replace(/ /g, "")})$`);
}

test("natural ranges match exactly their numerals, for many small ranges", () => {
  const edges = [0, 1, 5, 9, 10, 11, 19, 20, 99, 100, 101, 109, 110, 199, 200, 999, 1000, 1234];
  for (const lo of edges) {
    for (const hi of edges) {
      if (hi < lo) continue;
      const re = asRegExp(naturalRangeGbnf(BigInt(lo), BigInt(hi)));
      for (let n = 0; n <= 1300; n++) assert.equal(re.test(String(n)), n >= lo && n <= hi, `[${lo}, ${hi}] ${n}`);
      assert.ok(!re.test("0" + String(lo)), `no leading zero in [${lo}, ${hi}]`);
    }
  }
});

test("random ranges with big numbers: the bounds and their neighbours", () => {
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
  for (let i = 0; i < 300; i++) {
    const a = BigInt(next()) * BigInt(next() % 1000);
    const b = a + BigInt(next() % 100000) * BigInt(next() % 50);
    const re = asRegExp(naturalRangeGbnf(a, b));
    for (const n of [a - 1n, a, a + 1n, (a + b) / 2n, b - 1n, b, b + 1n, b * 10n]) {
      if (n < 0n) continue;
      assert.equal(re.test(n.toString()), n >= a && n <= b, `[${a}, ${b}] ${n}`);
    }
  }
});

test("the grammar is factored: full lengths share one run, alternatives share leading digits", () => {
  assert.equal(naturalRangeGbnf(13n, 47n), '( "1" [3-9] | [2-3] [0-9] | "4" [0-7] )');
  assert.equal(naturalRangeGbnf(1n, 999n), "[1-9] [0-9]{0,2}");
  assert.equal(naturalRangeGbnf(100n, 100n), '"100"');
  const safe = naturalRangeGbnf(1n, BigInt(Number.MAX_SAFE_INTEGER));
  assert.ok(safe.startsWith("( [1-9] [0-9]{0,14} | ( [1-8] [0-9]{15} | \"900\" ( [0-6] [0-9]{12}"), safe);
  assert.ok(safe.length < 600, `${safe.length} characters`);
});

test("signed ranges: negatives as - and a magnitude, never -0", () => {
  const grammar = new GbnfMatcher(`root ::= ${integerRangeGbnf(-105n, 37n)}\n`);
  for (let n = -200; n <= 200; n++) assert.equal(grammar.accepts(String(n)), n >= -105 && n <= 37, String(n));
  assert.ok(!grammar.accepts("-0"));
  const negative = new GbnfMatcher(`root ::= ${integerRangeGbnf(-20n, -3n)}\n`);
  for (let n = -30; n <= 5; n++) assert.equal(negative.accepts(String(n)), n >= -20 && n <= -3, String(n));
});

test("an empty or inverted range is an error", () => {
  assert.throws(() => integerRangeGbnf(5n, 4n), RangeError);
  assert.throws(() => naturalRangeGbnf(-1n, 4n), RangeError);
});
