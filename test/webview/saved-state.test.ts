// The view keeps the typed draft across being hidden (VS Code drops a hidden webview's page and
// hands back only what it last saved with setState); the conversation is the host's, replayed
// when the page comes back (the replay here is built by the host's own recorder: hostReplay.ts).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser } from "playwright-core";
import type { Attachment } from "../../src/core/protocol";
import { sampleConversation } from "./conversation";
import { chunks, event, launchChromium, openWebview, text, turnStart, usableModel, type WebviewPage } from "./harness";
import { hostReplay } from "./hostReplay";

/** What a page shows, as text per turn: enough to tell a faithful replay from a lossy one. */
async function describeTurns(view: WebviewPage): Promise<string[]> {
  return view.page.getByTestId("turn").evaluateAll((turns) => turns.map((turn) => (turn as HTMLElement).innerText));
}

/** The Thinking header's time is measured where the tokens arrive: live in the page, or on the host's clock for a replay. */
function withoutThinkingTime(shown: string[]): string[] {
  return shown.map((turn) => turn.replace(/Thought for [\d.]+ s/g, "Thought for … s"));
}

const chip: Attachment = { kind: "file", path: "src/index.ts", languageId: "typescript", text: "export {};\n" };
const reasoningChunks = sampleConversation().filter((m) => m.type === "turnEvent" && m.event.kind === "text" && m.event.channel === "analysis").length;

describe("saved state and the host's replay", { timeout: 120_000 }, () => {
  let browser: Browser;
  let first: WebviewPage;
  let saved: unknown;
  let shownBefore: string[];

  before(async () => {
    browser = await launchChromium();
    first = await openWebview(browser);
    await first.dispatch(usableModel, ...sampleConversation(), { type: "attached", attachment: chip });
    await first.page.getByTestId("composer-input").fill("half-typed question");
    await first.page.getByTestId("approve").waitFor();
    await first.settle();
    shownBefore = await describeTurns(first);
    // A draft is saved as it is typed: VS Code may drop the page right after a keystroke.
    await first.page.waitForFunction(() => (window as unknown as { __savedState?: string }).__savedState?.includes("half-typed question"));
    saved = await first.savedState();
  });

  after(async () => {
    await first?.close();
    await browser?.close();
  });

  it("saves the draft and its chips, never the turns", () => {
    assert.deepEqual(saved, { version: 2, draft: "half-typed question", attachments: [chip], chatting: true });
  });

  it("the draft is saved as it is typed, not a moment later (the page may be dropped right after)", async () => {
    const view = await openWebview(browser);
    try {
      await view.dispatch(usableModel);
      await view.page.getByTestId("composer-input").fill("typed just before hiding");
      assert.equal((await view.savedState() as { draft?: string } | undefined)?.draft, "typed just before hiding");
    } finally {
      await view.close();
    }
  });

  it("a reloaded view shows the draft and its chips at once, the conversation only as the host replays it", async () => {
    const view = await openWebview(browser, { state: saved });
    try {
      await view.settle();
      assert.equal(await view.page.getByTestId("composer-input").inputValue(), "half-typed question");
      assert.equal(await view.page.getByTestId("attachment-chip").count(), 1);
      // Not the set-up cards, and not "nothing here yet" either: the host has not answered.
      assert.equal(await view.page.getByTestId("empty-state").isVisible(), false);
      assert.equal(await view.page.getByTestId("conversation-empty").isVisible(), false);
      assert.equal(await view.page.getByTestId("turn").count(), 0);

      await view.dispatch(usableModel, ...hostReplay(sampleConversation()));
      await view.page.getByTestId("approve").waitFor();
      await view.settle();
      assert.deepEqual(withoutThinkingTime(await describeTurns(view)), withoutThinkingTime(shownBefore));
      assert.equal(await view.page.getByTestId("composer-input").inputValue(), "half-typed question");
      assert.deepEqual(view.problems, []);
    } finally {
      await view.close();
    }
  });

  it("a replayed Thinking block shows the figures the host measured as the tokens came", async () => {
    const view = await openWebview(browser, { state: saved });
    try {
      await view.dispatch(usableModel, ...hostReplay(sampleConversation(), 25));
      await view.settle();
      // The host's clock: one message per 25 ms, the block lasting until the event after it.
      const seconds = ((reasoningChunks * 25) / 1000).toFixed(1).replace(/\.0$/, "");
      const summary = view.page.getByTestId("thinking").locator("summary");
      assert.equal(await summary.locator(".thinking-label").textContent(), `Thought for ${seconds} s`);
      assert.equal(await summary.locator(".thinking-meta").textContent(), `${reasoningChunks} tokens`);
    } finally {
      await view.close();
    }
  });

  it("a turn that streamed on while the page was gone comes back whole and goes on streaming", async () => {
    const live = sampleConversation().slice(0, 20);
    const rest = sampleConversation().slice(20);
    const view = await openWebview(browser, { state: saved });
    try {
      // Messages the host posted before the new page asked: the replay starts from a cleared view.
      await view.dispatch(...live.slice(12));
      await view.dispatch(usableModel, ...hostReplay([...live, { type: "chatState", busy: true, queued: 0 }]), ...rest);
      await view.page.getByTestId("approve").waitFor();
      await view.settle();
      assert.deepEqual(withoutThinkingTime(await describeTurns(view)), withoutThinkingTime(shownBefore));
    } finally {
      await view.close();
    }
  });

  it("replayed turns are drawn, not announced to screen readers again", async () => {
    const view = await openWebview(browser, { state: saved });
    try {
      await view.dispatch(usableModel, ...hostReplay(sampleConversation()));
      await view.page.getByTestId("approve").waitFor();
      await view.page.waitForTimeout(200);
      assert.equal(await view.page.getByTestId("announcer").textContent(), "");
    } finally {
      await view.close();
    }
  });

  it("an empty conversation from the host shows the intro; the draft stays", async () => {
    const view = await openWebview(browser, { state: saved });
    try {
      // The extension restarted with nothing to replay.
      await view.dispatch(usableModel, ...hostReplay([]));
      await view.page.getByTestId("conversation-empty").waitFor();
      assert.equal(await view.page.getByTestId("turn").count(), 0);
      assert.equal(await view.page.getByTestId("composer-input").inputValue(), "half-typed question");
    } finally {
      await view.close();
    }
  });

  it("the reading position comes back after the replay", async () => {
    const reader = await openWebview(browser, { height: 420 });
    let state: unknown;
    try {
      await reader.dispatch(usableModel, ...sampleConversation());
      await reader.settle();
      await reader.page.getByTestId("transcript").evaluate((el) => el.scrollTo({ top: 150 }));
      await reader.page.waitForFunction(() => (window as unknown as { __savedState?: string }).__savedState?.includes('"scrollTop"'));
      state = await reader.savedState();
      assert.equal((state as { scrollTop: number }).scrollTop, 150);
    } finally {
      await reader.close();
    }
    const view = await openWebview(browser, { state, height: 420 });
    try {
      await view.dispatch(usableModel, ...hostReplay(sampleConversation()));
      await view.settle();
      await view.settle();
      assert.equal(await view.page.getByTestId("transcript").evaluate((el) => el.scrollTop), 150);
    } finally {
      await view.close();
    }
  });

  it("an old saved state (version 1, with turns) keeps its draft and chips, and shows none of its turns", async () => {
    const old = {
      version: 1,
      turns: [{ turnId: "t1", text: "a question from before", events: [{ kind: "textRun", channel: "final", text: "an answer from before" }] }],
      draft: "typed before the update",
      attachments: [chip],
    };
    const view = await openWebview(browser, { state: old });
    try {
      await view.dispatch(usableModel, ...hostReplay([]));
      await view.page.getByTestId("conversation-empty").waitFor();
      assert.equal(await view.page.getByTestId("turn").count(), 0);
      assert.equal(await view.page.getByTestId("composer-input").inputValue(), "typed before the update");
      assert.equal(await view.page.getByTestId("attachment-chip").count(), 1);
      assert.deepEqual(view.problems, []);
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

  it("streaming saves nothing (the host has the conversation)", async () => {
    const view = await openWebview(browser);
    try {
      await view.dispatch(usableModel, turnStart("t1", "long answer"));
      const parts = chunks("word ".repeat(600));
      for (let i = 0; i < parts.length; i += 20) {
        await view.dispatch(...parts.slice(i, i + 20).map((part) => text("t1", "final", part)));
        await view.page.waitForTimeout(20);
      }
      await view.dispatch(event("t1", { kind: "done", reason: "final", steps: 1 }));
      await view.page.waitForTimeout(400);
      const saves = await view.page.evaluate(() => (window as unknown as { __stateSaves: number }).__stateSaves);
      assert.equal(saves, 0, `${saves} saves for ${parts.length} chunks`);
    } finally {
      await view.close();
    }
  });
});

