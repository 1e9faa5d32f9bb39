export function shippingCost(total) {
  return total >= 50 ? 0 : 4.99;
}
