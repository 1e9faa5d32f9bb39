/**
 * `text` cut to at most `max` characters, the ellipsis included: a text that is too long keeps
 * its first max - 1 characters and ends with "…". A text that fits comes back unchanged.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return text.slice(0, max) + "…";
}
