// gpt-oss's built-in `browser` as three agent tools, `browser.search`, `browser.open` and
// `browser.find`, with the reference's behaviour (openai/gpt-oss `simple_browser_tool.py`): every
// page shown gets the next cursor, `open` takes a link id of a page (or a URL), `loc` and
// `num_lines` set the viewport, `find` searches a page. The network is behind `WebAccess`
// (webAccess.ts), so this file is the browser's logic only.
import * as z from "zod";
import { ToolError, type Tool } from "../../core/tools/contract";
import { BrowserUsageError, findInPage, searchResultsPage, showPage } from "./display";
import { htmlToPage, type PageContents } from "./pageContents";

export interface SearchResult {
  url: string;
  title: string;
  snippet: string;
}

/** What the browser needs from outside: a search backend and a fetcher (both may refuse with an Error). */
export interface WebAccess {
  search(query: string, topn: number, signal: AbortSignal): Promise<SearchResult[]>;
  /** The page at `url` (after redirects: `url` is where it ended), as HTML or text. */
  fetch(url: string, signal: AbortSignal): Promise<{ url: string; body: string; contentType: string }>;
}

export class BrowserSession {
  /** Every page shown, by cursor. */
  readonly pages: PageContents[] = [];

  constructor(private readonly web: WebAccess, private readonly maxSearchResults = 10) {}

  private page(cursor: number): PageContents {
    if (this.pages.length === 0) throw new BrowserUsageError("No pages to access! Use browser.search or browser.open with a URL first.");
    if (cursor === -1) return this.pages.at(-1)!;
    const page = this.pages[cursor];
    if (!page) throw new BrowserUsageError(`Cursor \`${cursor}\` is out of range. Available cursor indices: [0 - ${this.pages.length - 1}].`);
    return page;
  }

  private show(page: PageContents, loc: number, numLines: number): string {
    this.pages.push(page);
    try {
      return showPage(page, this.pages.length - 1, loc, numLines);
    } catch (error) {
      this.pages.pop();
      throw error;
    }
  }

  async search(query: string, topn: number, signal: AbortSignal): Promise<string> {
    let results: SearchResult[];
    try {
      results = await this.web.search(query, Math.min(Math.max(1, topn), this.maxSearchResults), signal);
    } catch (error) {
      throw new BrowserUsageError(`Error during search for \`${query}\`: ${messageOf(error)}`);
    }
    return this.show(searchResultsPage(query, results), 0, -1);
  }

  async open(args: { id: number | string; cursor: number; loc: number; num_lines: number; view_source: boolean }, signal: AbortSignal): Promise<string> {
    let url: string;
    let loc = args.loc;
    let stay: PageContents | undefined;
    if (typeof args.id === "string") {
      url = args.id;
    } else {
      const current = this.page(args.cursor);
      if (args.id >= 0) {
        const target = current.urls[String(args.id)];
        if (target === undefined) throw new BrowserUsageError(`Invalid link id \`${args.id}\`.`);
        url = target;
        // A find result opens at its line (a little before, for context).
        const line = current.lineOf?.[String(args.id)];
        if (loc < 0 && line !== undefined && current.url !== "") loc = Math.max(0, line - 4);
      } else {
        url = current.url;
        if (!args.view_source) stay = current;
      }
    }
    let page = stay;
    if (!page) {
      let fetched;
      try {
        fetched = await this.web.fetch(url, signal);
      } catch (error) {
        throw new BrowserUsageError(`Error fetching URL \`${url}\`: ${messageOf(error)}`);
      }
      page = args.view_source || !/html/i.test(fetched.contentType)
        ? { url: fetched.url, title: fetched.url, text: fetched.body, urls: {} }
        : htmlToPage(fetched.body, fetched.url, fetched.url);
    }
    return this.show(page, Math.max(0, loc), args.num_lines);
  }

  find(pattern: string, cursor: number): string {
    const page = this.page(cursor);
    if (page.lineOf !== undefined) throw new BrowserUsageError("Cannot run `find` on search results page or find results page");
    return this.show(findInPage(page, pattern), 0, -1);
  }

  /** Every cursor's page, for the chat's citation links (search pages have none). */
  citationPages(): Record<string, string> {
    const pages: Record<string, string> = {};
    this.pages.forEach((_page, cursor) => {
      const url = this.citationUrl(cursor);
      if (url) pages[String(cursor)] = url;
    });
    return pages;
  }

  /** The page a citation `【cursor†Lx-Ly】` points at, for links in the chat. */
  citationUrl(cursor: number): string | undefined {
    const page = this.pages[cursor];
    if (!page) return undefined;
    // A find page cites lines of the page it searched.
    return page.url.replace(/\/find\?pattern=[^/]*$/, "") || undefined;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const number = z.number().int();
const searchParams = z.object({ query: z.string().min(1), topn: number.default(10), source: z.string().optional() });
const openParams = z.object({
  id: z.union([number, z.string().min(1)]).default(-1),
  cursor: number.default(-1),
  loc: number.default(-1),
  num_lines: number.default(-1),
  view_source: z.boolean().default(false),
  source: z.string().optional(),
});
const findParams = z.object({ pattern: z.string().min(1), cursor: number.default(-1) });

async function asToolResult(work: () => Promise<string> | string) {
  try {
    const content = await work();
    return { content, summary: content.split("\n", 1)[0]! };
  } catch (error) {
    if (error instanceof BrowserUsageError) throw new ToolError(error.message);
    throw error;
  }
}

/** The three functions of the built-in browser, sharing one session (its cursors). */
export function createBrowserTools(session: BrowserSession): Tool[] {
  const search: Tool<z.infer<typeof searchParams>> = {
    name: "browser.search",
    recipient: "browser.search",
    description: "browser.search (declared in the system message as gpt-oss's built-in browser)",
    parameters: searchParams,
    risk: "read",
    invocationMessage: (p) => `Searching the web for “${p.query}”`,
    run: (p, context) => asToolResult(() => session.search(p.query, p.topn, context.signal)),
  };
  const open: Tool<z.infer<typeof openParams>> = {
    name: "browser.open",
    recipient: "browser.open",
    description: "browser.open",
    parameters: openParams,
    risk: "read",
    invocationMessage: (p) => (typeof p.id === "string" ? `Opening ${p.id}` : p.id >= 0 ? `Opening link ${p.id}` : `Scrolling to line ${Math.max(0, p.loc)}`),
    run: (p, context) => asToolResult(() => session.open(p, context.signal)),
  };
  const find: Tool<z.infer<typeof findParams>> = {
    name: "browser.find",
    recipient: "browser.find",
    description: "browser.find",
    parameters: findParams,
    risk: "read",
    invocationMessage: (p) => `Finding “${p.pattern}” in the page`,
    run: (p) => asToolResult(() => session.find(p.pattern, p.cursor)),
  };
  return [search, open, find] as Tool[];
}
