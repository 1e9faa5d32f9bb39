// Exact integer ranges in GBNF: every integer in [lo, hi] and nothing else, without leading
// zeros, fractions, exponents or "-0". The classic range-to-regex split (13..47 becomes
// `"1" [3-9] | [2-3] [0-9] | "4" [0-7]`), factored so that alternatives share leading digits.

/**
 * A GBNF expression for exactly the JSON integers in [lo, hi] (either end may be negative):
 * negatives as "-" and a magnitude >= 1, so "-0" never appears.
 */
export function integerRangeGbnf(lo: bigint, hi: bigint): string {
  if (hi < lo) throw new RangeError(`invalid integer range [${lo}, ${hi}]`);
  const alternatives: string[] = [];
  if (lo < 0n) alternatives.push(`"-" ${naturalRangeGbnf(hi < 0n ? -hi : 1n, -lo)}`);
  if (hi >= 0n) alternatives.push(naturalRangeGbnf(lo > 0n ? lo : 0n, hi));
  return group(alternatives);
}

/**
 * Exactly the decimal numerals of [lo, hi] (lo >= 0), factored like a trie: alternatives share their
 * common leading digits and all the full lengths in between are one `[1-9] [0-9]{m,n}`. While
 * generating, llama.cpp then follows two or three stacks per digit instead of one per pattern,
 * and every rejected sample costs it a pass over the whole vocabulary per stack.
 */
export function naturalRangeGbnf(lo: bigint, hi: bigint): string {
  if (lo < 0n || hi < lo) throw new RangeError(`invalid natural range [${lo}, ${hi}]`);
  if (lo === 0n) return hi === 0n ? '"0"' : `( "0" | ${naturalRangeGbnf(1n, hi)} )`;
  const loText = lo.toString();
  const hiText = hi.toString();
  if (loText.length === hiText.length) return sameLengthGbnf(loText, hiText);
  // Lengths whose every numeral is in range share one run: [1-9] [0-9]{m,n}.
  const loIsFull = /^10*$/.test(loText);
  const hiIsFull = /^9+$/.test(hiText);
  const fullFrom = loIsFull ? loText.length : loText.length + 1;
  const fullTo = hiIsFull ? hiText.length : hiText.length - 1;
  const parts: string[] = [];
  if (!loIsFull) parts.push(sameLengthGbnf(loText, "9".repeat(loText.length)));
  if (fullFrom <= fullTo) parts.push(["[1-9]", repeatDigits(fullFrom - 1, fullTo - 1)].filter(Boolean).join(" "));
  if (!hiIsFull) parts.push(sameLengthGbnf("1" + "0".repeat(hiText.length - 1), hiText));
  return group(parts);
}

function repeatDigits(min: number, max: number): string {
  if (max === 0) return "";
  if (min === max) return min === 1 ? "[0-9]" : `[0-9]{${min}}`;
  return `[0-9]{${min},${max}}`;
}

function sameLengthGbnf(from: string, to: string): string {
  if (from.length === 0) return "";
  const a = Number(from[0]);
  const b = Number(to[0]);
  const fromRest = from.slice(1);
  const toRest = to.slice(1);
  const n = fromRest.length;
  const any = repeatDigits(n, n);
  // Adjacent digit literals merge: "9" "00" ... becomes "900" ...
  const join = (...parts: string[]) => parts.filter(Boolean).join(" ").replace(/^"(\d+)" "(\d+)"/, '"$1$2"');
  if (a === b) {
    // Fixed leading digits become one literal: "900" [0-6] ...
    let common = 0;
    while (common < from.length && from[common] === to[common]) common++;
    return join(`"${from.slice(0, common)}"`, sameLengthGbnf(from.slice(common), to.slice(common)));
  }
  const fromIsFloor = /^0*$/.test(fromRest);
  const toIsCeiling = /^9*$/.test(toRest);
  const alternatives: string[] = [];
  if (!fromIsFloor) alternatives.push(join(`"${a}"`, sameLengthGbnf(fromRest, "9".repeat(n))));
  const middleFrom = fromIsFloor ? a : a + 1;
  const middleTo = toIsCeiling ? b : b - 1;
  if (middleFrom <= middleTo) alternatives.push(join(middleFrom === middleTo ? `"${middleFrom}"` : `[${middleFrom}-${middleTo}]`, any));
  if (!toIsCeiling) alternatives.push(join(`"${b}"`, sameLengthGbnf("0".repeat(n), toRest)));
  return group(alternatives);
}

function group(alternatives: string[]): string {
  return alternatives.length === 1 ? alternatives[0]! : `( ${alternatives.join(" | ")} )`;
}
