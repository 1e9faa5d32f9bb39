/** A whole-number command-line option: `fallback` when absent, an error naming the flag when malformed. */
export function positiveInt(name: string, text: string | undefined, fallback: number, allowZero = false): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || (!allowZero && value === 0)) throw new Error(`--${name} needs a ${allowZero ? "non-negative" : "positive"} whole number, got "${text}"`);
  return value;
}
