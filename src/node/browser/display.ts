// How the browser shows a page to the model, as openai/gpt-oss's simple browser does: lines
// wrapped at 80, `L{n}: ` before each, a viewport from `loc`, a header with the title, the URL
// and `**viewing lines [a - b] of N**`, all after `[cursor]`. `find` lists matches as links.
import type { PageContents } from "./pageContents";

/** Characters shown when `num_lines` is not given (the reference: about 1,024 tokens). */
export const VIEW_CHARS = 4_000;

/** Python's `textwrap.wrap(width=80, replace_whitespace=False, drop_whitespace=False)`, roughly: words kept whole where they fit. */
export function wrapLines(text: string, width = 80): string[] {
  const out: string[] = [];
  for (const line of text.split("\n")) {
    if (line === "") {
      out.push("");
      continue;
    }
    let rest = line;
    while (rest.length > width) {
      let cut = rest.lastIndexOf(" ", width);
      if (cut <= 0) cut = width;
      else cut += 1;
      out.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    out.push(rest);
  }
  return out;
}

export class BrowserUsageError extends Error {}

/** The page's viewport from `loc`: `numLines` lines, or as many as fit VIEW_CHARS when <= 0. */
export function showPage(page: PageContents, cursor: number, loc: number, numLines: number): string {
  const lines = wrapLines(page.text);
  const total = lines.length;
  if (loc >= total) throw new BrowserUsageError(`Invalid location parameter: \`${loc}\`. Cannot exceed page maximum of ${total - 1}.`);
  let end: number;
  if (numLines > 0) {
    end = Math.min(loc + numLines, total);
  } else {
    end = loc;
    let size = 0;
    while (end < total && (end === loc || size + lines[end]!.length + 8 <= VIEW_CHARS)) size += lines[end++]!.length + 8;
  }
  const body = lines.slice(loc, end).map((line, i) => `L${loc + i}: ${line}`).join("\n");
  const domain = page.url ? ` (${page.url})` : "";
  return `[${cursor}] ${page.title}${domain}\n**viewing lines [${loc} - ${end - 1}] of ${total - 1}**\n\n${body}`;
}

/** Exact (case-insensitive) matches of `pattern` in the page, as a page of `# 【i†match at Ln】` entries. */
export function findInPage(page: PageContents, pattern: string, maxResults = 50, showLines = 4): PageContents {
  // Links shown as their text only, so a pattern matches what the model reads.
  const lines = wrapLines(page.text).map((line) => line.replace(/【\d+†([^†】]*)(?:†[^†】]*)?】/g, "$1"));
  const needle = pattern.toLowerCase();
  const chunks: string[] = [];
  const urls: Record<string, string> = {};
  const lineOf: Record<string, number> = {};
  for (let i = 0; i < lines.length && chunks.length < maxResults; ) {
    if (!lines[i]!.toLowerCase().includes(needle)) {
      i++;
      continue;
    }
    const id = String(chunks.length);
    chunks.push(`# 【${id}†match at L${i}】\n${lines.slice(i, i + showLines).join("\n")}`);
    urls[id] = page.url;
    lineOf[id] = i;
    i += showLines;
  }
  return {
    url: `${page.url}/find?pattern=${encodeURIComponent(pattern)}`,
    title: `Find results for text: \`${pattern}\` in \`${page.title}\``,
    text: chunks.length ? chunks.join("\n\n") : `No \`find\` results for pattern: \`${pattern}\``,
    urls,
    lineOf,
  };
}

/** A search backend's results as the reference's search page (a list of links with summaries). */
export function searchResultsPage(query: string, results: readonly { url: string; title: string; snippet: string }[]): PageContents {
  const urls: Record<string, string> = {};
  const lineOf: Record<string, number> = {};
  const lines = ["# Search Results", ""];
  results.forEach((result, index) => {
    const id = String(index);
    urls[id] = result.url;
    lineOf[id] = lines.length;
    const domain = safeDomain(result.url);
    lines.push(`* 【${id}†${clean(result.title) || result.url}${domain ? `†${domain}` : ""}】 ${clean(result.snippet)}`.trimEnd());
  });
  if (results.length === 0) lines.push(`No results for \`${query}\`.`);
  return { url: "", title: query, text: lines.join("\n"), urls, lineOf };
}

function clean(text: string): string {
  return text.replace(/[【】†]/g, " ").replace(/\s+/g, " ").trim();
}

function safeDomain(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return "";
  }
}
