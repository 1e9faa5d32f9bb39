// gpt-oss's browser in the real VS Code, on the tiny model made to say a script: turned on in
// the settings, the first chat asks once (a modal naming what goes where); the model opens a page
// of a local server (allow-listed) and answers with a citation, which the chat shows as a link.
import * as assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { tinyModelPath } from "../../helpers/tinyModel";
import { assertBuilt } from "../harness/built";
import { screenshotOnFailure } from "../harness/failures";
import { containerTitle, extensionId, repoRoot } from "../harness/paths";
import { openSession, type Session } from "../harness/session";
import { openViewContainer, saveScreenshot, webviewFrame } from "../harness/workbench";

const PAGE = `<html><head><title>Tides</title></head><body><h1>Tides</h1><p>Tides are caused mainly by the gravity of the Moon, and less by the Sun.</p><p>Two high tides a day.</p></body></html>`;

describe("browser tool in the chat", { timeout: 240_000 }, () => {
  let session: Session | undefined;
  let server: http.Server;
  let scratch: string;

  before(async () => {
    assertBuilt();
    server = http.createServer((_req, res) => {
      res.setHeader("content-type", "text/html");
      res.end(PAGE);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/tides`;
    scratch = mkdtempSync(path.join(os.tmpdir(), "browser-e2e-"));
    const script = path.join(scratch, "script.json");
    writeFileSync(
      script,
      JSON.stringify({
        responses: [
          `<|channel|>analysis<|message|>Open the page.<|end|><|start|>assistant<|channel|>analysis to=browser.open code<|message|>${JSON.stringify({ id: url })}<|call|>`,
          "<|channel|>final<|message|>Tides are caused mainly by the Moon's gravity 【0†L2】.<|return|>",
        ],
      }),
    );
    session = await openSession({
      name: "browser-tool",
      folder: path.join(repoRoot, "test/fixtures/sample-workspace"),
      settings: {
        "gptOss.model": await tinyModelPath(),
        "gptOss.threads": 1,
        "gptOss.contextSize": 8192,
        "gptOss.gpu": "cpu",
        "gptOss.tools.python": "off",
        "gptOss.tools.browser": true,
        "gptOss.browser.allowHosts": ["127.0.0.1"],
      },
      env: { GPT_OSS_SCRIPT: script },
    });
  });

  after(async () => {
    await session?.close();
    server?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it("asks once, opens the page and shows the cited answer with a link", async () => {
    const page = session!.page;
    await screenshotOnFailure(page, "browser-tool", async () => {
      await openViewContainer(page, containerTitle);
      const view = webviewFrame(page, extensionId);
      const input = view.locator('[data-testid="composer-input"]');
      await input.waitFor({ state: "visible", timeout: 30_000 });
      await input.fill("What causes tides?");
      await input.press("Enter");
      // The consent question, once: a modal dialog of the workbench.
      const dialog = page.locator(".monaco-dialog-box");
      await dialog.waitFor({ timeout: 60_000 });
      assert.match((await dialog.textContent()) ?? "", /Let gpt-oss browse the web\?[\s\S]*fetched from the internet/);
      await saveScreenshot(page, "browser-consent");
      await dialog.getByRole("button", { name: "Turn On" }).click();
      await view.locator('[data-testid="turn-footer"]').waitFor({ timeout: 180_000 });
      const card = view.locator('[data-testid="tool-card"]').first();
      assert.match((await card.textContent()) ?? "", /browser\.open/);
      const link = view.locator('[data-testid="citation"]');
      assert.equal(await link.textContent(), `127.0.0.1:${(server.address() as AddressInfo).port} L2`);
      await saveScreenshot(page, "browser-citation");
    });
  });
});
