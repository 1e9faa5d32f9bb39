/** Units left after taking the reserved ones; never below zero. */
export function available(stock, reserved) {
  return Math.max(stock - reserved, 0);
}

/** The items whose available units are at or below `threshold`, sorted by name. */
export function lowStock(items, threshold) {
  return items
    .filter((item) => available(item.stock, item.reserved) < threshold)
    .map((item) => item.name)
    .sort();
}
