// The model's state in the status bar, on the real engine: a local tiny gpt-oss model loads on
// "gpt-oss: Load Model Now" and the status bar says where it runs; the chat describes the file.
import * as assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { tinyModelPath } from "../../helpers/tinyModel";
import { assertBuilt } from "../harness/built";
import { screenshotOnFailure } from "../harness/failures";
import { containerTitle, extensionId } from "../harness/paths";
import { openSession, type Session } from "../harness/session";
import { openViewContainer, runCommand, saveScreenshot, webviewFrame } from "../harness/workbench";

describe("model status bar", { timeout: 180_000 }, () => {
  let session: Session | undefined;

  before(async () => {
    assertBuilt();
    session = await openSession({
      name: "status-bar",
      settings: { "gptOss.model": await tinyModelPath(), "gptOss.threads": 1, "gptOss.contextSize": 2048, "gptOss.gpu": "cpu" },
    });
  });

  after(async () => {
    await session?.close();
  });

  it("the chat takes the configured local model as usable and names it from its header", async () => {
    const page = session!.page;
    await screenshotOnFailure(page, "status-bar-model-card", async () => {
      await openViewContainer(page, containerTitle);
      const view = webviewFrame(page, extensionId);
      // A usable model goes straight to the conversation: no set-up card, the message box ready.
      await view.locator('[data-testid="composer-input"]').waitFor({ state: "visible", timeout: 30_000 });
      assert.equal(await view.locator('[data-testid="model-card"]').count(), 0);
      // The name comes from the GGUF's metadata, not from the file name.
      await view.locator('[data-testid="toolbar-model"]', { hasText: "gpt-oss tiny" }).waitFor({ state: "attached", timeout: 30_000 });
      assert.doesNotMatch((await view.locator('[data-testid="toolbar-model"]').textContent()) ?? "", /\.gguf$/);
    });
  });

  it("Load Model Now loads it on the CPU and the status bar says so", async () => {
    const page = session!.page;
    await screenshotOnFailure(page, "status-bar-ready", async () => {
      const item = page.locator(".statusbar-item", { hasText: "gpt-oss" }).last();
      await item.waitFor({ state: "visible", timeout: 30_000 });
      await runCommand(page, "gpt-oss: Load Model Now");
      await page.locator(".statusbar-item", { hasText: "gpt-oss · CPU" }).waitFor({ state: "visible", timeout: 90_000 });
      await saveScreenshot(page, "status-bar-ready");
    });
  });

  it("clicking it offers Unload, and unloading returns it to not loaded", async () => {
    const page = session!.page;
    await screenshotOnFailure(page, "status-bar-unload", async () => {
      await page.locator(".statusbar-item", { hasText: "gpt-oss · CPU" }).click();
      const row = page.locator(".quick-input-widget .monaco-list-row", { hasText: "Unload Model" });
      await row.waitFor({ state: "visible", timeout: 15_000 });
      await saveScreenshot(page, "status-bar-actions");
      await row.click();
      await page.locator(".statusbar-item", { hasText: "gpt-oss · CPU" }).waitFor({ state: "hidden", timeout: 30_000 });
    });
  });
});
