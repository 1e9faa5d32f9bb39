// Model output is untrusted. Markup in it is shown as text or sanitized away, links to anything
// but http(s)/mailto go nowhere, and a megabyte on one line leaves the view responsive. The page
// runs WITHOUT the CSP here, so a sanitizer hole would really run script and set the flag.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser } from "playwright-core";
import { chunks, event, launchChromium, openWebview, text, turnStart, usableModel, type WebviewPage } from "./harness";

const payloads = [
  `<script>window.__pwned = "script"</script>`,
  `<img src=x onerror="window.__pwned='img'">`,
  `<svg onload="window.__pwned='svg'"></svg>`,
  `<iframe srcdoc="<script>parent.__pwned='iframe'</script>"></iframe>`,
  `<details open ontoggle="window.__pwned='toggle'"><summary>x</summary></details>`,
  `<a href="javascript:window.__pwned='a'">raw anchor</a>`,
  `[markdown js link](javascript:window.__pwned='link')`,
  `[data link](data:text/html,<script>parent.__pwned='data'</script>)`,
  `[spaced js](  java\tscript:window.__pwned='spaced')`,
  `![alt" onerror="window.__pwned='alt'](x)`,
  `[title](https://example.com "t\\" onmouseover=\\"window.__pwned='title'")`,
  "```\"><img src=x onerror=window.__pwned='lang'>\ncode\n```",
  `<style>body { display: none }</style>`,
  `<form action="https://evil.test"><input name=q></form>`,
].join("\n\n");

describe("hostile model output", { timeout: 180_000 }, () => {
  let browser: Browser;
  let view: WebviewPage;

  before(async () => {
    browser = await launchChromium();
    view = await openWebview(browser, { csp: false });
    await view.dispatch(usableModel, { type: "chatState", busy: true, queued: 0 }, turnStart("t1", `<img src=x onerror="window.__pwned='user'">`));
    for (const channel of ["analysis", "commentary"] as const) await view.dispatch(text("t1", channel, `<img src=x onerror="window.__pwned='${channel}'">`));
    await view.dispatch(
      event("t1", { kind: "toolCall", callId: "c1", name: "<b>x</b>", invocation: `<img src=x onerror="window.__pwned='invocation'">`, arguments: `{"a":"<script>window.__pwned='args'</script>"}` }),
      event("t1", { kind: "toolResult", callId: "c1", isError: false, summary: `<img src=x onerror="window.__pwned='summary'">`, preview: `<script>window.__pwned='preview'</script>`, durationMs: 1 }),
      event("t1", { kind: "notice", level: "warning", text: `<img src=x onerror="window.__pwned='notice'">` }),
    );
    // Streamed token by token: the open-block renderer sees every half-written tag too.
    for (const part of chunks(payloads)) await view.dispatch(text("t1", "final", part));
    await view.dispatch(event("t1", { kind: "done", reason: "final", steps: 1 }));
    await view.settle();
    // Give a late onerror/onload every chance to fire.
    await view.page.waitForTimeout(300);
  });

  after(async () => {
    await view?.close();
    await browser?.close();
  });

  it("ran no script from any payload", async () => {
    assert.equal(await view.page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned), undefined);
  });

  it("left no script, frame, form, image or event-handler attribute in the view", async () => {
    const found = await view.page.evaluate(() => {
      const app = document.getElementById("app")!;
      const bad: string[] = [];
      for (const el of app.querySelectorAll("*")) {
        if (["SCRIPT", "IFRAME", "IMG", "FORM", "INPUT", "STYLE", "OBJECT", "EMBED"].includes(el.tagName) && !el.classList.contains("tool-reason")) bad.push(el.tagName);
        for (const attribute of el.getAttributeNames()) if (attribute.startsWith("on")) bad.push(`${el.tagName}[${attribute}]`);
        if (el.tagName === "svg" && !el.classList.contains("icon")) bad.push("foreign svg");
      }
      return bad;
    });
    assert.deepEqual(found, []);
  });

  it("keeps only http(s) and mailto links", async () => {
    const hrefs = await view.page.locator("#app a[href]").evaluateAll((links) => links.map((a) => a.getAttribute("href")));
    assert.deepEqual(hrefs, ["https://example.com"]);
  });

  it("shows raw HTML as text, so the user sees what the model wrote", async () => {
    const answer = (await view.page.getByTestId("answer").textContent()) ?? "";
    assert.ok(answer.includes(`<script>window.__pwned = "script"</script>`));
    assert.ok(answer.includes("<style>body { display: none }</style>"));
    assert.equal(await view.page.getByTestId("user-message").textContent(), `<img src=x onerror="window.__pwned='user'">`);
  });

  it("clicking a neutralised javascript: link navigates nowhere and asks the host nothing", async () => {
    const before = (await view.posted()).length;
    await view.page.getByText("markdown js link").click();
    await view.page.getByText("raw anchor").first().click();
    assert.equal(view.page.url(), "https://webview.test/index.html");
    assert.equal((await view.posted()).length, before);
    assert.equal(await view.page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned), undefined);
  });

  it("a megabyte on one line streamed as a model says it (64 characters a token) grows by appending, and the box still takes typing", async () => {
    await view.dispatch(turnStart("t-stream", "stream a long line"));
    const line = `x${"=".repeat(1 << 20)}`;
    const half = Math.floor(line.length / 2);
    // From inside the page, a token per message with a pause every 64, so frames render in between.
    const streamPart = (part: string) =>
      view.page.evaluate(`new Promise((resolve) => {
        const part = ${JSON.stringify(part)};
        let at = 0;
        const tick = () => {
          for (let n = 0; n < 64 && at < part.length; n++, at += 64) {
            window.dispatchEvent(new MessageEvent("message", { data: { type: "turnEvent", turnId: "t-stream", event: { kind: "text", channel: "final", text: part.slice(at, at + 64) } } }));
          }
          if (at < part.length) setTimeout(tick, 0);
          else resolve();
        };
        tick();
      })`);
    await streamPart(line.slice(0, half));
    await view.settle();
    const paragraph = view.page.locator('[data-turn-id="t-stream"] [data-testid="answer"] .plain-block');
    // The text nodes shown after the first half, remembered to check they are never rebuilt.
    const firstHalfNodes = await paragraph.evaluate((el) => {
      (window as unknown as { __firstHalf?: Node[] }).__firstHalf = [...el.childNodes];
      return el.childNodes.length;
    });
    await view.page.getByTestId("composer-input").fill("typed mid-stream");
    await streamPart(line.slice(half));
    await view.dispatch(event("t-stream", { kind: "done", reason: "final", steps: 1 }));
    await view.settle();
    assert.equal(await paragraph.evaluate((el) => el.textContent?.length), line.length);
    // Appended in short text nodes, not rebuilt as one megabyte node per frame: the first half's
    // nodes are still the paragraph's first nodes, and the second half added nodes after them.
    // (How many nodes depends on how many frames the machine drew, so that is not counted.)
    const kept = await paragraph.evaluate((el) => {
      const before = (window as unknown as { __firstHalf: Node[] }).__firstHalf;
      return before.length > 0 && before.every((node, i) => el.childNodes[i] === node) && el.childNodes.length > before.length;
    });
    assert.ok(firstHalfNodes > 0 && kept, "the first half's text nodes were kept and the second half appended after them");
    assert.equal(await view.page.getByTestId("composer-input").inputValue(), "typed mid-stream");
  });

  it("a megabyte on one line (plain, and quadratic for markdown emphasis) keeps the page responsive", async () => {
    await view.dispatch(turnStart("t2", "long"));
    const started = Date.now();
    await view.dispatch(text("t2", "final", "x".repeat(1_000_000)));
    await view.dispatch(text("t2", "final", `\n\n${"**a".repeat(333_333)}`));
    await view.dispatch(text("t2", "analysis", "y".repeat(1_000_000)));
    await view.dispatch(event("t2", { kind: "done", reason: "final", steps: 1 }));
    await view.settle();
    const elapsed = Date.now() - started;
    assert.ok(elapsed < 10_000, `took ${elapsed} ms`);
    // Still responsive: typing works and the next turn renders.
    const pinged = Date.now();
    await view.page.evaluate(() => 1);
    assert.ok(Date.now() - pinged < 1_000);
    await view.page.getByTestId("composer-input").fill("still here");
    await view.dispatch(turnStart("t3", "after"), text("t3", "final", "**fine**"), event("t3", { kind: "done", reason: "final", steps: 1 }));
    await view.page.locator('[data-turn-id="t3"] strong', { hasText: "fine" }).waitFor({ timeout: 5_000 });
    assert.equal(await view.page.getByTestId("composer-input").inputValue(), "still here");
    assert.equal(await view.page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned), undefined);
  });
});
