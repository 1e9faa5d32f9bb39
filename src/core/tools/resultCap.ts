// Keeping tool results inside the model's budget (ToolContext.maxResultChars). A result that is
// cut always says so and how to get the rest: a model that does not know it saw a part will
// answer as if it saw the whole.

export interface CappedText {
  text: string;
  truncated: boolean;
}

/** 2310 -> "2,310": the model reads numbers as people do. */
export function formatCount(n: number): string {
  return n.toLocaleString("en-US");
}

/** "1 file", "3 files". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** 1234 -> "1.2 KB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KB", "MB", "GB", "TB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

/**
 * Cuts `text` to at most `maxChars` characters (the note included), at a line break where one is
 * near, and appends `note`. Text that fits comes back unchanged.
 */
export function capText(text: string, maxChars: number, note: string): CappedText {
  if (text.length <= maxChars) return { text, truncated: false };
  const budget = Math.max(0, maxChars - note.length - 1);
  let cut = text.lastIndexOf("\n", budget);
  if (cut < budget / 2) cut = budget;
  return { text: `${text.slice(0, cut)}\n${note}`, truncated: true };
}

/**
 * Keeps the head and the tail of `text` (a command's output: how it started, and the error or
 * summary it ended with), dropping the middle with a note saying how much went.
 */
export function capHeadTail(text: string, maxChars: number): CappedText {
  if (text.length <= maxChars) return { text, truncated: false };
  const noteFor = (dropped: number) => `\n[… ${formatCount(dropped)} characters of output cut here …]\n`;
  const budget = Math.max(0, maxChars - noteFor(text.length).length);
  const head = Math.floor(budget / 3);
  const tail = budget - head;
  const dropped = text.length - head - tail;
  return { text: text.slice(0, head) + noteFor(dropped) + text.slice(text.length - tail), truncated: true };
}

/** Cuts one long line (minified code) around `focus`, marking what went. */
export function clipLine(line: string, maxChars: number, focus = 0): string {
  if (line.length <= maxChars) return line;
  const start = Math.max(0, Math.min(focus - Math.floor(maxChars / 4), line.length - maxChars));
  const end = start + maxChars;
  return `${start > 0 ? "…" : ""}${line.slice(start, end)}${end < line.length ? ` … [${formatCount(line.length - end)} more characters]` : ""}`;
}
