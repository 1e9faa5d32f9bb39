import { formatPrice } from "./money.js";

/** The invoice's lines and total; an invoice is { currency, items: [{ name, cents }] }. */
export function renderInvoice(invoice) {
  const lines = invoice.items.map((item) => `${item.name}: ${formatPrice(item.cents)}`);
  const total = invoice.items.reduce((sum, item) => sum + item.cents, 0);
  lines.push(`Total: ${formatPrice(total)}`);
  return lines.join("\n");
}
