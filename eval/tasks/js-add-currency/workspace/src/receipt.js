import { formatPrice } from "./money.js";

/** A one-line receipt for a payment { cents, currency }. */
export function receipt(payment) {
  return `Paid ${formatPrice(payment.cents)}. Thank you!`;
}
