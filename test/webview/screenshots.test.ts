// Pictures of the view in VS Code's default dark, light and high-contrast themes (variables
// captured from VS Code itself), saved to .cache/screenshots/ for a person to look at. The
// assertions only check that the themes really differ and that nothing overflows sideways.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser } from "playwright-core";
import { sampleConversation } from "./conversation";
import { chunks, launchChromium, openWebview, text, turnStart, usableModel, type ThemeName } from "./harness";

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
