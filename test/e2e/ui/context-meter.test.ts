// The context meter in the real VS Code: the toolbar shows how full the window is with its
// breakdown on hover; past 80% (here: a long attached file) a strip says so and Compact replaces
// the older turns by a summary the model writes (kept in the transcript), and the meter drops.
import * as assert from "node:assert/strict";
import { rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { assertBuilt } from "../harness/built";
import { screenshotOnFailure } from "../harness/failures";
import { containerTitle, extensionId, repoRoot } from "../harness/paths";
import { sampleWorkspaceCopy } from "../harness/scratch";
import { openSession, tinyModelSettings, type Session } from "../harness/session";
import { openFile, openViewContainer, saveScreenshot, webviewFrame } from "../harness/workbench";

const SCRIPT = path.join(repoRoot, "test/fixtures/scripts/context-meter.json");

describe("the context meter and Compact", { timeout: 300_000 }, () => {
  let session: Session | undefined;
  let scratch: string;

  before(async () => {
    assertBuilt();
    const copy = sampleWorkspaceCopy("context-meter");
    scratch = copy.scratch;
    // ~2,900 tokens of rows: with our system message and tools (~2,700), past 80% of the 6,144
    // tokens a conversation may take in an 8,192-token window.
    const rows = Array.from({ length: 290 }, (_, i) => `row ${i + 1}: alpha beta ${i * 7}`).join("\n");
    writeFileSync(path.join(copy.folder, "data.txt"), `${rows}\n`);
    session = await openSession({
      name: "context-meter",
      folder: copy.folder,
      settings: await tinyModelSettings(),
      env: { GPT_OSS_SCRIPT: SCRIPT },
    });
  });

  after(async () => {
    await session?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it("fills past 80% with an attached file, says so, and Compact brings it down", async () => {
    const page = session!.page;
    await screenshotOnFailure(page, "context-meter", async () => {
      await openViewContainer(page, containerTitle);
      const view = webviewFrame(page, extensionId);
      const input = view.locator('[data-testid="composer-input"]');
      await input.waitFor({ state: "visible", timeout: 30_000 });
      await openFile(page, "data.txt");
      await view.locator('[data-testid="attach-file"]').click();
      await view.locator('[data-testid="attachment-chip"]').waitFor({ timeout: 15_000 });
      const meter = view.locator('[data-testid="context-meter"]');
      const percent = async () => Number(await meter.getAttribute("aria-valuenow"));
      const shares: number[] = [];
      for (const [i, question] of ["What is in data.txt?", "Second question", "Third question"].entries()) {
        await input.fill(question);
        await input.press("Enter");
        await view.locator('[data-testid="turn"]').nth(i).locator('[data-testid="turn-footer"]').waitFor({ timeout: 120_000 });
        await meter.waitFor({ state: "visible", timeout: 15_000 });
        shares.push(await percent());
      }
      assert.ok(shares[0]! >= 80 && shares[0]! <= shares[2]!, `past 80% and growing: ${shares.join(", ")}`);
      const title = (await meter.getAttribute("title")) ?? "";
      const figures = /^Context: ([\d,]+) of 6,144 tokens \(\d+%\)\n\(a 8,192-token window, 2,048 kept for the answer\)\nSystem and tools: ([\d,]+)\nInstructions: 0\nConversation: ([\d,]+)\nAttachments: ([\d,]+)$/.exec(title);
      assert.ok(figures, title);
      const [used, system, conversation, attachments] = figures.slice(1).map((n) => Number(n.replace(/,/g, "")));
      assert.equal(system! + conversation! + attachments!, used, title);
      assert.ok(attachments! > 1000, `the attached file is counted as such: ${title}`);
      const alert = view.locator('[data-testid="context-alert"]');
      await alert.waitFor({ state: "visible", timeout: 15_000 });
      await view.locator('[data-testid="notice"]', { hasText: "of the context window" }).waitFor({ timeout: 15_000 });
      await saveScreenshot(page, "context-meter-full");

      await view.locator('[data-testid="compact"]').click();
      await view.locator('[data-testid="notice"]', { hasText: "Compacted: the older message is replaced" }).waitFor({ timeout: 120_000 });
      await view.locator('[data-testid="notice"]', { hasText: "attached a long data file" }).waitFor({ timeout: 5_000 });
      const after = await percent();
      assert.ok(after < 80 && after < shares[2]!, `Compact frees the attached file's room: ${shares[2]}% -> ${after}%`);
      assert.equal(await alert.isVisible(), false);
      await saveScreenshot(page, "context-meter-compacted");
    });
  });
});
