// A small syntax highlighter for code blocks in answers. Not a parser: one linear pass that finds
// comments, strings, numbers and words, which is what makes code readable at a glance. It never
// backtracks, so a hostile megabyte of code costs one scan, and it knows a few dozen languages in
// a few kilobytes (a full highlighter would be most of the bundle).
import { grammarFor, type CodeGrammar } from "./languages";

export type TokenKind =
  | "comment"
  | "string"
  | "number"
  | "keyword"
  | "control"
  | "literal"
  | "type"
  | "function"
  | "property"
  | "tag"
  | "attribute"
  | "meta"
  | "variable"
  | "inserted"
  | "deleted";

export interface CodeToken {
  kind: TokenKind;
  start: number;
  end: number;
}

/** The tokens of `code` in `language` (a fence's info word), in order and not overlapping. */
export function tokenize(code: string, language: string): CodeToken[] {
  const grammar = grammarFor(language);
  switch (grammar.kind) {
    case "none":
      return [];
    case "diff":
      return scanDiff(code);
    case "markup":
      return scanMarkup(code);
    case "code":
      return scanCode(code, grammar);
    default:
      return grammar satisfies never;
  }
}

/** The code as text nodes and `span.tok-*` elements (classes coloured by media/chat-markdown.css). */
export function highlight(code: string, language: string): DocumentFragment {
  const fragment = document.createDocumentFragment();
  let at = 0;
  for (const token of tokenize(code, language)) {
    if (token.start > at) fragment.append(code.slice(at, token.start));
    const span = document.createElement("span");
    span.className = `tok-${token.kind}`;
    span.textContent = code.slice(token.start, token.end);
    fragment.append(span);
    at = token.end;
  }
  if (at < code.length) fragment.append(code.slice(at));
  return fragment;
}

const identifierStart = /[A-Za-z_$\u00C0-\uFFFF]/;
const numberPattern = /0[xXbBoO][\da-fA-F_]+n?|\d[\d_]*\.?[\d_]*(?:[eE][+-]?\d+)?[a-zA-Z%]*|\.\d[\d_]*(?:[eE][+-]?\d+)?[a-zA-Z%]*/y;

function isSpace(ch: string | undefined): boolean {
  return ch === " " || ch === "\t" || ch === "\r";
}

function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && /[\w$\u00C0-\uFFFF]/.test(ch);
}

function lineEnd(code: string, from: number): number {
  const end = code.indexOf("\n", from);
  return end < 0 ? code.length : end;
}

/** The next character after spaces and tabs (not newlines), and where it is. */
function nextVisible(code: string, from: number): string | undefined {
  let i = from;
  while (isSpace(code[i])) i++;
  return code[i];
}

function scanCode(code: string, g: CodeGrammar): CodeToken[] {
  const tokens: CodeToken[] = [];
  const push = (kind: TokenKind, start: number, end: number) => tokens.push({ kind, start, end });
  const n = code.length;
  const identifier = g.identifier;
  let i = 0;
  let atLineStart = true;
  let braceDepth = 0;

  while (i < n) {
    const ch = code[i]!;
    if (ch === "\n") {
      atLineStart = true;
      i++;
      continue;
    }
    if (isSpace(ch)) {
      i++;
      continue;
    }
    const start = i;
    const lineStart: boolean = atLineStart;
    atLineStart = false;

    if (g.preprocessor && lineStart && ch === "#") {
      i = lineEnd(code, i);
      push("meta", start, i);
      continue;
    }
    const comment = g.lineComments.find((marker) => code.startsWith(marker, i));
    if (comment !== undefined && (!g.hashNeedsSpace || comment !== "#" || i === 0 || /\s/.test(code[i - 1]!))) {
      i = lineEnd(code, i);
      push("comment", start, i);
      continue;
    }
    if (g.blockComment && code.startsWith(g.blockComment[0], i)) {
      const close = code.indexOf(g.blockComment[1], i + g.blockComment[0].length);
      i = close < 0 ? n : close + g.blockComment[1].length;
      push("comment", start, i);
      continue;
    }
    if (g.tripleQuotes && (code.startsWith('"""', i) || code.startsWith("'''", i))) {
      const close = code.indexOf(code.slice(i, i + 3), i + 3);
      i = close < 0 ? n : close + 3;
      push("string", start, i);
      continue;
    }
    if (g.quotes.includes(ch) || g.multilineQuotes.includes(ch)) {
      const multiline = g.multilineQuotes.includes(ch);
      let j = i + 1;
      while (j < n) {
        const c = code[j];
        if (c === "\\") j += 2;
        else if (c === ch) {
          j++;
          break;
        } else if (c === "\n" && !multiline) break;
        else j++;
      }
      i = Math.min(j, n);
      const isKey = (g.properties === "json" || g.properties === "yaml") && nextVisible(code, i) === ":";
      push(isKey ? "property" : "string", start, i);
      continue;
    }
    if ((/\d/.test(ch) || (ch === "." && /\d/.test(code[i + 1] ?? ""))) && !isWordChar(code[i - 1])) {
      numberPattern.lastIndex = i;
      const match = numberPattern.exec(code);
      if (match) {
        i += match[0].length;
        push("number", start, i);
        continue;
      }
    }
    if (g.decorators && ch === "@" && identifierStart.test(code[i + 1] ?? "")) {
      identifier.lastIndex = i + 1;
      const match = identifier.exec(code);
      i += 1 + (match?.[0].length ?? 0);
      push("meta", start, i);
      continue;
    }
    if (g.variables && ch === "$") {
      if (code[i + 1] === "{") {
        // Scanned by hand to the brace or the line's end: every character is read once.
        let j = i + 2;
        while (j < n && code[j] !== "}" && code[j] !== "\n") j++;
        i = code[j] === "}" ? j + 1 : j;
        push("variable", start, i);
        continue;
      }
      identifier.lastIndex = i + 1;
      const match = identifier.exec(code);
      if (match || /[0-9@#?*!$-]/.test(code[i + 1] ?? "")) {
        i += 1 + (match?.[0].length ?? 1);
        push("variable", start, i);
        continue;
      }
    }
    if (identifierStart.test(ch)) {
      identifier.lastIndex = i;
      const word = identifier.exec(code)?.[0] ?? ch;
      i += word.length;
      const key = g.ignoreCase ? word.toLowerCase() : word;
      const next = nextVisible(code, i);
      let kind: TokenKind | undefined;
      if (g.control.has(key)) kind = "control";
      else if (g.keywords.has(key)) kind = "keyword";
      else if (g.literals.has(key)) kind = "literal";
      else if (g.properties === "yaml" && next === ":" && lineStart) kind = "property";
      else if (g.properties === "ini" && next === "=" && lineStart) kind = "property";
      else if (g.properties === "css" && braceDepth > 0 && next === ":") kind = "property";
      else if (next === "(" || (g.macros && next === "!")) kind = "function";
      else if (g.capitalizedTypes && /^[A-Z][a-z0-9]/.test(word)) kind = "type";
      if (kind) push(kind, start, i);
      continue;
    }
    if (g.properties === "ini" && lineStart && ch === "[") {
      i = lineEnd(code, i);
      push("meta", start, i);
      continue;
    }
    // A YAML list dash does not end the line's indentation: "- key: value" still has a key.
    if (g.properties === "yaml" && ch === "-" && isSpace(code[i + 1])) atLineStart = lineStart;
    if (ch === "{") braceDepth++;
    else if (ch === "}") braceDepth = Math.max(0, braceDepth - 1);
    i++;
  }
  return tokens;
}

function scanDiff(code: string): CodeToken[] {
  const tokens: CodeToken[] = [];
  let start = 0;
  while (start < code.length) {
    const end = lineEnd(code, start);
    const line = code.slice(start, Math.min(end, start + 4));
    let kind: TokenKind | undefined;
    if (line.startsWith("+++") || line.startsWith("---") || line.startsWith("@@") || line.startsWith("diff") || line.startsWith("index")) kind = "meta";
    else if (line.startsWith("+")) kind = "inserted";
    else if (line.startsWith("-")) kind = "deleted";
    if (kind && end > start) tokens.push({ kind, start, end });
    start = end + 1;
  }
  return tokens;
}

const tagName = /[A-Za-z][\w:.-]*/y;
const attributeName = /[^\s"'<>/=]+/y;

/** HTML and XML: tags, attribute names and values, comments; text between tags stays plain. */
function scanMarkup(code: string): CodeToken[] {
  const tokens: CodeToken[] = [];
  const n = code.length;
  let i = 0;
  while (i < n) {
    const open = code.indexOf("<", i);
    if (open < 0) break;
    i = open;
    if (code.startsWith("<!--", i)) {
      const close = code.indexOf("-->", i + 4);
      const end = close < 0 ? n : close + 3;
      tokens.push({ kind: "comment", start: i, end });
      i = end;
      continue;
    }
    let j = i + 1;
    if (code[j] === "/" || code[j] === "!" || code[j] === "?") j++;
    tagName.lastIndex = j;
    const name = tagName.exec(code);
    if (!name) {
      i++;
      continue;
    }
    j += name[0].length;
    tokens.push({ kind: "tag", start: i, end: j });
    // Attributes until the tag closes: a name, or after "=" a value (quoted or not).
    let value = false;
    while (j < n && code[j] !== ">" && code[j] !== "<") {
      const c = code[j]!;
      if (c === "=") {
        value = true;
        j++;
      } else if (/\s/.test(c) || c === "/" || c === "?") {
        j++;
      } else if (c === '"' || c === "'") {
        const close = code.indexOf(c, j + 1);
        const end = close < 0 ? n : close + 1;
        tokens.push({ kind: "string", start: j, end });
        j = end;
        value = false;
      } else {
        attributeName.lastIndex = j;
        const end = j + (attributeName.exec(code)?.[0].length || 1);
        tokens.push({ kind: value ? "string" : "attribute", start: j, end });
        j = end;
        value = false;
      }
    }
    if (code[j] === ">") {
      tokens.push({ kind: "tag", start: j, end: j + 1 });
      j++;
    }
    i = j;
  }
  return tokens;
}
