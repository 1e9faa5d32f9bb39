// The engine's own process in the real VS Code: killed by a signal mid-answer, the chat says what
// happened and keeps the conversation, and the next message starts a fresh engine that answers.
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { assertBuilt } from "../harness/built";
import { screenshotOnFailure } from "../harness/failures";
import { containerTitle, extensionId, repoRoot, sampleWorkspace } from "../harness/paths";
import { waitFor } from "../harness/scratch";
import { openSession, tinyModelSettings, type Session } from "../harness/session";
import { openViewContainer, saveScreenshot, webviewFrame } from "../harness/workbench";

const SCRIPT = path.join(repoRoot, "test/fixtures/scripts/engine-crash.json");

/** The pids of this checkout's engine processes (dist/engineHost.js of this repository). */
function enginePids(): number[] {
  const script = path.join(repoRoot, "dist", "engineHost.js");
  return execFileSync("ps", ["-eo", "pid=,args="], { encoding: "utf8" })
    .split("\n")
    .filter((line) => line.includes(script))
    .map((line) => Number(line.trim().split(/\s+/)[0]))
    .filter((pid) => Number.isInteger(pid) && pid > 0);
}

describe("the engine process crashing mid-answer", { timeout: 300_000 }, () => {
  let session: Session | undefined;

  before(async () => {
    assertBuilt();
    session = await openSession({
      name: "engine-crash",
      folder: sampleWorkspace,
      settings: await tinyModelSettings(),
      env: { GPT_OSS_SCRIPT: SCRIPT },
    });
  });

  after(async () => {
    await session?.close();
  });

  it("shows the crash, keeps the conversation, and the next message answers from a fresh engine", async () => {
    const page = session!.page;
    await screenshotOnFailure(page, "engine-crash", async () => {
      await openViewContainer(page, containerTitle);
      const view = webviewFrame(page, extensionId);
      const input = view.locator('[data-testid="composer-input"]');
      await input.waitFor({ state: "visible", timeout: 30_000 });
      await input.fill("Count the steps");
      await input.press("Enter");
      const turns = view.locator('[data-testid="turn"]');
      await turns.nth(0).getByText("A long answer", { exact: false }).waitFor({ timeout: 120_000 });
      const [pid] = enginePids();
      assert.ok(pid, "the engine runs in a process of its own");
      process.kill(pid, "SIGKILL");

      const notice = turns.nth(0).locator('[data-testid="notice"]', { hasText: "The local engine (llama.cpp)" });
      await notice.waitFor({ timeout: 30_000 });
      assert.match((await notice.textContent()) ?? "", /SIGKILL|signal/);
      assert.match((await notice.textContent()) ?? "", /next request starts the engine afresh/);
      await saveScreenshot(page, "engine-crash");

      await input.fill("Again, please");
      await input.press("Enter");
      await turns.nth(1).locator('[data-testid="turn-footer"]').waitFor({ timeout: 180_000 });
      assert.match((await turns.nth(1).textContent()) ?? "", /step 160\./);
      assert.equal(await view.locator('[data-testid="user-message"]').count(), 2, "the first message stays in the conversation");
      await waitFor(() => enginePids().length === 1 && enginePids()[0] !== pid, 10_000, "a fresh engine process");
      await saveScreenshot(page, "engine-crash-recovered");
    });
  });
});
