/** The sum of the numbers in `values` (0 for an empty array). */
export function sum(values) {
  return values.reduce((total, value) => total + value, 0);
}

/**
 * Splits `items` into consecutive groups of `size` items, in order. The last group holds what is
 * left and may be shorter. An empty array gives an empty array. `size` must be a whole number of
 * at least 1; anything else throws a RangeError. The input array is not changed.
 *
 *   chunk([1, 2, 3, 4, 5], 2)  ->  [[1, 2], [3, 4], [5]]
 */
export function chunk(items, size) {
  throw new Error("not implemented");
}
