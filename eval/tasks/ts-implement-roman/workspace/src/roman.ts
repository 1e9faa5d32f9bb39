/**
 * `n` in Roman numerals, in the standard subtractive form: 4 is "IV", 9 is "IX", 40 is "XL",
 * 90 "XC", 400 "CD", 900 "CM"; 1994 is "MCMXCIV". `n` must be a whole number from 1 to 3999;
 * anything else throws a RangeError.
 */
export function toRoman(n: number): string {
  throw new Error("not implemented");
}
