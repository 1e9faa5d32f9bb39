// The browser's way out: pages through safeFetch, search through one small adapter per backend.
// SearXNG's JSON API is the one there is (`gptOss.browser.searchUrl`); another backend is
// another `SearchBackend`.
import type { SearchResult, WebAccess } from "./browserTools";
import * as z from "zod";
import { normalHost } from "./addressPolicy";
import { safeFetch, type FetchLimits } from "./safeFetch";

export interface SearchBackend {
  search(query: string, topn: number, signal: AbortSignal): Promise<SearchResult[]>;
}

const searxngAnswer = z.object({
  results: z.array(z.object({ url: z.string(), title: z.string().default(""), content: z.string().nullish() }).loose()),
}).loose();

/** A SearXNG instance's JSON API (`/search?q=...&format=json`; the instance must enable the json format). */
export function searxngBackend(searchUrl: string, fetchPage: typeof safeFetch, options: { allowHosts: readonly string[]; limits?: FetchLimits }): SearchBackend {
  const base = new URL(searchUrl);
  // The user chose this server: it may be on this machine or the local network.
  const allowHosts = [...options.allowHosts, normalHost(base.hostname)];
  return {
    async search(query, topn, signal) {
      const url = new URL(base.pathname.endsWith("/search") ? base.href : new URL("search", base.href.endsWith("/") ? base.href : `${base.href}/`).href);
      url.searchParams.set("q", query);
      url.searchParams.set("format", "json");
      const fetched = await fetchPage(url.href, { allowHosts, ...(options.limits ? { limits: options.limits } : {}), headers: { accept: "application/json" } }, signal);
      let json: unknown;
      try {
        json = JSON.parse(fetched.body);
      } catch {
        throw new Error("the search server did not answer JSON (is `json` among its `search.formats`?)");
      }
      const parsed = searxngAnswer.safeParse(json);
      if (!parsed.success) throw new Error("the search server's answer has no `results` list");
      return parsed.data.results.slice(0, topn).map((r) => ({ url: r.url, title: r.title, snippet: r.content ?? "" }));
    },
  };
}

export interface WebAccessOptions {
  searchUrl: string | undefined;
  allowHosts: readonly string[];
  limits?: FetchLimits;
}

export function createWebAccess(options: WebAccessOptions): WebAccess {
  const backend = options.searchUrl ? searxngBackend(options.searchUrl, safeFetch, options) : undefined;
  return {
    search: (query, topn, signal) => {
      if (!backend) return Promise.reject(new Error("no search server is set (gptOss.browser.searchUrl, or --search-url): open a URL instead"));
      return backend.search(query, topn, signal);
    },
    fetch: async (url, signal) => {
      const page = await safeFetch(url, { allowHosts: options.allowHosts, ...(options.limits ? { limits: options.limits } : {}) }, signal);
      return { url: page.url, body: page.truncated ? `${page.body}\n\n[The page was cut at its size limit.]` : page.body, contentType: page.contentType };
    },
  };
}
