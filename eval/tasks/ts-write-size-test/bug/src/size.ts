const UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1000 ** 2, gb: 1024 ** 3 };

/** "10kb", "1.5 MB", "512" (bytes) as a number of bytes; units are binary (1 kb = 1024 b), any case. */
export function parseSize(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  if (!match) throw new Error(`not a size: "${text}"`);
  const unit = (match[2] || "b").toLowerCase();
  const factor = UNITS[unit];
  if (factor === undefined) throw new Error(`unknown unit "${match[2]}" in "${text}"`);
  return Math.round(Number(match[1]) * factor);
}
