// The chat view hidden and shown again in the real VS Code, while the agent works: VS Code drops a
// hidden view's page (retainContextWhenHidden is off), the host replays the conversation when the
// new page asks, and the page keeps only what the user typed. Scripted on the tiny model
// (test/fixtures/scripts/chat-replay.json): an edit that waits for approval, then a long answer.
import * as assert from "node:assert/strict";
import { readFileSync, rmSync } from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import type { FrameLocator, Page } from "playwright-core";
import { assertBuilt } from "../harness/built";
import { sampleWorkspaceCopy, waitFor } from "../harness/scratch";
import { screenshotOnFailure } from "../harness/failures";
import { containerTitle, extensionId, repoRoot } from "../harness/paths";
import { openSession, tinyModelSettings, type Session } from "../harness/session";
import { openViewContainer, saveScreenshot, webviewFrame } from "../harness/workbench";

const SCRIPT = path.join(repoRoot, "test/fixtures/scripts/chat-replay.json");
const DRAFT = "a question I am still typing";

/** The script's answer, as the view should show it once done: the heading and its two paragraphs. */
function scriptedAnswer(): { heading: string; paragraphs: string[] } {
  const { responses } = JSON.parse(readFileSync(SCRIPT, "utf8")) as { responses: string[] };
  const final = responses[1]!.split("<|channel|>final<|message|>")[1]!.replace("<|return|>", "");
  const [heading, ...paragraphs] = final.split("\n\n");
  return { heading: heading!.replace(/^## /, ""), paragraphs };
}

/** Marks the page now in the view, so the test can tell that VS Code really dropped it. */
async function markPage(view: FrameLocator): Promise<void> {
  await view.locator("body").evaluate(() => {
    (window as unknown as { __seenByTest?: boolean }).__seenByTest = true;
  });
}

async function pageWasDropped(view: FrameLocator): Promise<boolean> {
  await view.locator('[data-testid="composer-input"]').waitFor({ timeout: 30_000 });
  return view.locator("body").evaluate(() => (window as unknown as { __seenByTest?: boolean }).__seenByTest === undefined);
}

/** Another container in the side bar (Explorer) hides the chat; then the chat comes back. */
async function hideAndShow(page: Page, hiddenMs: number): Promise<void> {
  await openViewContainer(page, "Explorer");
  await page.waitForTimeout(hiddenMs);
  await openViewContainer(page, containerTitle);
}

describe("chat view hidden and shown again", { timeout: 300_000 }, () => {
  let session: Session | undefined;
  let scratch: string;
  let taxFile: string;

  before(async () => {
    assertBuilt();
    const copy = sampleWorkspaceCopy("chat-replay");
    scratch = copy.scratch;
    taxFile = path.join(copy.folder, "src/tax.ts");
    session = await openSession({
      name: "chat-replay",
      folder: copy.folder,
      settings: await tinyModelSettings(),
      env: { GPT_OSS_SCRIPT: SCRIPT },
    });
  });

  after(async () => {
    await session?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  const view = () => webviewFrame(session!.page, extensionId);

  it("a tool card waiting for approval is still waiting when the view comes back, with the draft, and Approve works", async () => {
    const page = session!.page;
    await screenshotOnFailure(page, "chat-replay-approval", async () => {
      await openViewContainer(page, containerTitle);
      const input = view().locator('[data-testid="composer-input"]');
      await input.waitFor({ state: "visible", timeout: 30_000 });
      await input.fill("Raise the VAT rate to 21% and explain it");
      await input.press("Enter");
      const card = view().locator('[data-testid="tool-card"]');
      await card.getByRole("button", { name: "Approve", exact: true }).waitFor({ timeout: 120_000 });
      await input.fill(DRAFT);
      await markPage(view());

      await hideAndShow(page, 1_000);
      assert.equal(await pageWasDropped(view()), true, "VS Code dropped the hidden view's page (else this test proves nothing)");
      await card.getByRole("button", { name: "Approve", exact: true }).waitFor({ timeout: 30_000 });
      assert.equal(await card.locator('[data-testid="tool-status"]').textContent(), "Awaiting approval");
      assert.equal(await view().locator('[data-testid="composer-input"]').inputValue(), DRAFT);
      assert.equal(await view().locator('[data-testid="user-message"]').count(), 1);
      assert.match((await view().locator('[data-testid="thinking"]').first().locator(".thinking-label").textContent()) ?? "", /^Thought for [\d.]+ s$/);
      await saveScreenshot(page, "chat-replay-approval-restored");

      await card.getByRole("button", { name: "Approve", exact: true }).click();
      await card.locator('[data-testid="tool-summary"]').waitFor({ timeout: 30_000 });
      await waitFor(() => readFileSync(taxFile, "utf8").includes("VAT_RATE = 0.21;"), 15_000, "the approved edit on disk");
    });
  });

  it("hidden mid-answer and shown again, the whole turn is there and goes on to its end; the draft is kept", async () => {
    const page = session!.page;
    const expected = scriptedAnswer();
    await screenshotOnFailure(page, "chat-replay-stream", async () => {
      const answer = view().locator('[data-testid="answer"]');
      await answer.filter({ hasText: "Step 3 of the explanation" }).waitFor({ timeout: 120_000 });
      assert.equal(await view().locator('[data-testid="turn-footer"]').count(), 0, "still streaming when hidden");
      await markPage(view());

      await hideAndShow(page, 2_000);
      assert.equal(await pageWasDropped(view()), true, "VS Code dropped the hidden view's page");
      await answer.filter({ hasText: "Step 3 of the explanation" }).waitFor({ timeout: 30_000 });
      assert.equal(await view().locator('[data-testid="composer-input"]').inputValue(), DRAFT);
      await saveScreenshot(page, "chat-replay-restored-mid-answer");

      await view().locator('[data-testid="turn-footer"]').waitFor({ timeout: 180_000 });
      // Whole and once: what streamed before, while hidden and after, with nothing repeated.
      assert.equal(await view().locator('[data-testid="turn"]').count(), 1);
      assert.equal(await answer.count(), 1);
      assert.equal(await answer.locator("h2").textContent(), expected.heading);
      assert.deepEqual(await answer.locator("p").allTextContents(), expected.paragraphs);
      const card = view().locator('[data-testid="tool-card"]');
      assert.equal(await card.count(), 1);
      assert.equal(await card.locator('[data-testid="tool-status"]').textContent(), "Done");
      // Both Thinking blocks keep the figures measured as their tokens came.
      for (const label of await view().locator('[data-testid="thinking"] .thinking-label').allTextContents()) assert.match(label, /^Thought for [\d.]+ s$/);
      assert.equal(await view().locator('[data-testid="composer-input"]').inputValue(), DRAFT);
      await saveScreenshot(page, "chat-replay-done");
    });
  });
});
