// apply_patch in the real VS Code, on the tiny model made to say a script: one patch touching
// two files shows both files on the approval card and both diffs in VS Code's diff editor,
// Approve applies both, and one Undo (VS Code asks once to undo across both files) reverts both.
import * as assert from "node:assert/strict";
import { readFileSync, rmSync } from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { assertBuilt } from "../harness/built";
import { sampleWorkspaceCopy, waitFor } from "../harness/scratch";
import { screenshotOnFailure } from "../harness/failures";
import { containerTitle, extensionId, repoRoot } from "../harness/paths";
import { openSession, tinyModelSettings, type Session } from "../harness/session";
import { openViewContainer, saveScreenshot, webviewFrame } from "../harness/workbench";

const SCRIPT = path.join(repoRoot, "test/fixtures/scripts/agent-patch.json");

describe("apply_patch across two files in the chat", { timeout: 240_000 }, () => {
  let session: Session | undefined;
  let scratch: string;
  let taxFile: string;
  let cartFile: string;

  before(async () => {
    assertBuilt();
    const copy = sampleWorkspaceCopy("agent-patch");
    scratch = copy.scratch;
    taxFile = path.join(copy.folder, "src/tax.ts");
    cartFile = path.join(copy.folder, "src/cart.ts");
    session = await openSession({
      name: "agent-patch",
      folder: copy.folder,
      settings: await tinyModelSettings(),
      env: { GPT_OSS_SCRIPT: SCRIPT },
    });
  });

  after(async () => {
    await session?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it("the approval shows both files and opens both diffs; Approve applies both", async () => {
    const page = session!.page;
    await screenshotOnFailure(page, "agent-patch-approve", async () => {
      await openViewContainer(page, containerTitle);
      const view = webviewFrame(page, extensionId);
      const input = view.locator('[data-testid="composer-input"]');
      await input.waitFor({ state: "visible", timeout: 30_000 });
      await input.fill("Raise the VAT rate and document the description");
      await input.press("Enter");

      const card = view.locator('[data-testid="tool-card"]').first();
      await card.getByRole("button", { name: "Approve", exact: true }).waitFor({ timeout: 120_000 });
      const files = card.locator('[data-testid="patch-file"]');
      assert.deepEqual(await files.allTextContents(), ["Edit src/tax.ts +1 −1", "Edit src/cart.ts +1 −1"]);
      // One diff tab per file, before anything is applied.
      await page.locator(".tabs-container .tab", { hasText: "tax.ts ↔ proposed by gpt-oss" }).waitFor({ timeout: 15_000 });
      await page.locator(".tabs-container .tab", { hasText: "cart.ts ↔ proposed by gpt-oss" }).waitFor({ timeout: 15_000 });
      // The active tab (the last file) shows its proposed line in the diff.
      await page.locator(".editor-instance .monaco-diff-editor .view-lines", { hasText: "shown on the invoice" }).first().waitFor({ timeout: 15_000 });
      assert.ok(readFileSync(taxFile, "utf8").includes("VAT_RATE = 0.2;") && !readFileSync(cartFile, "utf8").includes("invoice"), "nothing applied before approval");
      await saveScreenshot(page, "agent-patch-approval");

      await card.getByRole("button", { name: "Approve", exact: true }).click();
      await card.locator('[data-testid="tool-summary"]').waitFor({ timeout: 30_000 });
      await view.locator('[data-testid="turn-footer"]').waitFor({ timeout: 60_000 });
      await waitFor(() => readFileSync(taxFile, "utf8").includes("VAT_RATE = 0.21;") && readFileSync(cartFile, "utf8").includes("// shown on the invoice"), 15_000, "both files patched on disk");
      await saveScreenshot(page, "agent-patch-done");
    });
  });

  it("one Undo reverts both files", async () => {
    const page = session!.page;
    await screenshotOnFailure(page, "agent-patch-undo", async () => {
      await page.locator(".part.statusbar").click({ position: { x: 2, y: 2 } });
      await page.keyboard.press("Control+P");
      const quick = page.locator(".quick-input-widget input");
      await quick.waitFor({ state: "visible", timeout: 15_000 });
      await quick.fill("src/tax.ts");
      await page.locator(".quick-input-widget .monaco-list-row", { hasText: "tax.ts" }).first().click();
      const editor = page.locator(".editor-instance .monaco-editor").first();
      await editor.locator(".view-lines", { hasText: "VAT_RATE = 0.21;" }).waitFor({ timeout: 15_000 });
      await editor.locator(".view-lines").click();
      await page.keyboard.press("Control+Z");
      // The patch is one workspace edit over two files: one Undo takes back both. (VS Code may ask
      // once whether to undo it in all files; then the answer is yes.)
      const dialog = page.locator(".monaco-dialog-box");
      const reverted = editor.locator(".view-lines", { hasText: "VAT_RATE = 0.2;" });
      await Promise.race([dialog.waitFor({ timeout: 15_000 }), reverted.waitFor({ timeout: 15_000 })]);
      if (await dialog.isVisible()) {
        await saveScreenshot(page, "agent-patch-undo-dialog");
        await dialog.getByRole("button", { name: /Undo in \d+ Files/ }).click();
      }
      await reverted.waitFor({ timeout: 15_000 });
      // The other file of the patch is reverted too, by that same Undo.
      await page.locator(".part.statusbar").click({ position: { x: 2, y: 2 } });
      await page.keyboard.press("Control+P");
      await quick.waitFor({ state: "visible", timeout: 15_000 });
      await quick.fill("src/cart.ts");
      await page.locator(".quick-input-widget .monaco-list-row", { hasText: "cart.ts" }).first().click();
      const cart = page.locator(".editor-instance .monaco-editor").first();
      await cart.locator(".view-lines", { hasText: "description: string;" }).waitFor({ timeout: 15_000 });
      assert.doesNotMatch((await cart.locator(".view-lines").textContent()) ?? "", /shown on the invoice/);
      await saveScreenshot(page, "agent-patch-undone");
    });
  });
});
