// Another extension's tool in the real VS Code: a test extension (test/fixtures/lm-tool-extension,
// plain JS) installed beside ours registers `fixture_stamp` with vscode.lm.registerTool. Turned on
// in the tool picker, the scripted model calls it as `ext_fixture_stamp`: the approval card shows the
// arguments, Approve runs it through vscode.lm.invokeTool (its answer, with a nonce only the running
// tool knows, is what the model reads), and Deny does not run it.
import * as assert from "node:assert/strict";
import { existsSync, readFileSync, rmSync } from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { assertBuilt } from "../harness/built";
import { screenshotOnFailure } from "../harness/failures";
import { containerTitle, extensionId, repoRoot } from "../harness/paths";
import { sampleWorkspaceCopy, waitFor } from "../harness/scratch";
import { openSession, tinyModelSettings, type Session } from "../harness/session";
import { openViewContainer, runCommand, saveScreenshot, webviewFrame } from "../harness/workbench";

const SCRIPT = path.join(repoRoot, "test/fixtures/scripts/agent-lm-tool.json");
const FIXTURE_EXTENSION = path.join(repoRoot, "test/fixtures/lm-tool-extension");

/** The calls the fixture tool recorded: one {text, nonce} a line. */
function stampCalls(log: string): { text: string; nonce: string }[] {
  if (!existsSync(log)) return [];
  return readFileSync(log, "utf8").split("\n").filter(Boolean).map((line) => JSON.parse(line) as { text: string; nonce: string });
}

async function waitForChecked(row: import("playwright-core").Locator): Promise<void> {
  await row.and(row.page().locator('[aria-checked="true"]')).waitFor({ timeout: 5_000 });
}

describe("another extension's tool through vscode.lm.invokeTool", { timeout: 300_000 }, () => {
  let session: Session | undefined;
  let scratch: string;
  let callLog: string;

  before(async () => {
    assertBuilt();
    const copy = sampleWorkspaceCopy("extension-tool");
    scratch = copy.scratch;
    callLog = path.join(scratch, "stamp-calls.jsonl");
    session = await openSession({
      name: "extension-tool",
      folder: copy.folder,
      extensionFolders: [FIXTURE_EXTENSION],
      settings: await tinyModelSettings(),
      env: { GPT_OSS_SCRIPT: SCRIPT, LM_TOOL_FIXTURE_LOG: callLog },
    });
  });

  after(async () => {
    await session?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it("is off until turned on in the tool picker", async () => {
    const page = session!.page;
    await screenshotOnFailure(page, "extension-tool-picker", async () => {
      await openViewContainer(page, containerTitle);
      const view = webviewFrame(page, extensionId);
      await view.locator('[data-testid="composer-input"]').waitFor({ state: "visible", timeout: 30_000 });
      await view.locator('[data-testid="pick-tools"]').click();
      const quick = page.locator(".quick-input-widget");
      // The list is virtual: filter to bring the source's rows into view.
      await quick.locator(".monaco-list-row", { hasText: "read_file" }).first().waitFor({ timeout: 30_000 });
      const filter = quick.locator("input").first();
      await filter.fill("Other extensions");
      const source = quick.locator(".monaco-list-row", { hasText: "All of Other extensions" }).first();
      await source.waitFor({ timeout: 15_000 });
      assert.equal(await source.getAttribute("aria-checked"), "false", "other extensions' tools start off");
      await filter.fill("ext_fixture");
      const tool = quick.locator(".monaco-list-row", { hasText: "ext_fixture_stamp" }).first();
      await tool.waitFor({ timeout: 15_000 });
      assert.match((await tool.textContent()) ?? "", /another extension/);
      // VS Code's own chat tools (registered by the workbench, not declared by an extension) are not offered.
      await filter.fill("ext_run_in_terminal");
      await quick.locator(".monaco-list-row", { hasText: "read_file" }).first().waitFor({ state: "detached", timeout: 15_000 });
      assert.equal(await quick.locator(".monaco-list-row", { hasText: "ext_run_in_terminal" }).count(), 0, "VS Code's internal run_in_terminal is not offered");
      assert.equal(await quick.locator(".monaco-list-row", { hasText: "ext_vscode_get_confirmation" }).count(), 0);
      await filter.fill("Other extensions");
      await source.locator(".quick-input-list-label").click();
      assert.equal(await source.getAttribute("aria-checked"), "true");
      // Checking the source checks its tools.
      await filter.fill("ext_fixture");
      await waitForChecked(tool);
      // Both the source and its tools (whose detail names "another extension").
      await filter.fill("xtension");
      await saveScreenshot(page, "extension-tool-picker");
      await filter.fill("");
      await page.keyboard.press("Enter");
      await quick.waitFor({ state: "hidden", timeout: 15_000 });
    });
  });

  it("asks with the arguments; Approve runs the tool and its answer reaches the model", async () => {
    const page = session!.page;
    await screenshotOnFailure(page, "extension-tool-approve", async () => {
      const view = webviewFrame(page, extensionId);
      const input = view.locator('[data-testid="composer-input"]');
      await input.fill("Stamp something");
      await input.press("Enter");
      const card = view.locator('[data-testid="tool-card"]').nth(0);
      await card.getByRole("button", { name: "Approve", exact: true }).waitFor({ timeout: 120_000 });
      const text = (await card.textContent()) ?? "";
      assert.match(text, /fixture_stamp/);
      assert.match(text, /another extension/);
      assert.match(text, /first stamp/);
      assert.deepEqual(stampCalls(callLog), [], "nothing runs before Approve");
      await saveScreenshot(page, "extension-tool-approval");
      await card.getByRole("button", { name: "Approve", exact: true }).click();
      await card.locator('[data-testid="tool-summary"]').waitFor({ timeout: 60_000 });
      await waitFor(() => stampCalls(callLog).length === 1, 15_000, "the tool's recorded call");
      const [call] = stampCalls(callLog);
      assert.equal(call!.text, "first stamp");
      // The card's output is the result the model reads; only the running tool knows the nonce.
      await card.locator('[data-testid="tool-output"] summary').click();
      assert.match((await card.locator('[data-testid="tool-output"]').textContent()) ?? "", new RegExp(`Stamped "first stamp" with nonce ${call!.nonce}`));
      await view.locator('[data-testid="turn-footer"]').first().waitFor({ timeout: 60_000 });
      await saveScreenshot(page, "extension-tool-result");
      // The model's conversation holds the answer: Show Raw Prompt's text has the nonce once.
      await runCommand(page, "gpt-oss: Show Raw Prompt");
      const editor = page.locator(".editor-instance .monaco-editor").first();
      await editor.locator(".view-line").first().waitFor({ state: "visible", timeout: 30_000 });
      await editor.locator(".view-line").first().click();
      await page.keyboard.press("Control+f");
      await page.keyboard.type(`Stamped "first stamp" with nonce ${call!.nonce}`);
      await page.locator(".find-widget .matchesCount", { hasText: /^1 of 1$/ }).waitFor({ timeout: 15_000 });
      await saveScreenshot(page, "extension-tool-raw-prompt");
      await page.keyboard.press("Escape");
    });
  });

  it("Deny does not run it", async () => {
    const page = session!.page;
    await screenshotOnFailure(page, "extension-tool-deny", async () => {
      const view = webviewFrame(page, extensionId);
      const input = view.locator('[data-testid="composer-input"]');
      await input.fill("Stamp again");
      await input.press("Enter");
      const card = view.locator('[data-testid="tool-card"]').nth(1);
      await card.getByRole("button", { name: "Deny", exact: true }).waitFor({ timeout: 120_000 });
      assert.match((await card.textContent()) ?? "", /second stamp/);
      await card.getByRole("button", { name: "Deny", exact: true }).click();
      await view.locator('[data-testid="turn-footer"]').nth(1).waitFor({ timeout: 60_000 });
      assert.equal(await card.getAttribute("data-status"), "denied");
      assert.deepEqual(stampCalls(callLog).map((c) => c.text), ["first stamp"], "the denied call never ran");
    });
  });
});
