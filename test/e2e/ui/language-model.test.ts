// gpt-oss in VS Code's own AI features: the vscode.lm suite (test/e2e/suite/language-model.test.ts)
// runs inside the real extension host on the tiny model made to say a script, and the getting-
// started walkthrough opens with its first step's button starting the model flow.
import * as assert from "node:assert/strict";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { tinyModelPath } from "../../helpers/tinyModel";
import { assertBuilt } from "../harness/built";
import { describeFailure, runExtensionTests } from "../harness/extensionTests";
import { screenshotOnFailure } from "../harness/failures";
import { repoRoot } from "../harness/paths";
import { openSession, type Session } from "../harness/session";
import { saveScreenshot } from "../harness/workbench";

describe("VS Code language model provider", { timeout: 300_000 }, () => {
  it("another extension chats with the local model through vscode.lm, with a tool, and can cancel", async () => {
    assertBuilt({ suites: true });
    const result = await runExtensionTests({
      name: "language-model",
      env: {
        GPT_OSS_SUITE_GREP: "language model provider",
        GPT_OSS_TEST_MODEL: await tinyModelPath(),
        GPT_OSS_SCRIPT: path.join(repoRoot, "test/fixtures/scripts/language-model.json"),
        GPT_OSS_TEST_CANCEL_SCRIPT: path.join(repoRoot, "test/fixtures/scripts/language-model-cancel.json"),
      },
      timeoutMs: 280_000,
      onOutput: (line) => process.stdout.write(`  | ${line.replace(/\t/g, "    ")}\n`),
    });
    assert.equal(result.exitCode, 0, describeFailure(result));
    assert.ok(
      result.output.some((line) => /\b6 passing/.test(line)),
      `expected the six vscode.lm tests to pass, not be skipped\n${describeFailure(result)}`,
    );
  });
});

describe("getting-started walkthrough", { timeout: 120_000 }, () => {
  let session: Session | undefined;

  before(async () => {
    assertBuilt();
    session = await openSession({ name: "walkthrough" });
  });

  after(async () => {
    await session?.close();
  });

  it("opens, and its first step's button offers the models to download", async () => {
    const page = session!.page;
    await screenshotOnFailure(page, "walkthrough", async () => {
      // The command asks which walkthrough in a second quick pick, so it is run by hand here.
      await page.locator(".part.statusbar").click({ position: { x: 2, y: 2 } });
      await page.keyboard.press("F1");
      const quickInput = page.locator(".quick-input-widget");
      await quickInput.locator("input").fill(">Welcome: Open Walkthrough...");
      await quickInput.locator(".monaco-list-row", { hasText: "Welcome: Open Walkthrough..." }).first().click();
      await quickInput.locator('input[placeholder="Select a walkthrough to open"]').waitFor({ state: "visible", timeout: 15_000 });
      await quickInput.locator(".monaco-list-row", { hasText: "Get Started with gpt-oss Local" }).first().click();
      const walkthrough = page.locator(".gettingStartedContainer");
      await walkthrough.getByText("Get the model", { exact: true }).first().waitFor({ state: "visible", timeout: 30_000 });
      for (const step of ["Open the chat", "Explain or fix a piece of code", "Inline completions", "Settings and logs"]) {
        assert.ok(await walkthrough.getByText(step, { exact: true }).first().isVisible(), `step "${step}" is shown`);
      }
      await saveScreenshot(page, "walkthrough");

      await walkthrough.getByRole("button", { name: /Download gpt-oss-20b/ }).first().click();
      // gptOss.downloadModel lists the catalog with sizes and what is on disk; nothing downloads yet.
      const row = quickInput.locator(".quick-input-list .monaco-list-row", { hasText: "gpt-oss-20b" }).first();
      await row.waitFor({ state: "visible", timeout: 30_000 });
      assert.match((await quickInput.textContent()) ?? "", /gpt-oss-120b/);
      await saveScreenshot(page, "walkthrough-download");
      await page.keyboard.press("Escape");
    });
  });
});
