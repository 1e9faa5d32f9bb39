// The python card: gpt-oss runs python in its chain of thought, so the card (the code,
// highlighted, and its output) sits inside the Thinking block and folds with it.
import assert from "node:assert/strict";
import { after, afterEach, before, beforeEach, describe, it } from "node:test";
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser } from "playwright-core";
import { event, launchChromium, openWebview, turnStart, usableModel, type WebviewPage } from "./harness";
import { hostReplay } from "./hostReplay";

const SHOTS = path.join(__dirname, "../../test-results/webview");
mkdirSync(SHOTS, { recursive: true });

describe("python card", { timeout: 120_000 }, () => {
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
    await view.dispatch(usableModel, { type: "chatState", busy: true, queued: 0 }, turnStart("t1", "What is the sum of 0..999999?"));
  });
  afterEach(async () => {
    await view?.close();
  });

  const code = "total = sum(range(10**6))\nprint(total)";
  const steps = [
    event("t1", { kind: "step", step: 1 }),
    event("t1", { kind: "text", channel: "analysis", text: "Let me compute it." }),
    event("t1", { kind: "toolCall", callId: "p1", name: "python", invocation: "Running Python (2 lines)", arguments: code }),
    event("t1", { kind: "toolResult", callId: "p1", isError: false, summary: "Ran", preview: "499999500000", durationMs: 40 }),
    event("t1", { kind: "step", step: 2 }),
    event("t1", { kind: "text", channel: "final", text: "The sum is **499999500000**." }),
  ];

  it("sits inside the Thinking block, folded with it, with the code highlighted and the output open", async () => {
    await view.dispatch(...steps);
    const thinking = view.page.getByTestId("thinking").first();
    const card = thinking.getByTestId("tool-card");
    assert.equal(await card.count(), 1);
    assert.equal(await thinking.evaluate((el) => (el as HTMLDetailsElement).open), false, "folded once the tool ran");
    await thinking.locator("summary").first().click();
    assert.equal(await card.locator(".tool-code code").textContent(), code);
    // Highlighted: the keyword and the number are tokens of their own.
    assert.ok((await card.locator(".tool-code code span").count()) >= 3);
    assert.equal(await card.getByTestId("tool-output").evaluate((el) => (el as HTMLDetailsElement).open), true);
    assert.equal(await card.locator(".tool-output pre").textContent(), "499999500000");
    assert.equal(await card.getByTestId("tool-status").textContent(), "Done");
    // The answer is after the Thinking block, outside it.
    assert.equal((await view.page.getByTestId("answer").textContent())?.trim(), "The sum is 499999500000.");
    await view.page.screenshot({ path: path.join(SHOTS, "python-card-webview.png") });
  });

  it("a replayed turn puts the card back inside its Thinking block", async () => {
    const live = [turnStart("t1", "What is the sum of 0..999999?"), ...steps, event("t1", { kind: "done", reason: "final", steps: 2 })];
    const restored = await openWebview(browser);
    try {
      await restored.dispatch(usableModel, ...hostReplay(live));
      await restored.page.getByTestId("answer").waitFor();
      const thinking = restored.page.getByTestId("thinking").first();
      assert.equal(await thinking.getByTestId("tool-card").count(), 1);
      assert.equal(await restored.page.locator(".turn-assistant > .tool-card").count(), 0);
    } finally {
      await restored.close();
    }
  });

  it("a python call with no reasoning before it gets a Thinking block of its own", async () => {
    await view.dispatch(steps[0]!, steps[2]!, steps[3]!);
    assert.equal(await view.page.getByTestId("thinking").getByTestId("tool-card").count(), 1);
  });
});
