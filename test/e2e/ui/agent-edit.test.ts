// The agent in the real VS Code, on the tiny model made to say a script: asked in the chat, it
// reads a file, is refused a path outside the workspace, proposes an edit that opens in the diff
// editor, the user approves it on the tool card, the file changes, and Undo reverts it.
import * as assert from "node:assert/strict";
import { readFileSync, rmSync } from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { assertBuilt } from "../harness/built";
import { sampleWorkspaceCopy, waitFor } from "../harness/scratch";
import { screenshotOnFailure } from "../harness/failures";
import { containerTitle, extensionId, repoRoot } from "../harness/paths";
import { openSession, tinyModelSettings, type Session } from "../harness/session";
import { notifications, openViewContainer, saveScreenshot, webviewFrame } from "../harness/workbench";

const SCRIPT = path.join(repoRoot, "test/fixtures/scripts/agent-edit.json");

describe("agent edit in the chat", { timeout: 240_000 }, () => {
  let session: Session | undefined;
  let scratch: string;
  let taxFile: string;

  before(async () => {
    assertBuilt();
    // The edit lands on disk: work on a copy, never on the fixture.
    const copy = sampleWorkspaceCopy("agent-edit");
    scratch = copy.scratch;
    const folder = copy.folder;
    taxFile = path.join(folder, "src/tax.ts");
    session = await openSession({
      name: "agent-edit",
      folder,
      settings: await tinyModelSettings(),
      env: { GPT_OSS_SCRIPT: SCRIPT },
    });
  });

  after(async () => {
    await session?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it("reads, is refused an escape, and asks to edit with the diff open", async () => {
    const page = session!.page;
    await screenshotOnFailure(page, "agent-edit-ask", async () => {
      await openViewContainer(page, containerTitle);
      const view = webviewFrame(page, extensionId);
      const input = view.locator('[data-testid="composer-input"]');
      await input.waitFor({ state: "visible", timeout: 30_000 });
      await input.fill("Raise the VAT rate to 21%");
      await input.press("Enter");
      await view.locator('[data-testid="user-message"]', { hasText: "Raise the VAT rate to 21%" }).waitFor({ timeout: 15_000 });

      const cards = view.locator('[data-testid="tool-card"]');
      const read = cards.nth(0);
      await read.locator('[data-testid="tool-summary"]').waitFor({ timeout: 120_000 });
      assert.match((await read.textContent()) ?? "", /src\/tax\.ts/);
      const escape = cards.nth(1);
      await escape.locator('[data-testid="tool-summary"]').waitFor({ timeout: 30_000 });
      assert.match((await escape.textContent()) ?? "", /outside the workspace/);

      const edit = cards.nth(2);
      await edit.getByRole("button", { name: "Approve", exact: true }).waitFor({ timeout: 30_000 });
      assert.match((await edit.textContent()) ?? "", /src\/tax\.ts/);
      // The proposed change is shown in VS Code's diff editor before anything is applied.
      await page.locator(".tabs-container .tab", { hasText: "proposed by gpt-oss" }).waitFor({ timeout: 15_000 });
      await page.locator(".editor-instance .monaco-diff-editor").first().waitFor({ timeout: 15_000 });
      assert.ok(readFileSync(taxFile, "utf8").includes("VAT_RATE = 0.2;"), "nothing applied before approval");
      // The card in the visible chat asks; no toast that would linger after the card answered.
      assert.equal(await notifications(page).filter({ hasText: "wants to edit" }).count(), 0);
      await saveScreenshot(page, "agent-edit-approval");
    });
  });

  it("Approve applies the edit and the answer streams", async () => {
    const page = session!.page;
    await screenshotOnFailure(page, "agent-edit-approve", async () => {
      const view = webviewFrame(page, extensionId);
      const edit = view.locator('[data-testid="tool-card"]').nth(2);
      await edit.getByRole("button", { name: "Approve", exact: true }).click();
      await edit.locator('[data-testid="tool-summary"]').waitFor({ timeout: 30_000 });
      await view.locator('[data-testid="turn-footer"]').waitFor({ timeout: 60_000 });
      assert.match((await view.locator('[data-testid="turn"]').last().textContent()) ?? "", /I changed VAT_RATE to 0\.21/);
      assert.ok(readFileSync(taxFile, "utf8").includes("VAT_RATE = 0.21;"), "the approved edit is on disk");
      await saveScreenshot(page, "agent-edit-done");
    });
  });

  it("Undo in the editor reverts the edit", async () => {
    const page = session!.page;
    await screenshotOnFailure(page, "agent-edit-undo", async () => {
      // Quick Open (Ctrl+P) from the workbench, not from inside the webview.
      await page.locator(".part.statusbar").click({ position: { x: 2, y: 2 } });
      await page.keyboard.press("Control+P");
      const input = page.locator(".quick-input-widget input");
      await input.waitFor({ state: "visible", timeout: 15_000 });
      await input.fill("src/tax.ts");
      await page.locator(".quick-input-widget .monaco-list-row", { hasText: "tax.ts" }).first().click();
      const editor = page.locator(".editor-instance .monaco-editor").first();
      await editor.locator(".view-lines", { hasText: "VAT_RATE = 0.21;" }).waitFor({ timeout: 15_000 });
      await editor.locator(".view-lines").click();
      await page.keyboard.press("Control+Z");
      await editor.locator(".view-lines", { hasText: "VAT_RATE = 0.2;" }).waitFor({ timeout: 15_000 });
      await page.keyboard.press("Control+S");
      await waitFor(() => readFileSync(taxFile, "utf8").includes("VAT_RATE = 0.2;"), 15_000, "the undone text saved to disk");
      await saveScreenshot(page, "agent-edit-undone");
    });
  });
});
