// Issue 19: an unrelated settings change (the colour theme, written by VS Code to the same user
// settings file) must not make the chat forget `gptOss.model`. In code-server the extension host
// is remote, and VS Code drops machine-scoped settings from the local user settings whenever it
// re-reads that file; the chat then asked to download gpt-oss-20b. Here the theme changes twice
// and the chat still answers from the configured tiny model (scripted: test/fixtures/scripts/
// settings-change.json), and the dark and high-contrast themes are photographed.
import * as assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { tinyModelPath } from "../../helpers/tinyModel";
import { assertBuilt } from "../harness/built";
import { screenshotOnFailure } from "../harness/failures";
import { waitFor } from "../harness/scratch";
import { containerTitle, extensionId, repoRoot } from "../harness/paths";
import { openSession, type Session } from "../harness/session";
import { openViewContainer, runCommand, saveScreenshot, setColorTheme, webviewFrame } from "../harness/workbench";

const SCRIPT = path.join(repoRoot, "test/fixtures/scripts/settings-change.json");

describe("an unrelated settings change keeps the configured model", { timeout: 300_000 }, () => {
  let session: Session | undefined;

  before(async () => {
    assertBuilt();
    session = await openSession({
      name: "settings-change",
      settings: {
        "gptOss.model": await tinyModelPath(),
        // Neither is the default here: 0 means one thread on 2 cores, and a size fitted to memory.
        "gptOss.threads": 2,
        "gptOss.contextSize": 6144,
        "gptOss.gpu": "cpu",
      },
      env: { GPT_OSS_SCRIPT: SCRIPT },
    });
  });

  after(async () => {
    await session?.close();
  });

  /**
   * Waits until VS Code has written the theme into the user settings file: from then on it re-reads
   * that file, which is what dropped the machine-scoped settings.
   */
  const themeWritten = (theme: string) => {
    const file = path.join(session!.server.userDataDir, "User", "settings.json");
    return waitFor(() => readFileSync(file, "utf8").includes(`"workbench.colorTheme": "${theme}"`), 15_000, `${theme} in ${file}`);
  };
  /** The extension's output channel so far (its log file in the throwaway profile). */
  const extensionLog = (): string => {
    const logs = path.join(session!.server.userDataDir, "logs");
    const file = readdirSync(logs, { recursive: true, encoding: "utf8" }).find((f) => f.endsWith(path.join("gpt-oss-local.gpt-oss-local", "gpt-oss.log")));
    return file ? readFileSync(path.join(logs, file), "utf8") : "";
  };
  const view = () => webviewFrame(session!.page, extensionId);
  /** Sends a message and returns the answer's text once the turn has ended. */
  const chat = async (message: string): Promise<string> => {
    const input = view().locator('[data-testid="composer-input"]');
    await input.fill(message);
    await input.press("Enter");
    await view().locator('[data-testid="user-message"]', { hasText: message }).waitFor({ timeout: 15_000 });
    const turn = view().locator('[data-testid="turn"]').last();
    // A forgotten setting shows up here as VS Code's modal "Download gpt-oss-20b (12.1 GB)?".
    const download = session!.page.locator(".monaco-dialog-box", { hasText: /Download gpt-oss/ });
    const ended = turn.locator('[data-testid="turn-footer"]');
    await Promise.race([
      ended.waitFor({ timeout: 120_000 }),
      download.first().waitFor({ timeout: 120_000 }).then(() => {
        throw new Error("the chat asked to download the default model: gptOss.model was forgotten");
      }),
    ]);
    return (await turn.locator('[data-testid="answer"]').textContent()) ?? "";
  };

  it("after switching to Dark Modern the chat still knows the model and answers from it", async () => {
    const page = session!.page;
    await screenshotOnFailure(page, "settings-change-dark", async () => {
      await openViewContainer(page, containerTitle);
      await view().locator('[data-testid="composer-input"]').waitFor({ timeout: 30_000 });
      await view().locator('[data-testid="toolbar-model"]', { hasText: "gpt-oss tiny" }).waitFor({ state: "attached", timeout: 30_000 });
      // VS Code writes workbench.colorTheme into the user settings file that holds gptOss.model.
      await setColorTheme(page, "Dark Modern");
      await themeWritten("Default Dark Modern");
      await view().locator('[data-testid="toolbar-model"]', { hasText: "gpt-oss tiny" }).waitFor({ state: "attached", timeout: 15_000 });
      assert.equal(await view().locator('[data-testid="model-card"]').count(), 0, "no download card");
      assert.match(await chat("Which model are you?"), /Still the tiny model after the theme change\./);
      const state = view().locator('[data-testid="engine-state"]');
      assert.match((await state.textContent()) ?? "", /^Ready · CPU/);
      // The other settings in the same file held too: the context size asked, and the threads.
      assert.match((await state.getAttribute("title")) ?? "", /context 6,144 tokens/);
      assert.match(extensionLog(), /Loaded gpt-oss tiny .* \(2 threads\); context 6,144 tokens \(asked 6,144/);
      await saveScreenshot(page, "settings-change-dark");
    });
  });

  it("after switching to Dark High Contrast it still answers, and the loaded model stays loaded", async () => {
    const page = session!.page;
    await screenshotOnFailure(page, "settings-change-high-contrast", async () => {
      await setColorTheme(page, "Dark High Contrast");
      await themeWritten("Default High Contrast");
      await view().locator('[data-testid="toolbar-model"]', { hasText: "gpt-oss tiny" }).waitFor({ state: "attached", timeout: 15_000 });
      // An unrelated change is not an engine setting: the model is not unloaded and reloaded.
      assert.match((await view().locator('[data-testid="engine-state"]').textContent()) ?? "", /^Ready · CPU/);
      assert.match(await chat("And now?"), /High contrast answer from the tiny model\./);
      assert.doesNotMatch(extensionLog(), /Model unloaded \(settings changed\)/, "a theme change is no reason to reload the model");
      await saveScreenshot(page, "settings-change-high-contrast");
    });
  });
});

// gptOss.backend and gptOss.server.url are application-scoped (never from a workspace): VS Code
// must keep reading them from the user settings of a remote window too. The server is not asked
// here (nothing listens there); the chat's toolbar names it from the settings alone.
describe("an unrelated settings change keeps the server backend's settings", { timeout: 180_000 }, () => {
  let session: Session | undefined;
  const url = "http://127.0.0.1:9";

  before(async () => {
    assertBuilt();
    session = await openSession({ name: "settings-change-server", settings: { "gptOss.backend": "server", "gptOss.server.url": url } });
  });

  after(async () => {
    await session?.close();
  });

  it("after a theme change the chat still names the configured server", async () => {
    const page = session!.page;
    await screenshotOnFailure(page, "settings-change-server", async () => {
      await openViewContainer(page, containerTitle);
      const model = webviewFrame(page, extensionId).locator('[data-testid="toolbar-model"]', { hasText: `gpt-oss server (${url})` });
      await model.waitFor({ state: "attached", timeout: 30_000 });
      await setColorTheme(page, "Dark Modern");
      const file = path.join(session!.server.userDataDir, "User", "settings.json");
      await waitFor(() => readFileSync(file, "utf8").includes('"workbench.colorTheme": "Default Dark Modern"'), 15_000, `the theme in ${file}`);
      // Reopening the view asks the extension for the model afresh (a forgotten setting would
      // name gpt-oss-20b here, as the download card did for gptOss.model).
      await runCommand(page, "View: Close Primary Side Bar");
      await openViewContainer(page, containerTitle);
      await model.waitFor({ state: "attached", timeout: 30_000 });
      assert.equal(await webviewFrame(page, extensionId).locator('[data-testid="model-card"]').count(), 0, "no download card");
    });
  });
});
