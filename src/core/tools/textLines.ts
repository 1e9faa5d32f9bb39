// Lines of a text file as the tools show them: split on any line ending, numbered from 1.

/** The lines of `text` without their endings. A final line ending does not start another line. */
export function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split(/\r\n|\r|\n/);
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/** "\r\n" when the text mostly uses Windows endings, else "\n". */
export function dominantEol(text: string): "\r\n" | "\n" {
  const crlf = text.match(/\r\n/g)?.length ?? 0;
  const lf = (text.match(/\n/g)?.length ?? 0) - crlf;
  return crlf > lf ? "\r\n" : "\n";
}

/**
 * Whether decoded text is really a binary file: a NUL in the first 8 KB (no text format has one),
 * or mostly undecodable bytes (U+FFFD) there.
 */
export function looksBinary(text: string): boolean {
  const sample = text.slice(0, 8192);
  if (sample.includes("\u0000")) return true;
  if (sample.length === 0) return false;
  let replaced = 0;
  for (const c of sample) if (c === "\uFFFD") replaced++;
  return replaced / sample.length > 0.1;
}

/** The prefix read_file puts before a line: its number, right-aligned, and "| ". */
export function lineNumberPrefix(line: number, width: number): string {
  return `${String(line).padStart(width)}| `;
}

/** 1-based line number of the character at `offset`. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) line++;
  return line;
}

/** Lines added and removed when `before` becomes `after`, leaving out the lines both share at either end. */
export function changedLineCounts(before: string, after: string): { added: number; removed: number } {
  const a = splitLines(before);
  const b = splitLines(after);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  return { removed: a.length - head - tail, added: b.length - head - tail };
}
