// gpt-oss's browser against real servers on loopback: a small site and a fake SearXNG JSON API.
// Search, open (by link id and by URL), scrolling, find, a citation's page, and the address
// policy: loopback refused unless allow-listed, also behind a redirect.
import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, test } from "node:test";
import { BrowserSession, createBrowserTools } from "../../src/node/browser/browserTools";
import { htmlToPage } from "../../src/node/browser/pageContents";
import { isPrivateAddress } from "../../src/node/browser/addressPolicy";
import { createWebAccess } from "../../src/node/browser/webAccess";
import { unusedEnvironment } from "../helpers/agentFixtures";

let site: http.Server;
let base: string;
let port: number;

const LONG = Array.from({ length: 120 }, (_, i) => `<p>Paragraph ${i} about tides and the moon.</p>`).join("\n");
const PAGES: Record<string, string> = {
  "/tides": `<html><head><title>Tides</title><style>p{}</style></head><body><h1>Tides</h1><p>Tides are caused by the <a href="/moon">Moon</a>'s gravity &amp; the Sun's.</p><p>See <a href="https://example.org/ocean">the ocean</a>.</p><script>alert(1)</script>${LONG}</body></html>`,
  "/moon": "<html><head><title>The Moon</title></head><body><p>The Moon is 384,400 km away.</p></body></html>",
};

before(async () => {
  site = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (url.pathname === "/search") {
      res.setHeader("content-type", "application/json");
      const q = url.searchParams.get("q");
      res.end(JSON.stringify({ query: q, results: [{ url: `${base}/tides`, title: "Tides - an explainer", content: `What causes tides (${url.searchParams.get("format")})` }, { url: `${base}/moon`, title: "The Moon", content: "Distance" }] }));
      return;
    }
    if (url.pathname === "/redirect-out") {
      res.writeHead(302, { location: `http://localhost:${port}/moon` });
      res.end();
      return;
    }
    const page = PAGES[url.pathname];
    res.writeHead(page ? 200 : 404, { "content-type": "text/html; charset=utf-8" });
    res.end(page ?? "not found");
  });
  await new Promise<void>((resolve) => site.listen(0, "127.0.0.1", resolve));
  port = (site.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
});
after(() => site.close());

const signal = new AbortController().signal;
const allowed = () => new BrowserSession(createWebAccess({ searchUrl: `${base}/`, allowHosts: ["127.0.0.1"] }));

test("HTML becomes text with the reference's link marks", () => {
  const page = htmlToPage(PAGES["/tides"]!, `${base}/tides`);
  assert.equal(page.title, "Tides");
  assert.match(page.text, /^# Tides\n\nTides are caused by the 【0†Moon】's gravity & the Sun's\.\n\nSee 【1†the ocean†example\.org】\./);
  assert.deepEqual(page.urls, { "0": `${base}/moon`, "1": "https://example.org/ocean" });
  assert.doesNotMatch(page.text, /alert|p\{\}/);
});

test("search through the SearXNG JSON API shows a results page at cursor 0", async () => {
  const browser = allowed();
  const shown = await browser.search("tides", 10, signal);
  assert.equal(
    shown,
    `[0] tides\n**viewing lines [0 - 3] of 3**\n\nL0: # Search Results\nL1: \nL2: * 【0†Tides - an explainer†127.0.0.1】 What causes tides (json)\nL3: * 【1†The Moon†127.0.0.1】 Distance`,
  );
});

test("open by link id, scroll with loc and num_lines, open by URL, find, and the citation's page", async () => {
  const browser = allowed();
  await browser.search("tides", 10, signal);
  const opened = await browser.open({ id: 0, cursor: -1, loc: -1, num_lines: 5, view_source: false }, signal);
  assert.match(opened, /^\[1\] Tides \(http:\/\/127\.0\.0\.1:\d+\/tides\)\n\*\*viewing lines \[0 - 4\] of \d+\*\*\n\nL0: # Tides\nL1: \nL2: Tides are caused by the 【0†Moon】's gravity & the Sun's\./);
  const scrolled = await browser.open({ id: -1, cursor: 1, loc: 10, num_lines: 3, view_source: false }, signal);
  assert.match(scrolled, /^\[2\] Tides .*\n\*\*viewing lines \[10 - 12\] of \d+\*\*\n\nL10: /);
  const link = await browser.open({ id: 0, cursor: 1, loc: -1, num_lines: -1, view_source: false }, signal);
  assert.match(link, /^\[3\] The Moon .*\n[\s\S]*L0: The Moon is 384,400 km away\.$/);
  const byUrl = await browser.open({ id: `${base}/moon`, cursor: -1, loc: -1, num_lines: -1, view_source: false }, signal);
  assert.match(byUrl, /^\[4\] The Moon/);
  const found = browser.find("paragraph 42", 1);
  assert.match(found, /^\[5\] Find results for text: `paragraph 42` in `Tides` \(.*\/tides\/find\?pattern=paragraph%2042\)\n[\s\S]*L0: # 【0†match at L(\d+)】\nL1: Paragraph 42 about tides and the moon\./);
  const line = Number(/match at L(\d+)/.exec(found)![1]);
  // Opening a find result shows the page from a few lines before the match.
  const atMatch = await browser.open({ id: 0, cursor: 5, loc: -1, num_lines: 6, view_source: false }, signal);
  assert.match(atMatch, new RegExp(`^\\[6\\] Tides [\\s\\S]*viewing lines \\[${line - 4} - ${line + 1}\\][\\s\\S]*L${line}: Paragraph 42 about`));
  assert.equal(browser.citationUrl(1), `${base}/tides`);
  assert.equal(browser.citationUrl(5), `${base}/tides`);
});

test("a loopback URL is refused without allow-listing, also behind a redirect and by name", async () => {
  const strict = new BrowserSession(createWebAccess({ searchUrl: undefined, allowHosts: [] }));
  await assert.rejects(strict.open({ id: `${base}/moon`, cursor: -1, loc: -1, num_lines: -1, view_source: false }, signal), /127\.0\.0\.1 is a private or local address; add it to gptOss\.browser\.allowHosts/);
  await assert.rejects(strict.open({ id: `http://localhost:${port}/moon`, cursor: -1, loc: -1, num_lines: -1, view_source: false }, signal), /localhost is refused/);
  await assert.rejects(strict.open({ id: `http://[::1]:${port}/`, cursor: -1, loc: -1, num_lines: -1, view_source: false }, signal), /private or local/);
  await assert.rejects(strict.open({ id: "file:///etc/passwd", cursor: -1, loc: -1, num_lines: -1, view_source: false }, signal), /only http and https/);
  await assert.rejects(strict.search("x", 5, signal), /no search server is set/);
  // Allowed 127.0.0.1, but its redirect goes to localhost, which is not.
  const partly = allowed();
  await assert.rejects(partly.open({ id: `${base}/redirect-out`, cursor: -1, loc: -1, num_lines: -1, view_source: false }, signal), /localhost is refused/);
});

test("the address policy refuses private ranges and accepts public ones", () => {
  for (const a of ["127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "::1", "fd00::1", "fe80::1", "::ffff:127.0.0.1"]) assert.equal(isPrivateAddress(a), true, a);
  for (const a of ["93.184.216.34", "8.8.8.8", "2606:4700::1111"]) assert.equal(isPrivateAddress(a), false, a);
});

test("the tools: recipients browser.search/open/find, errors the model can act on", async () => {
  const tools = createBrowserTools(allowed());
  assert.deepEqual(tools.map((t) => t.recipient), ["browser.search", "browser.open", "browser.find"]);
  const context = { env: unusedEnvironment, signal, maxResultChars: 10_000 };
  const find = tools[2]!;
  await assert.rejects(find.run(find.parameters.parse({ pattern: "x" }), context), /No pages to access/);
  const open = tools[1]!;
  await tools[0]!.run(tools[0]!.parameters.parse({ query: "tides" }), context);
  await assert.rejects(open.run(open.parameters.parse({ id: 7 }), context), /Invalid link id `7`/);
});
