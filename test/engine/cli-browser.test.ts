// gpt-oss-local chat --browser, through the real engine on the tiny model made to say a script:
// a search on a fake SearXNG endpoint, a page opened by link id and one by URL, a find, and an
// answer with a citation; a loopback URL the user did not allow is refused. All servers are
// real, on loopback.
import assert from "node:assert/strict";
import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import type { CliIO } from "../../src/cli/command";
import { main } from "../../src/cli/main";
import { tinyModelPath } from "../helpers/tinyModel";

const root = path.resolve(__dirname, "../..");
let model: string;
let scratch: string;
let server: http.Server;
let base: string;
let other: http.Server;
let otherBase: string;

const TIDES = `<html><head><title>Tides</title></head><body><h1>Tides</h1><p>Tides are caused mainly by the <a href="/moon">Moon</a>.</p>${Array.from({ length: 30 }, (_, i) => `<p>Line ${i} of the tide table.</p>`).join("")}</body></html>`;

function listen(s: http.Server): Promise<string> {
  return new Promise((resolve) => s.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(s.address() as AddressInfo).port}`)));
}

before(async () => {
  model = await tinyModelPath();
  scratch = await mkdtemp(path.join(os.tmpdir(), "cli-browser-"));
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (url.pathname === "/search") {
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ results: [{ url: `${base}/tides`, title: "Tides explained", content: "What causes the tides" }] }));
    } else if (url.pathname === "/tides") {
      res.setHeader("content-type", "text/html");
      res.end(TIDES);
    } else if (url.pathname === "/moon") {
      res.setHeader("content-type", "text/html");
      res.end("<html><head><title>Moon</title></head><body><p>The Moon pulls the oceans.</p></body></html>");
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
  base = await listen(server);
  // A second local service the model was never allowed to reach.
  other = http.createServer((_req, res) => res.end("INTERNAL-ADMIN-PAGE"));
  otherBase = (await listen(other)).replace("127.0.0.1", "localhost");
});

after(async () => {
  server.close();
  other.close();
  await rm(scratch, { recursive: true, force: true });
});

const call = (fn: string, args: object) =>
  `<|channel|>analysis<|message|>Browse.<|end|><|start|>assistant<|channel|>analysis to=browser.${fn} code<|message|>${JSON.stringify(args)}<|call|>`;

test("--browser: search, open by id and by URL, find, a citation, and a refused loopback URL", async () => {
  const ws = path.join(scratch, "ws");
  await cp(path.join(root, "test/fixtures/sample-workspace"), ws, { recursive: true });
  const script = path.join(scratch, "browser.json");
  await writeFile(
    script,
    JSON.stringify({
      responses: [
        call("search", { query: "what causes tides" }),
        call("open", { id: 0 }),
        call("find", { pattern: "line 12" }),
        call("open", { id: `${base}/moon` }),
        call("open", { id: `${otherBase}/admin` }),
        "<|channel|>final<|message|>Tides are caused mainly by the Moon 【1†L2】.<|return|>",
      ],
    }),
  );
  let out = "";
  let err = "";
  const io: CliIO = { out: (text) => (out += `${text}\n`), err: (text) => (err += `${text}\n`) };
  const host = new URL(base).hostname;
  const code = await main(
    ["chat", "--model", model, "--threads", "1", "--context", "8192", "--script", script, "--workspace", ws, "--json", "--no-python", "--browser", "--search-url", base, "--browser-allow-host", host, "What causes tides?"],
    io,
  );
  assert.equal(code, 0, err);
  const events = out.trim().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
  const results = events.filter((e) => e.event === "tool-result").map((e) => String(e.content));
  assert.equal(results.length, 5, out);
  assert.match(results[0]!, /^\[0\] what causes tides\n\*\*viewing lines \[0 - 2\] of 2\*\*\n\nL0: # Search Results\nL1: \nL2: \* 【0†Tides explained†127\.0\.0\.1】 What causes the tides$/);
  assert.match(results[1]!, /^\[1\] Tides \(http:\/\/127\.0\.0\.1:\d+\/tides\)\n\*\*viewing lines \[0 - \d+\] of \d+\*\*\n\nL0: # Tides\nL1: \nL2: Tides are caused mainly by the 【0†Moon】\./);
  assert.match(results[2]!, /^\[2\] Find results for text: `line 12` in `Tides`[\s\S]*# 【0†match at L\d+】\nL1: Line 12 of the tide table\./);
  assert.match(results[3]!, /^\[3\] Moon [\s\S]*L0: The Moon pulls the oceans\.$/);
  assert.match(results[4]!, /^Error: Error fetching URL `http:\/\/localhost:\d+\/admin`: localhost is refused; add it to gptOss\.browser\.allowHosts/);
  assert.doesNotMatch(out, /INTERNAL-ADMIN-PAGE/);
  const final = events.at(-1)!;
  assert.equal(final.event, "final");
  assert.match(String(final.answer), /【1†L2】/);
});
