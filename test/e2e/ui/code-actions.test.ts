// "Fix / Explain this with gpt-oss" in the real VS Code, on the tiny model made to say a script:
// the quick fix is listed with a real TypeScript error of the sample workspace, runs the agent,
// shows its change in the diff editor and applies it only on Apply; Explain sends the selection to
// the chat, where the answer streams.
import * as assert from "node:assert/strict";
import { readFileSync, rmSync } from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import type { Page } from "playwright-core";
import { tinyModelPath } from "../../helpers/tinyModel";
import { assertBuilt } from "../harness/built";
import { sampleWorkspaceCopy, waitFor } from "../harness/scratch";
import { screenshotOnFailure } from "../harness/failures";
import { extensionId, repoRoot } from "../harness/paths";
import { openSession, type Session } from "../harness/session";
import { focusEditor, notifications, openFileAt, runCommand, saveScreenshot, webviewFrame } from "../harness/workbench";

const SCRIPT = path.join(repoRoot, "test/fixtures/scripts/code-actions.json");
/** invoice.ts: `applyDiscount(invoice.total, discountPercent)` passes a string (TS2345). */
const ERROR_LINE = 24;
const ERROR_COLUMN = 55;

describe("code actions", { timeout: 240_000 }, () => {
  let session: Session | undefined;
  let scratch: string;
  let invoiceFile: string;

  before(async () => {
    assertBuilt();
    const copy = sampleWorkspaceCopy("code-actions");
    scratch = copy.scratch;
    const folder = copy.folder;
    invoiceFile = path.join(folder, "src/invoice.ts");
    session = await openSession({
      name: "code-actions",
      folder,
      settings: {
        "gptOss.model": await tinyModelPath(),
        "gptOss.threads": 1,
        "gptOss.contextSize": 8192,
        "gptOss.gpu": "cpu",
        // Each generation takes the script's next reply: no ghost text may take one.
        "gptOss.inlineCompletions.enable": false,
      },
      env: { GPT_OSS_SCRIPT: SCRIPT },
    });
  });

  after(async () => {
    await session?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it("the Fix quick fix is listed with the TypeScript error and shows its change as a diff", async () => {
    const page = session!.page;
    await screenshotOnFailure(page, "code-actions-fix", async () => {
      await openFileAt(page, "src/invoice.ts", ERROR_LINE, ERROR_COLUMN);
      await page.locator(".editor-instance .monaco-editor .squiggly-error").first().waitFor({ timeout: 90_000 });
      // Opening the file activates the extension; its provider must be registered before Ctrl+.
      await page.locator(".part.statusbar", { hasText: "Completions" }).waitFor({ timeout: 30_000 });
      await runCodeAction(page, "Fix this with gpt-oss");
      await page.locator(".tabs-container .tab", { hasText: "fix proposed by gpt-oss" }).waitFor({ timeout: 120_000 });
      const diff = page.locator(".editor-instance .monaco-diff-editor").first();
      await diff.waitFor({ timeout: 15_000 });
      await diff.locator(".modified-in-monaco-diff-editor .view-lines", { hasText: "Number(discountPercent)" }).waitFor({ timeout: 15_000 });
      const ask = notifications(page).filter({ hasText: "gpt-oss proposes a fix for invoice.ts:24" });
      await ask.waitFor({ timeout: 15_000 });
      assert.ok(readFileSync(invoiceFile, "utf8").includes("applyDiscount(invoice.total, discountPercent)"), "nothing applied before Apply");
      await saveScreenshot(page, "code-actions-fix-diff");
    });
  });

  it("Apply changes the file as one edit, and Undo reverts it", async () => {
    const page = session!.page;
    await screenshotOnFailure(page, "code-actions-apply", async () => {
      const ask = notifications(page).filter({ hasText: "gpt-oss proposes a fix" });
      await ask.getByRole("button", { name: "Apply" }).click();
      await page.locator(".tabs-container .tab", { hasText: "fix proposed by gpt-oss" }).waitFor({ state: "detached", timeout: 15_000 });
      const editor = page.locator(".editor-instance .monaco-editor").first();
      await editor.locator(".view-lines", { hasText: "applyDiscount(invoice.total, Number(discountPercent))" }).waitFor({ timeout: 15_000 });
      await page.keyboard.press("Control+S");
      await waitFor(() => readFileSync(invoiceFile, "utf8").includes("applyDiscount(invoice.total, Number(discountPercent));"), 15_000, "the fix saved");
      await saveScreenshot(page, "code-actions-fix-applied");
      await page.keyboard.press("Control+Z");
      await editor.locator(".view-lines", { hasText: "applyDiscount(invoice.total, discountPercent)" }).waitFor({ timeout: 15_000 });
    });
  });

  it("Explain sends the selection to the chat with the explanation streaming", async () => {
    const page = session!.page;
    await screenshotOnFailure(page, "code-actions-explain", async () => {
      // Lines 12-14: applyDiscount, selected as whole lines.
      await openFileAt(page, "src/invoice.ts", 12, 1);
      for (let i = 0; i < 3; i++) await page.keyboard.press("Shift+ArrowDown");
      await page.locator(".part.statusbar", { hasText: "(3 lines selected)" }).waitFor({ timeout: 15_000 }).catch(() => undefined);
      await runCodeAction(page, "Explain this with gpt-oss");
      const view = webviewFrame(page, extensionId);
      await view.locator('[data-testid="user-message"]', { hasText: "Explain this code." }).waitFor({ timeout: 30_000 });
      const turn = view.locator('[data-testid="turn"]').last();
      await turn.filter({ hasText: "invoice.ts:12-14" }).waitFor({ timeout: 15_000 });
      await turn.filter({ hasText: "lowers an amount by a percentage" }).waitFor({ timeout: 120_000 });
      await saveScreenshot(page, "code-actions-explain");
      // What the model was given: the request with the selected lines attached.
      await runCommand(page, "gpt-oss: Show Raw Prompt");
      await page.locator(".statusbar-item", { hasText: /^Harmony$/ }).waitFor({ timeout: 15_000 });
      await focusEditor(page);
      await page.keyboard.press("Control+End");
      const prompt = page.locator(".editor-instance .monaco-editor .view-lines").first();
      await prompt.locator(".view-line", { hasText: "Selected code from src/invoice.ts, lines 12-14:" }).waitFor({ timeout: 15_000 });
      await prompt.locator(".view-line", { hasText: "export function applyDiscount(amount: number, percent: number): number {" }).waitFor({ timeout: 15_000 });
    });
  });
});

/**
 * Opens the light bulb's menu at the cursor (Ctrl+.) and runs an entry by its title, with the
 * keyboard (the menu's pointer shield takes mouse clicks in headless Chromium).
 */
async function runCodeAction(page: Page, title: string): Promise<void> {
  const rows = page.locator(".action-widget .monaco-list-row");
  const deadline = Date.now() + 30_000;
  for (;;) {
    await page.keyboard.press("Control+.");
    // On a loaded machine the first ask can come back "No code actions available" (seen once,
    // with the light bulb already shown): close that and ask again, as a person would.
    const listed = await rows.filter({ hasText: title }).first().waitFor({ timeout: 5_000 }).then(() => true, () => false);
    if (listed) break;
    await page.keyboard.press("Escape");
    if (Date.now() > deadline) throw new Error(`"${title}" was not in the code action menu within 30 s`);
  }
  for (let step = 0; step < 20; step++) {
    if ((await rows.and(page.locator(".focused")).filter({ hasText: title }).count()) > 0) {
      await page.keyboard.press("Enter");
      return;
    }
    await page.keyboard.press("ArrowDown");
  }
  throw new Error(`"${title}" could not be selected in the code action menu`);
}
