// The browser's citations in an answer become links to the cited page (the click goes to the
// host, which opens it); a citation whose cursor is unknown stays text.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { after, afterEach, before, beforeEach, describe, it } from "node:test";
import type { Browser } from "playwright-core";
import { event, launchChromium, openWebview, turnStart, usableModel, type WebviewPage } from "./harness";
import { hostReplay } from "./hostReplay";

const SHOTS = path.join(__dirname, "../../test-results/webview");
mkdirSync(SHOTS, { recursive: true });

describe("browser citations", { timeout: 120_000 }, () => {
  let browser: Browser;
  let view: WebviewPage;

  before(async () => {
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    view = await openWebview(browser);
    await view.dispatch(usableModel, { type: "chatState", busy: true, queued: 0 }, turnStart("t1", "What causes tides?"));
  });
  afterEach(async () => {
    await view?.close();
  });

  const answer = [
    event("t1", { kind: "toolCall", callId: "b1", name: "browser.open", invocation: "Opening https://example.org/tides", arguments: '{"id":"https://example.org/tides"}' }),
    event("t1", { kind: "toolResult", callId: "b1", isError: false, summary: "[1] Tides (https://example.org/tides)", preview: "[1] Tides", durationMs: 120 }),
    event("t1", { kind: "text", channel: "final", text: "Tides are caused mainly by the Moon 【1†L9-L11】, less by the Sun 【7†L2】." }),
    event("t1", { kind: "citations", pages: { "1": "https://example.org/tides" } }),
    event("t1", { kind: "done", reason: "final", steps: 2 }),
  ];

  it("a citation becomes a link naming the site and lines; a click asks the host to open the page", async () => {
    await view.dispatch(...answer);
    const link = view.page.getByTestId("citation");
    assert.equal(await link.count(), 1);
    assert.equal(await link.textContent(), "example.org L9–L11");
    assert.equal(await link.getAttribute("href"), "https://example.org/tides");
    assert.match((await view.page.getByTestId("answer").textContent()) ?? "", /less by the Sun 【7†L2】\./);
    await view.page.screenshot({ path: path.join(SHOTS, "browser-citation-webview.png") });
    await link.click();
    assert.deepEqual((await view.posted()).at(-1), { type: "openLink", href: "https://example.org/tides" });
  });

  it("a replayed turn links its citations again", async () => {
    const restored = await openWebview(browser);
    try {
      await restored.dispatch(usableModel, ...hostReplay([turnStart("t1", "What causes tides?"), ...answer]));
      await restored.page.getByTestId("answer").waitFor();
      assert.equal(await restored.page.getByTestId("citation").textContent(), "example.org L9–L11");
    } finally {
      await restored.close();
    }
  });
});
