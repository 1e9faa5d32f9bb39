// Pictures of the view in VS Code's default dark, light and high-contrast themes (variables
// captured from VS Code itself), saved to .cache/screenshots/ for a person to look at. The
// assertions only check that the themes really differ and that nothing overflows sideways.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser } from "playwright-core";
import { sampleConversation } from "./conversation";
import { chunks, event, launchChromium, openWebview, text, turnStart, usableModel, type ThemeName } from "./harness";

const themes: ThemeName[] = ["dark", "light", "high-contrast"];

describe("screenshots", { timeout: 180_000 }, () => {
  let browser: Browser;

  before(async () => {
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
  });

  for (const theme of themes) {
    it(`a conversation with tools, in the ${theme} theme`, async () => {
      const view = await openWebview(browser, { theme, height: 1500 });
      try {
        await view.dispatch(usableModel, ...sampleConversation());
        await view.page.getByTestId("approve").waitFor();
        await view.settle();
        const file = await view.screenshot(`conversation-${theme}`);
        assert.ok(file.endsWith(".png"));
        // Nothing wider than the side bar: long paths and code scroll or wrap inside their boxes.
        const overflow = await view.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        assert.equal(overflow, 0);
        assert.deepEqual(view.problems, []);
      } finally {
        await view.close();
      }
    });
  }

  it("a narrow side bar (280 px): everything wraps or scrolls inside its box", async () => {
    const view = await openWebview(browser, { theme: "dark", width: 280, height: 1700 });
    try {
      await view.dispatch(usableModel, ...sampleConversation());
      await view.page.getByTestId("approve").waitFor();
      await view.screenshot("conversation-narrow-dark");
      const overflow = await view.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.equal(overflow, 0);
    } finally {
      await view.close();
    }
  });

  for (const theme of ["dark", "light"] as const) {
    it(`the toolbar's state, history, attachment chips and an Apply awaiting approval, in the ${theme} theme`, async () => {
      const view = await openWebview(browser, { theme, height: 640 });
      try {
        const now = new Date().toISOString();
        await view.dispatch(
          usableModel,
          { type: "engine", state: { kind: "ready", device: "CPU", detail: "gpt-oss-20b on CPU", tokensPerSecond: 7.4 } },
          { type: "activeEditor", editor: { path: "src/tax.ts", languageId: "typescript", hasSelection: false } },
          turnStart("t1", "Raise the VAT rate"),
          text("t1", "final", "Change the constant:\n\n```ts src/tax.ts\nexport const VAT_RATE = 0.21;\n```\n"),
          event("t1", { kind: "done", reason: "final", steps: 1 }),
          { type: "attached", attachment: { kind: "selection", path: "src/invoice.ts", languageId: "typescript", startLine: 12, endLine: 30, text: "x" } },
          { type: "attached", attachment: { kind: "problems", text: "x", count: 3 } },
        );
        await view.page.getByTestId("apply-code").click();
        const apply = (await view.posted()).find((m) => m.type === "applyCode") as { blockId: string };
        await view.dispatch({ type: "applyState", blockId: apply.blockId, apply: { state: "awaiting", callId: "apply-1", preview: { kind: "edit", path: "src/tax.ts", create: false, added: 1, removed: 1 } } });
        await view.screenshot(`toolbar-apply-${theme}`);
        await view.dispatch({
          type: "history",
          currentId: "c2",
          chats: [
            { id: "c2", title: "Raise the VAT rate", updatedAt: now, turns: 1 },
            { id: "c1", title: "Why does the build fail under node16 module resolution?", updatedAt: "2026-11-02T09:30:00.000Z", turns: 4 },
          ],
        });
        await view.page.getByTestId("history").click();
        await view.page.getByTestId("history-row").nth(1).getByTestId("history-delete").click();
        await view.screenshot(`history-${theme}`);
        await view.page.keyboard.press("Escape");
        await view.dispatch({ type: "engine", state: { kind: "error", message: "Not enough memory to load gpt-oss-20b with a 32,768-token context. Lower gptOss.contextSize.", action: "openSettings" } });
        await view.screenshot(`engine-error-${theme}`);
        const overflow = await view.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        assert.equal(overflow, 0);
        assert.deepEqual(view.problems, []);
      } finally {
        await view.close();
      }
    });
  }

  it("the set-up cards (no model yet) and the empty conversation", async () => {
    const view = await openWebview(browser, { theme: "dark", height: 700 });
    try {
      await view.dispatch({ ...usableModel, model: { ...(usableModel as { model: object }).model, stored: { state: "absent" } } });
      await view.page.getByTestId("download-model").waitFor();
      await view.screenshot("setup-dark");
      await view.dispatch(usableModel);
      await view.page.getByTestId("conversation-empty").waitFor();
      await view.screenshot("empty-conversation-dark");
      await view.page.getByTestId("composer-input").fill("Explain src/parser.ts\nand its tests");
      await view.screenshot("composer-two-lines-dark");
    } finally {
      await view.close();
    }
  });

  it("while reasoning streams: the Thinking block is open", async () => {
    const view = await openWebview(browser, { theme: "light", height: 500, reducedMotion: false });
    try {
      await view.dispatch(usableModel, { type: "chatState", busy: true, queued: 0 }, turnStart("t1", "Refactor the parser into smaller functions."));
      await view.dispatch(...chunks("The parser mixes tokenizing and tree building. I could split it into three functions:\n\n1. tokenize\n2. parseExpression\n3. parseStatement").map((c) => text("t1", "analysis", c)));
      await view.page.getByTestId("thinking").getByText("parseStatement").waitFor();
      await view.screenshot("thinking-streaming-light");
    } finally {
      await view.close();
    }
  });
});
