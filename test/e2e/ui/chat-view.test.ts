// The chat lives in its own activity-bar container; opening it shows the webview's empty state.
import * as assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { assertBuilt } from "../harness/built";
import { screenshotOnFailure } from "../harness/failures";
import { containerTitle, extensionId } from "../harness/paths";
import { openSession, type Session } from "../harness/session";
import { activityBarItem, openViewContainer, saveScreenshot, webviewFrame } from "../harness/workbench";

describe("chat view", { timeout: 120_000 }, () => {
  let session: Session | undefined;

  before(async () => {
    assertBuilt();
    session = await openSession({ name: "chat-view" });
  });

  after(async () => {
    await session?.close();
  });

  it(`the activity bar shows the "${containerTitle}" container`, async () => {
    const page = session!.page;
    await screenshotOnFailure(page, "chat-view-activity-bar", async () => {
      const item = activityBarItem(page, containerTitle);
      await item.waitFor({ state: "visible", timeout: 30_000 });
      assert.match((await item.getAttribute("aria-label")) ?? "", new RegExp(`^${containerTitle}`));
    });
  });

  it("clicking it opens the Chat view, whose webview shows the empty state", async () => {
    const page = session!.page;
    await screenshotOnFailure(page, "chat-view-empty-state", async () => {
      await openViewContainer(page, containerTitle);
      const emptyState = webviewFrame(page, extensionId).locator('[data-testid="empty-state"]');
      await emptyState.waitFor({ state: "visible", timeout: 30_000 });
      assert.ok(await emptyState.isVisible());
      await saveScreenshot(page, "chat-empty-state");
    });
  });

  it("the empty state's Download button asks for consent first, naming size and folder", async () => {
    const page = session!.page;
    await screenshotOnFailure(page, "chat-view-download-consent", async () => {
      const download = webviewFrame(page, extensionId).locator('[data-testid="download-model"]');
      await download.waitFor({ state: "visible", timeout: 30_000 });
      assert.match((await download.textContent()) ?? "", /^Download gpt-oss-20b \(12\.1 GB\)$/);
      await download.click();
      const dialog = page.locator(".monaco-dialog-box");
      await dialog.waitFor({ state: "visible", timeout: 15_000 });
      const text = (await dialog.textContent()) ?? "";
      assert.match(text, /Download gpt-oss-20b \(12\.1 GB\)\?/);
      assert.match(text, /Saved to: .*models/);
      assert.match(text, /Free disk space: /);
      await saveScreenshot(page, "chat-download-consent");
      // Declining downloads nothing and leaves the chat as it was.
      await dialog.getByRole("button", { name: "Cancel" }).click();
      await dialog.waitFor({ state: "hidden", timeout: 15_000 });
      await download.waitFor({ state: "visible", timeout: 15_000 });
    });
  });
});
