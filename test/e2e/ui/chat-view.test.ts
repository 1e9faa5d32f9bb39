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
});
