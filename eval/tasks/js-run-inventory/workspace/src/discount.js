export function applyDiscount(total, percent) {
  return Math.round(total * (100 - percent)) / 100;
}
