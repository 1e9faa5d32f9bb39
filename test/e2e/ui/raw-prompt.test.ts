// "gpt-oss: Show Raw Prompt" opens harmony text in an editor, highlighted by our TextMate grammar.
import * as assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { assertBuilt } from "../harness/built";
import { screenshotOnFailure } from "../harness/failures";
import { openSession, type Session } from "../harness/session";
import { runCommand, saveScreenshot } from "../harness/workbench";

describe("raw prompt", { timeout: 120_000 }, () => {
  let session: Session | undefined;

  before(async () => {
    assertBuilt();
    session = await openSession({ name: "raw-prompt" });
  });

  after(async () => {
    await session?.close();
  });

  it("opens the rendered prompt as a Harmony document with special tokens highlighted", async () => {
    const page = session!.page;
    await screenshotOnFailure(page, "raw-prompt", async () => {
      await runCommand(page, "gpt-oss: Show Raw Prompt");
      const editor = page.locator(".editor-instance .monaco-editor").first();
      await editor.locator(".view-line").first().waitFor({ state: "visible", timeout: 30_000 });
      // The status bar names the document's language.
      await page.locator(".statusbar-item", { hasText: /^Harmony$/ }).waitFor({ state: "visible", timeout: 15_000 });

      // Text starts with the system message header; `<|start|>` and plain text get different colours.
      const firstLine = editor.locator(".view-line").first();
      assert.match((await firstLine.textContent()) ?? "", /^<\|start\|>system<\|message\|>/);
      const special = firstLine.locator("span > span", { hasText: "<|start|>" }).first();
      const role = firstLine.locator("span > span", { hasText: /^system$/ }).first();
      const colour = (handle: typeof special) => handle.evaluate((el) => getComputedStyle(el).color);
      assert.notEqual(await colour(special), await colour(role), "special tokens and roles are coloured differently");
      await saveScreenshot(page, "raw-prompt");
    });
  });
});
