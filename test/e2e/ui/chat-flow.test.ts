// The chat as a person uses it, in the real VS Code on the tiny model made to say a script
// (test/fixtures/scripts/chat-flow.json, one response per generation, in this order): an answer
// with reasoning and a code block; a long answer stopped mid-stream; context attached as chips
// (a secret file refused) that reaches the raw prompt with the chosen effort; a tool card denied
// with a reason; a code block applied through the approval and diff; and the conversation found
// again after the window reloads.
import * as assert from "node:assert/strict";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import type { Page } from "playwright-core";
import { tinyModelPath } from "../../helpers/tinyModel";
import { assertBuilt } from "../harness/built";
import { sampleWorkspaceCopy, waitFor } from "../harness/scratch";
import { screenshotOnFailure } from "../harness/failures";
import { containerTitle, extensionId, repoRoot } from "../harness/paths";
import { openSession, type Session } from "../harness/session";
import { notifications, openFile, openViewContainer, runCommand, saveScreenshot, waitForWorkbench, webviewFrame } from "../harness/workbench";

const SCRIPT = path.join(repoRoot, "test/fixtures/scripts/chat-flow.json");

/** Counts matches of `text` in the active editor with VS Code's find widget ("No results" is 0). */
async function findInEditor(page: Page, text: string): Promise<string> {
  const editor = page.locator(".editor-instance .monaco-editor").first();
  await editor.locator(".view-lines").click();
  await page.keyboard.press("Control+F");
  const input = page.locator(".find-widget textarea").first();
  await input.waitFor({ state: "visible", timeout: 15_000 });
  await input.fill(text);
  const count = page.locator(".find-widget .matchesCount").first();
  await page.waitForFunction((el) => (el?.textContent ?? "").trim() !== "", await count.elementHandle(), { timeout: 15_000 });
  const found = ((await count.textContent()) ?? "").trim();
  await page.keyboard.press("Escape");
  return found;
}

describe("chat flow", { timeout: 300_000 }, () => {
  let session: Session | undefined;
  let scratch: string;
  let folder: string;

  before(async () => {
    assertBuilt();
    // Apply changes files: work on a copy, with a secret file the chat must refuse to attach.
    ({ scratch, folder } = sampleWorkspaceCopy("chat-flow"));
    writeFileSync(path.join(folder, ".env"), "API_KEY=do-not-send-this\n");
    session = await openSession({
      name: "chat-flow",
      folder,
      settings: {
        "gptOss.model": await tinyModelPath(),
        "gptOss.threads": 1,
        "gptOss.contextSize": 8192,
        "gptOss.gpu": "cpu",
      },
      env: { GPT_OSS_SCRIPT: SCRIPT },
    });
  });

  after(async () => {
    await session?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  const view = () => webviewFrame(session!.page, extensionId);
  const send = async (message: string) => {
    const input = view().locator('[data-testid="composer-input"]');
    await input.fill(message);
    await input.press("Enter");
    await view().locator('[data-testid="user-message"]', { hasText: message }).waitFor({ timeout: 15_000 });
  };
  const lastTurn = () => view().locator('[data-testid="turn"]').last();

  it("streams reasoning into a Thinking block and the answer as markdown with a highlighted code block", async () => {
    const page = session!.page;
    await screenshotOnFailure(page, "chat-flow-answer", async () => {
      await openViewContainer(page, containerTitle);
      await view().locator('[data-testid="composer-input"]').waitFor({ timeout: 30_000 });
      await send("How is VAT computed?");
      const turn = lastTurn();
      await turn.locator('[data-testid="turn-footer"]').waitFor({ timeout: 120_000 });
      const thinking = turn.locator('[data-testid="thinking"]');
      assert.match((await thinking.textContent()) ?? "", /lineTax rounds per line/);
      assert.equal(await thinking.evaluate((el) => (el as HTMLDetailsElement).open), false, "folded once the answer started");
      const answer = turn.locator('[data-testid="answer"]');
      assert.equal(await answer.locator("h2").textContent(), "How VAT is computed");
      const code = answer.locator('[data-testid="code-block"]');
      assert.equal(await code.locator(".code-language").textContent(), "ts");
      assert.ok((await code.locator("code span.tok-keyword").count()) > 0, "the code is highlighted");
      assert.equal(await code.locator('[data-testid="apply-code"]').isVisible(), true, "the block names src/tax.ts");
      assert.match((await view().locator('[data-testid="engine-state"]').textContent()) ?? "", /^Ready · CPU/);
      await saveScreenshot(page, "chat-flow-answer-light");
    });
  });

  it("Stop ends a long answer mid-stream and the turn says it stopped", async () => {
    const page = session!.page;
    await screenshotOnFailure(page, "chat-flow-stop", async () => {
      await send("Tell me a long story about invoices.");
      const turn = lastTurn();
      await turn.locator('[data-testid="answer"]', { hasText: "Chapter 1" }).waitFor({ timeout: 60_000 });
      await view().locator('[data-testid="stop"]').click();
      await turn.locator('[data-testid="turn-footer"]').waitFor({ timeout: 30_000 });
      assert.match((await turn.locator('[data-testid="turn-footer"]').textContent()) ?? "", /Stopped/);
      assert.doesNotMatch((await turn.textContent()) ?? "", /sentence 299/, "the rest of the script was never shown");
      assert.equal(await view().locator('[data-testid="stop"]').isVisible(), false);
    });
  });

  it("attached context and the chosen effort reach the prompt; a secret file is refused", async () => {
    const page = session!.page;
    await screenshotOnFailure(page, "chat-flow-attachments", async () => {
      await openFile(page, ".env");
      await view().locator('[data-testid="attach-file"]').click();
      const note = view().locator('[data-testid="attach-note"]');
      await note.waitFor({ state: "visible", timeout: 15_000 });
      assert.match((await note.textContent()) ?? "", /\.env/);
      assert.equal(await view().locator('[data-testid="attachment-chip"]').count(), 0);

      await openFile(page, "src/tax.ts");
      await page.locator(".editor-instance .monaco-editor .view-lines").first().click();
      await page.keyboard.press("Control+A");
      await view().locator('[data-testid="attach-selection"]').click();
      const chip = view().locator('[data-testid="attachment-chip"]');
      await chip.waitFor({ timeout: 15_000 });
      const lines = readFileSync(path.join(folder, "src/tax.ts"), "utf8").trimEnd().split("\n").length;
      const range = `1-${lines}`;
      assert.equal(await chip.textContent(), `tax.ts:${range}`);
      await view().locator('[data-testid="effort"]').selectOption("high");
      await saveScreenshot(page, "chat-flow-attachments-light");
      await send("What does this code do?");
      await lastTurn().locator('[data-testid="turn-footer"]').waitFor({ timeout: 60_000 });
      assert.ok(((await lastTurn().textContent()) ?? "").includes(`tax.ts:${range}`), "the sent message shows what was attached");

      await runCommand(page, "gpt-oss: Show Raw Prompt");
      await page.locator(".statusbar-item", { hasText: /^Harmony$/ }).waitFor({ timeout: 15_000 });
      assert.notEqual(await findInEditor(page, `Selected code from src/tax.ts, lines ${range}:`), "No results");
      assert.notEqual(await findInEditor(page, "export const VAT_RATE = 0.2;"), "No results");
      assert.notEqual(await findInEditor(page, "Reasoning: high"), "No results");
      assert.equal(await findInEditor(page, "do-not-send-this"), "No results");
    });
  });

  it("a changing tool call denied with a reason changes nothing, and the model hears why", async () => {
    const page = session!.page;
    const cart = path.join(folder, "src/cart.ts");
    const before = readFileSync(cart, "utf8");
    await screenshotOnFailure(page, "chat-flow-deny", async () => {
      await openViewContainer(page, containerTitle);
      await send("Remove the cart's remove method.");
      const card = lastTurn().locator('[data-testid="tool-card"]');
      await card.getByRole("button", { name: "Deny", exact: true }).waitFor({ timeout: 60_000 });
      await card.locator('[data-testid="deny-reason"]').fill("keep the public API stable");
      await card.getByRole("button", { name: "Deny", exact: true }).click();
      await lastTurn().locator('[data-testid="turn-footer"]').waitFor({ timeout: 60_000 });
      assert.equal(await card.locator('[data-testid="tool-status"]').textContent(), "Denied");
      assert.match((await card.textContent()) ?? "", /Denied: keep the public API stable/);
      assert.match((await lastTurn().textContent()) ?? "", /I left src\/cart\.ts as it is/);
      assert.equal(readFileSync(cart, "utf8"), before);
      await saveScreenshot(page, "chat-flow-denied-light");
    });
  });

  it("Apply on a code block shows the diff, asks on the block, and writes the file once approved", async () => {
    const page = session!.page;
    const tax = path.join(folder, "src/tax.ts");
    await screenshotOnFailure(page, "chat-flow-apply", async () => {
      const block = view().locator('[data-testid="turn"]').first().locator('[data-testid="code-block"]');
      await block.locator('[data-testid="apply-code"]').click();
      const approve = block.locator('[data-testid="apply-approve"]');
      await approve.waitFor({ timeout: 30_000 });
      await page.locator(".tabs-container .tab", { hasText: "proposed by gpt-oss" }).waitFor({ timeout: 15_000 });
      assert.match((await block.locator('[data-testid="apply-area"]').textContent()) ?? "", /src\/tax\.ts/);
      assert.ok(readFileSync(tax, "utf8").includes("VAT_RATE = 0.2;"), "nothing applied before approval");
      assert.equal(await notifications(page).filter({ hasText: "wants to edit" }).count(), 0, "the block asks, not a toast");
      await saveScreenshot(page, "chat-flow-apply-light");
      await approve.click();
      await block.locator('[data-testid="apply-area"]', { hasText: "Applied to src/tax.ts" }).waitFor({ timeout: 30_000 });
      const text = readFileSync(tax, "utf8");
      assert.ok(text.includes("VAT_RATE = 0.25;"), "the approved block is on disk");
      assert.ok(!text.includes("totalTax"), "the block replaced the whole file it names");
    });
  });

  it("Insert puts a code block at the cursor of the active editor", async () => {
    const page = session!.page;
    await screenshotOnFailure(page, "chat-flow-insert", async () => {
      await openFile(page, "README.md");
      const editor = page.locator(".editor-instance .monaco-editor").first();
      await editor.locator(".view-lines").click();
      await page.keyboard.press("Control+Home");
      const block = view().locator('[data-testid="turn"]').first().locator('[data-testid="code-block"]');
      await block.locator('[data-testid="insert-code"]').click();
      await editor.locator(".view-line").first().filter({ hasText: 'import type { LineItem } from "./cart";' }).waitFor({ timeout: 15_000 });
      // Saved, so the reload that follows has nothing to ask about.
      await editor.locator(".view-lines").click();
      await page.keyboard.press("Control+S");
      await waitFor(() => readFileSync(path.join(folder, "README.md"), "utf8").startsWith('import type { LineItem } from "./cart";'), 15_000, "the inserted text saved");
      // Put at the start of a line, the block ends with its own line break.
      assert.match(readFileSync(path.join(folder, "README.md"), "utf8"), /^\}\n# Sample workspace/m);
    });
  });

  it("after a window reload the conversation is back, and the history lists it", async () => {
    const page = session!.page;
    await screenshotOnFailure(page, "chat-flow-reload", async () => {
      await page.reload();
      await waitForWorkbench(page);
      // The command, not the activity bar: the side bar may come back hidden or still restoring.
      await runCommand(page, "gpt-oss: Open Chat", 30_000);
      await view().locator('[data-testid="user-message"]', { hasText: "How is VAT computed?" }).waitFor({ timeout: 60_000 });
      // The host replays the saved turns one message at a time: wait for the last before counting.
      await view().locator('[data-testid="user-message"]').nth(3).waitFor({ timeout: 30_000 });
      assert.equal(await view().locator('[data-testid="user-message"]').count(), 4);
      assert.match((await view().locator('[data-testid="answer"]').first().textContent()) ?? "", /How VAT is computed/);
      await view().locator('[data-testid="history"]').click();
      const row = view().locator('[data-testid="history-row"]').first();
      await row.waitFor({ timeout: 15_000 });
      assert.match((await row.textContent()) ?? "", /How is VAT computed\?.*open/);
      await saveScreenshot(page, "chat-flow-history-light");
      await page.keyboard.press("Escape");
    });
  });
});
