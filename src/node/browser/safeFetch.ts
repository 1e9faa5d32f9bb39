// The browser's fetcher: http(s) only, a time and size limit, and the address policy checked on
// the address actually connected to (DNS is resolved in the request's own lookup, so a name
// cannot resolve to a public address for the check and a private one for the connection), again
// on every redirect.
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { isIP } from "node:net";
import { isPrivateAddress, normalHost } from "./addressPolicy";

export interface FetchLimits {
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
}

export const DEFAULT_FETCH_LIMITS: FetchLimits = { timeoutMs: 20_000, maxBytes: 2_000_000, maxRedirects: 5 };

export class FetchRefused extends Error {}

export interface Fetched {
  url: string;
  status: number;
  contentType: string;
  body: string;
  truncated: boolean;
}

export interface SafeFetchOptions {
  /** Hosts (names or addresses) that may be private: the user's own search server, a local test server. */
  allowHosts: readonly string[];
  limits?: FetchLimits;
  headers?: Record<string, string>;
}

function guardedLookup(host: string, allowed: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, "", 0);
      const list = addresses as LookupAddress[];
      const usable = allowed ? list : list.filter((a) => !isPrivateAddress(a.address));
      if (usable.length === 0) {
        return callback(new FetchRefused(`${host} resolves to a private or local address (${list.map((a) => a.address).join(", ")}); add it to gptOss.browser.allowHosts to allow it`), "", 0);
      }
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, usable);
      callback(null, usable[0]!.address, usable[0]!.family);
    });
  };
}

/** GET `url` within the limits; refuses private addresses unless allowed, follows redirects re-checking each. */
export async function safeFetch(url: string, options: SafeFetchOptions, signal: AbortSignal): Promise<Fetched> {
  const limits = options.limits ?? DEFAULT_FETCH_LIMITS;
  const allow = new Set(options.allowHosts.map(normalHost));
  let current = url;
  for (let hop = 0; ; hop++) {
    let parsed: URL;
    try {
      parsed = new URL(current);
    } catch {
      throw new FetchRefused(`not a URL: ${current}`);
    }
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") throw new FetchRefused(`only http and https URLs can be opened (got ${parsed.protocol})`);
    const host = normalHost(parsed.hostname);
    const allowed = allow.has(host);
    if (isIP(host) && !allowed && isPrivateAddress(host)) {
      throw new FetchRefused(`${host} is a private or local address; add it to gptOss.browser.allowHosts to allow it`);
    }
    if (host === "localhost" && !allowed) throw new FetchRefused("localhost is refused; add it to gptOss.browser.allowHosts to allow it");
    const response = await request(parsed, guardedLookup(host, allowed), limits, options.headers ?? {}, signal);
    if (response.status >= 300 && response.status < 400 && response.location) {
      if (hop >= limits.maxRedirects) throw new FetchRefused(`too many redirects (more than ${limits.maxRedirects})`);
      current = new URL(response.location, parsed).href;
      continue;
    }
    if (response.status >= 400) throw new FetchRefused(`HTTP ${response.status}`);
    return { url: parsed.href, status: response.status, contentType: response.contentType, body: response.body, truncated: response.truncated };
  }
}

function request(
  url: URL,
  lookup: LookupFunction,
  limits: FetchLimits,
  headers: Record<string, string>,
  signal: AbortSignal,
): Promise<{ status: number; location?: string; contentType: string; body: string; truncated: boolean }> {
  return new Promise((resolve, reject) => {
    const get = url.protocol === "https:" ? https.get : http.get;
    const req = get(url, { lookup, headers: { "user-agent": "gpt-oss-local browser", accept: "text/html,text/plain,application/json;q=0.9,*/*;q=0.5", ...headers }, signal, timeout: limits.timeoutMs }, (res) => {
      const status = res.statusCode ?? 0;
      const location = res.headers.location;
      if (status >= 300 && status < 400) {
        res.resume();
        return resolve({ status, ...(location ? { location } : {}), contentType: "", body: "", truncated: false });
      }
      const chunks: Buffer[] = [];
      let size = 0;
      let truncated = false;
      res.on("data", (chunk: Buffer) => {
        if (size >= limits.maxBytes) {
          truncated = true;
          res.destroy();
          return;
        }
        chunks.push(chunk.subarray(0, limits.maxBytes - size));
        size += chunk.length;
        if (size > limits.maxBytes) truncated = true;
      });
      const done = () => resolve({ status, contentType: String(res.headers["content-type"] ?? ""), body: Buffer.concat(chunks).toString("utf8"), truncated });
      res.on("end", done);
      res.on("close", done);
      res.on("error", reject);
    });
    const timer = setTimeout(() => req.destroy(new FetchRefused(`no complete answer within ${Math.round(limits.timeoutMs / 1000)} s`)), limits.timeoutMs);
    req.on("close", () => clearTimeout(timer));
    req.on("timeout", () => req.destroy(new FetchRefused(`no answer within ${Math.round(limits.timeoutMs / 1000)} s`)));
    req.on("error", (error) => reject(error));
  });
}
