// Names and text made visible before they are shown to the model or the user. A file name may
// hold any byte but "/" and NUL: a newline in a name forged a whole line of list_directory's
// output, and a right-to-left override (U+202E) makes "invoice" + U+202E + "fdp.exe" read as "invoiceexe.pdf" in an
// approval. Such characters are written as escapes instead, so what is shown is what is there.

/** C0 and C1 controls, DEL, bidirectional controls and marks, line and paragraph separators, BOM. */
const HIDDEN = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff]/u;
const HIDDEN_ALL = new RegExp(HIDDEN.source, "gu");
/** The same, but keeping line breaks and tabs (a command or file text may have many lines). */
const HIDDEN_IN_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff]/gu;

const NAMED: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

function escapeOne(c: string): string {
  return NAMED[c] ?? `\\u{${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}}`;
}

/**
 * A file name or path for one line of output: unchanged when plain; otherwise quoted, with each
 * hidden character as an escape ("a\nb" becomes "\"a\\nb\""). A name that starts with a quote
 * is quoted too, so a real name can never look like an escaped one.
 */
export function visibleName(name: string): string {
  if (!HIDDEN.test(name) && !name.startsWith('"')) return name;
  return `"${name.replace(/["\\]/g, "\\$&").replace(HIDDEN_ALL, escapeOne)}"`;
}

/** Text of many lines (a command, a message): line breaks and tabs kept, other hidden characters escaped. */
export function visibleText(text: string): string {
  return text.replace(HIDDEN_IN_TEXT, escapeOne);
}

/** Whether the text holds a character visibleName would escape. */
export function hasHiddenCharacters(text: string): boolean {
  return HIDDEN.test(text);
}
