// Issue 20 in the real VS Code: opening a file activates the extension from the small startup
// bundle; the status bar and the light bulb work from it, and VS Code's own early requests (the
// vscode.lm model list, code actions at each cursor move) do not load the features. Opening the
// chat is a first use: dist/features.js loads then, once, and the chat works as always. Read
// from the extension's log, which says which use loaded the features.
import * as assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { assertBuilt } from "../harness/built";
import { screenshotOnFailure } from "../harness/failures";
import { containerTitle, extensionId } from "../harness/paths";
import { waitFor } from "../harness/scratch";
import { openSession, type Session } from "../harness/session";
import { openFileAt, openViewContainer, saveScreenshot, webviewFrame } from "../harness/workbench";

/** The extension's log ("gpt-oss" output channel) as VS Code wrote it to the session's logs folder. */
function extensionLog(userDataDir: string): string {
  const find = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const full = path.join(dir, name);
      return statSync(full).isDirectory() ? find(full) : name === "gpt-oss.log" && full.includes(extensionId) ? [full] : [];
    });
  const logs = path.join(userDataDir, "logs");
  return existsSync(logs) ? find(logs).map((file) => readFileSync(file, "utf8")).join("") : "";
}

describe("features load on first use", { timeout: 180_000 }, () => {
  let session: Session | undefined;

  before(async () => {
    assertBuilt();
    session = await openSession({ name: "lazy-features" });
  });

  after(async () => {
    await session?.close();
  });

  it("opening a file and moving about in it activates the startup bundle only", async () => {
    const { page, server } = session!;
    await screenshotOnFailure(page, "lazy-features-startup", async () => {
      await openFileAt(page, "src/tax.ts", 3);
      await waitFor(() => extensionLog(server.userDataDir).includes("activated"), 30_000, "the extension's activation in its log");
      // The startup bundle's status-bar items: the model not loaded, the completion switch.
      const statusBar = page.locator(".part.statusbar");
      await statusBar.getByText("gpt-oss", { exact: true }).waitFor({ timeout: 15_000 });
      await statusBar.getByText("Completions").waitFor({ timeout: 15_000 });
      // Cursor moves and a selection: VS Code asks the code-action provider each time.
      for (const key of ["ArrowDown", "ArrowDown", "Shift+ArrowDown"]) await page.keyboard.press(key);
      // VS Code asks for the vscode.lm model list about a second after the provider registers.
      await new Promise((resolve) => setTimeout(resolve, 5_000));
      await saveScreenshot(page, "lazy-features-startup");
      const log = extensionLog(server.userDataDir);
      assert.doesNotMatch(log, /Loaded the features/, log);
      assert.doesNotMatch(log, /\[(error|warning)\]/, log);
    });
  });

  it("opening the chat loads the features once, and the chat works", async () => {
    const { page, server } = session!;
    await screenshotOnFailure(page, "lazy-features-chat", async () => {
      await openViewContainer(page, containerTitle);
      // No model configured: the chat's set-up card, from the features' chat view.
      await webviewFrame(page, extensionId).locator('[data-testid="empty-state"]').waitFor({ state: "visible", timeout: 30_000 });
      await waitFor(() => /Loaded the features/.test(extensionLog(server.userDataDir)), 30_000, "the features' load in the log");
      const log = extensionLog(server.userDataDir);
      assert.match(log, /Loaded the features in \d+ ms, for the first use of the webview view gptOss\.chat\./);
      assert.equal(log.match(/Loaded the features/g)?.length, 1, log);
      assert.doesNotMatch(log, /\[(error|warning)\]/, log);
      await saveScreenshot(page, "lazy-features-chat");
    });
  });
});
