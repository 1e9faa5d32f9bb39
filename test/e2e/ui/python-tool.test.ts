// gpt-oss's python tool in the real VS Code, on the tiny model made to say a script: the model
// runs code in its reasoning, the sandbox (Pyodide in a worker of the extension host) runs it,
// and the chat shows a python card, code and output, inside the Thinking block.
import * as assert from "node:assert/strict";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { assertBuilt } from "../harness/built";
import { screenshotOnFailure } from "../harness/failures";
import { containerTitle, extensionId, repoRoot } from "../harness/paths";
import { openSession, tinyModelSettings, type Session } from "../harness/session";
import { openViewContainer, saveScreenshot, webviewFrame } from "../harness/workbench";

const SCRIPT = path.join(repoRoot, "test/fixtures/scripts/python-tool.json");

describe("python tool in the chat", { timeout: 240_000 }, () => {
  let session: Session | undefined;

  before(async () => {
    assertBuilt();
    session = await openSession({
      name: "python-tool",
      folder: path.join(repoRoot, "test/fixtures/sample-workspace"),
      settings: await tinyModelSettings(),
      env: { GPT_OSS_SCRIPT: SCRIPT },
    });
  });

  after(async () => {
    await session?.close();
  });

  it("runs the model's python in the sandbox and shows the card inside the Thinking block", async () => {
    const page = session!.page;
    await screenshotOnFailure(page, "python-tool", async () => {
      await openViewContainer(page, containerTitle);
      const view = webviewFrame(page, extensionId);
      const input = view.locator('[data-testid="composer-input"]');
      await input.waitFor({ state: "visible", timeout: 30_000 });
      await input.fill("What is the sum of the integers below one million?");
      await input.press("Enter");
      await view.locator('[data-testid="turn-footer"]').waitFor({ timeout: 180_000 });
      const thinking = view.locator('[data-testid="thinking"]').first();
      const card = thinking.locator('[data-testid="tool-card"]');
      assert.equal(await card.count(), 1);
      assert.equal(await card.getAttribute("data-status"), "done");
      // Open the Thinking block to show the card, as a user would.
      await thinking.locator("summary").first().click();
      assert.equal(await card.locator(".tool-code code").textContent(), "total = sum(range(10**6))\nprint(total)");
      assert.equal((await card.locator(".tool-output pre").textContent())?.trim(), "499999500000");
      assert.match((await view.locator('[data-testid="answer"]').textContent()) ?? "", /499999500000/);
      await saveScreenshot(page, "python-card");
    });
  });
});
