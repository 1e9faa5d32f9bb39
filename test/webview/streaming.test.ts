// Streaming a turn: reasoning in a Thinking block that folds when the answer starts, the answer
// as markdown with a highlighted code block and Copy, and a footer when the turn is done.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser } from "playwright-core";
import { event, launchChromium, openWebview, stream, turnStart, usableModel, type WebviewPage } from "./harness";

const reasoning = "The user wants a debounce helper.\n\nI should show a small TypeScript function and explain the timer.";
const answer = `## Debounce in TypeScript

Use a **timer** that restarts on every call:

- calls within \`wait\` ms are merged
- the last arguments win

\`\`\`ts
// Runs fn once the calls stop for wait ms.
export function debounce<T extends unknown[]>(fn: (...args: T) => void, wait = 200) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return (...args: T) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), wait);
  };
}
\`\`\`

| option | default |
|---|---|
| wait | 200 |

See [MDN](https://developer.mozilla.org/docs/Web/API/setTimeout).`;

describe("streaming a turn", { timeout: 120_000 }, () => {
  let browser: Browser;
  let view: WebviewPage;

  before(async () => {
    browser = await launchChromium();
    view = await openWebview(browser);
    await view.dispatch(usableModel, { type: "chatState", busy: true, queued: 0 }, turnStart("t1", "How do I debounce a function?"));
  });

  after(async () => {
    await view?.close();
    await browser?.close();
  });

  it("shows the user's message as sent", async () => {
    assert.equal(await view.page.getByTestId("user-message").textContent(), "How do I debounce a function?");
  });

  it("streams reasoning into an open Thinking block that counts what it received", async () => {
    await stream(view, "t1", "analysis", reasoning);
    const thinking = view.page.getByTestId("thinking");
    await thinking.locator(".thinking-text").getByText("I should show a small TypeScript function").waitFor();
    assert.equal(await thinking.evaluate((el) => (el as HTMLDetailsElement).open), true);
    assert.match((await thinking.locator("summary").textContent()) ?? "", /Thinking.*\d+ tokens/);
  });

  it("folds the Thinking block when the answer starts, with its duration in the header", async () => {
    await stream(view, "t1", "final", answer.slice(0, 40));
    const thinking = view.page.getByTestId("thinking");
    await view.page.waitForFunction(() => !(document.querySelector('[data-testid="thinking"]') as HTMLDetailsElement).open);
    assert.match((await thinking.locator("summary").textContent()) ?? "", /^Thought for [\d.]+ s\d+ tokens$/);
  });

  it("renders the streamed answer as markdown: heading, list, table, link", async () => {
    await stream(view, "t1", "final", answer.slice(40));
    await view.dispatch(event("t1", { kind: "done", reason: "final", steps: 1, tokensPerSecond: 23.46 }));
    const answerElement = view.page.getByTestId("answer");
    await answerElement.locator("a").waitFor();
    assert.equal(await answerElement.locator("h2").textContent(), "Debounce in TypeScript");
    assert.equal(await answerElement.locator("ul > li").count(), 2);
    assert.equal(await answerElement.locator("li code").first().textContent(), "wait");
    assert.equal(await answerElement.locator("table td").first().textContent(), "wait");
    assert.equal(await answerElement.locator("a").getAttribute("href"), "https://developer.mozilla.org/docs/Web/API/setTimeout");
  });

  it("highlights the code block and keeps its text exact", async () => {
    const code = view.page.getByTestId("code-block");
    assert.equal(await code.count(), 1);
    assert.equal(await code.locator(".code-language").textContent(), "ts");
    const expected = /```ts\n([\s\S]*?)\n```/.exec(answer)![1]!;
    assert.equal(await code.locator("code").textContent(), expected);
    assert.equal(await code.locator(".tok-keyword", { hasText: "function" }).count(), 1);
    assert.equal(await code.locator(".tok-comment").first().textContent(), "// Runs fn once the calls stop for wait ms.");
    assert.ok((await code.locator(".tok-control").allTextContents()).includes("return"));
    assert.equal(await code.locator(".tok-number").first().textContent(), "200");
  });

  it("copies the code block's text with Copy", async () => {
    const code = view.page.getByTestId("code-block");
    await code.getByTestId("copy-code").click();
    await code.getByText("Copied").waitFor();
    const clipboard = await view.page.evaluate(() => navigator.clipboard.readText());
    assert.equal(clipboard, /```ts\n([\s\S]*?)\n```/.exec(answer)![1]);
  });

  it("ends the turn with a footer giving the speed", async () => {
    assert.equal(await view.page.getByTestId("turn-footer").textContent(), "23 tok/s");
  });

  it("a link click asks the host to open it instead of navigating", async () => {
    await view.page.getByTestId("answer").locator("a").click();
    const posted = await view.posted();
    assert.deepEqual(posted.at(-1), { type: "openLink", href: "https://developer.mozilla.org/docs/Web/API/setTimeout" });
    assert.equal(view.page.url(), "https://webview.test/index.html");
  });

  it("logged no warnings or errors", () => {
    assert.deepEqual(view.problems, []);
  });
});
