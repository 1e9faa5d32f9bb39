// The view keeps its turns and the typed draft across being hidden (VS Code drops a hidden
// webview's page and hands back only what it last saved with setState).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser } from "playwright-core";
import { sampleConversation } from "./conversation";
import { chunks, event, launchChromium, openWebview, text, turnStart, usableModel, type WebviewPage } from "./harness";

/** What a page shows, as text per turn: enough to tell a faithful restore from a lossy one. */
async function describeTurns(view: WebviewPage): Promise<string[]> {
  return view.page.getByTestId("turn").evaluateAll((turns) => turns.map((turn) => (turn as HTMLElement).innerText));
}

describe("saved state", { timeout: 120_000 }, () => {
  let browser: Browser;
  let first: WebviewPage;
  let saved: unknown;
  let shownBefore: string[];

  before(async () => {
    browser = await launchChromium();
    first = await openWebview(browser);
    await first.dispatch(usableModel, ...sampleConversation());
    await first.page.getByTestId("composer-input").fill("half-typed question");
    await first.page.getByTestId("approve").waitFor();
    await first.settle();
    shownBefore = await describeTurns(first);
    // Saving is throttled; hiding the view saves at once.
    await first.page.waitForFunction(() => (window as unknown as { __savedState?: string }).__savedState?.includes("half-typed question"));
    saved = await first.savedState();
  });

  after(async () => {
    await first?.close();
    await browser?.close();
  });

  it("saves the turns as events and the draft, not HTML", () => {
    const state = saved as { version: number; turns: Array<{ turnId: string; events: Array<{ kind: string }> }>; draft: string };
    assert.equal(state.version, 1);
    assert.deepEqual(state.turns.map((t) => t.turnId), ["t1", "t2"]);
    assert.equal(state.draft, "half-typed question");
    // Streaming text is merged: one run per segment, not one event per token.
    assert.deepEqual(state.turns[0]!.events.map((e) => e.kind), ["textRun", "textRun", "toolCall", "toolResult", "toolCall", "approvalRequested", "approval", "contextTrimmed", "textRun", "done"]);
  });

  it("a reloaded view shows the same turns and the draft before the host says anything", async () => {
    const view = await openWebview(browser, { state: saved });
    try {
      await view.page.getByTestId("approve").waitFor();
      await view.settle();
      assert.deepEqual(await describeTurns(view), shownBefore);
      assert.equal(await view.page.getByTestId("composer-input").inputValue(), "half-typed question");
      assert.equal(await view.page.getByTestId("empty-state").count(), 0);
      assert.deepEqual(view.problems, []);
    } finally {
      await view.close();
    }
  });

  it("the host's replay replaces restored turns instead of repeating them, keeping the Thinking figures", async () => {
    const view = await openWebview(browser, { state: saved });
    try {
      const thinkingBefore = await view.page.getByTestId("thinking").locator("summary").textContent();
      // What ChatSession replays: the same turns, streaming text merged into one event.
      const reasoning = sampleConversation().flatMap((m) => (m.type === "turnEvent" && m.turnId === "t1" && m.event.kind === "text" && m.event.channel === "analysis" ? [m.event.text] : [])).join("");
      const replay = sampleConversation().filter((m) => !(m.type === "turnEvent" && m.event.kind === "text" && m.event.channel === "analysis"));
      replay.splice(1, 0, text("t1", "analysis", reasoning));
      await view.dispatch(usableModel, ...replay);
      await view.settle();
      assert.equal(await view.page.getByTestId("turn").count(), 2);
      assert.equal(await view.page.getByTestId("thinking").locator("summary").textContent(), thinkingBefore);
      assert.deepEqual(await describeTurns(view), shownBefore);
    } finally {
      await view.close();
    }
  });

  it("restored turns the host does not replay are dropped at its first chatState", async () => {
    const view = await openWebview(browser, { state: saved });
    try {
      assert.equal(await view.page.getByTestId("turn").count(), 2);
      // The extension restarted: its conversation is empty.
      await view.dispatch(usableModel, { type: "chatState", busy: false, queued: 0 });
      await view.page.getByTestId("conversation-empty").waitFor();
      assert.equal(await view.page.getByTestId("turn").count(), 0);
      assert.equal(await view.page.getByTestId("composer-input").inputValue(), "half-typed question");
    } finally {
      await view.close();
    }
  });

  it("a saved state that does not fit is ignored with a warning", async () => {
    const view = await openWebview(browser, { state: { version: 99, turns: "lots" } });
    try {
      await view.dispatch(usableModel);
      await view.page.getByTestId("conversation-empty").waitFor();
      assert.ok(view.problems.some((line) => line.includes("ignored a saved view state")));
    } finally {
      await view.close();
    }
  });

  it("streaming saves now and then, not once per token", async () => {
    const view = await openWebview(browser);
    try {
      await view.dispatch(usableModel, turnStart("t1", "long answer"));
      const parts = chunks("word ".repeat(600));
      for (let i = 0; i < parts.length; i += 20) {
        await view.dispatch(...parts.slice(i, i + 20).map((part) => text("t1", "final", part)));
        await view.page.waitForTimeout(20);
      }
      await view.dispatch(event("t1", { kind: "done", reason: "final", steps: 1 }));
      const saves = await view.page.evaluate(() => (window as unknown as { __stateSaves: number }).__stateSaves);
      assert.ok(saves < 15, `${saves} saves for ${parts.length} chunks`);
    } finally {
      await view.close();
    }
  });
});
