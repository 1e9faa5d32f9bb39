// Model output is untrusted: in the real VS Code (light theme), the tiny model made to say HTML
// that would run script, a javascript: link and a 1 MB line. Nothing runs, the link is text,
// the real link stays a link, and the view still answers the keyboard and mouse afterwards.
import * as assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { tinyModelPath } from "../../helpers/tinyModel";
import { assertBuilt } from "../harness/built";
import { screenshotOnFailure } from "../harness/failures";
import { containerTitle, extensionId } from "../harness/paths";
import { openSession, type Session } from "../harness/session";
import { openViewContainer, saveScreenshot, setColorTheme, webviewFrame } from "../harness/workbench";

/**
 * One line of a mebibyte: "=" runs are 64 characters a token, so the model says it in ~16,600
 * tokens. The runs stop every 4,096 characters: llama.cpp's tokenizer crashes the process
 * (SIGSEGV) on a run of one character 32 KB long (measured with the CLI).
 */
const HUGE_LINE = `${"=".repeat(4_095)}x`.repeat(256);

const ANSWER = [
  "Hostile output follows.",
  "<script>document.title = 'pwned-script'</script>",
  `<img src=x onerror="document.title = 'pwned-img'">`,
  "[click me](javascript:document.title='pwned-link') and [a real link](https://example.com/docs).",
  HUGE_LINE,
  "The end of the hostile answer.",
].join("\n\n");

// The tiny model says ~16,600 scripted tokens: 50 to 150 tokens/s on 2 busy cores, so this one
// test may take minutes (measured 4.7 minutes under load); the limit is on hanging, not speed.
describe("hostile model output in the chat", { timeout: 720_000 }, () => {
  let session: Session | undefined;
  let scratch: string;

  before(async () => {
    assertBuilt();
    // Written at run time: a megabyte fixture in the repository would be noise.
    scratch = mkdtempSync(path.join(os.tmpdir(), "chat-hostile-"));
    const script = path.join(scratch, "hostile.json");
    writeFileSync(script, JSON.stringify({ responses: [`<|channel|>final<|message|>${ANSWER}<|return|>`] }));
    session = await openSession({
      name: "chat-hostile",
      settings: {
        "gptOss.model": await tinyModelPath(),
        "gptOss.threads": 1,
        // The line alone is ~16,400 tokens.
        "gptOss.contextSize": 24_576,
        "gptOss.gpu": "cpu",
        // The script decides every token: sampling from the top 1 (not 100 of 201,088) makes
        // each of the 16,400 cheaper.
        "gptOss.topK": 1,
        // One step of ~16,500 tokens: above the default per-step cap, which is not what this tests.
        "gptOss.agent.maxTokensPerStep": 24_576,
      },
      env: { GPT_OSS_SCRIPT: script },
    });
    // Light Modern: picking Dark Modern here left the extension without its gptOss.model setting
    // in two runs (the chat showed the download card); not understood yet.
    await setColorTheme(session.page, "Light Modern");
  });

  after(async () => {
    await session?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it("shows <script>, <img onerror> and a javascript: link as inert text, and a 1 MB line as plain text", { timeout: 600_000 }, async () => {
    const page = session!.page;
    await screenshotOnFailure(page, "chat-hostile", async () => {
      await openViewContainer(page, containerTitle);
      const view = webviewFrame(page, extensionId);
      const input = view.locator('[data-testid="composer-input"]');
      await input.waitFor({ timeout: 30_000 });
      await input.fill("Say the hostile things.");
      await input.press("Enter");
      const turn = view.locator('[data-testid="turn"]').last();
      await turn.locator('[data-testid="turn-footer"]').waitFor({ timeout: 560_000 });

      const answer = turn.locator('[data-testid="answer"]');
      assert.equal(await answer.locator("script, img, iframe, [onerror]").count(), 0, "no markup from the model");
      const text = (await answer.textContent()) ?? "";
      assert.match(text, /<script>document\.title = 'pwned-script'<\/script>/, "the HTML shows as text");
      assert.match(text, /<img src=x onerror=/);
      assert.ok(text.includes(HUGE_LINE), "the whole megabyte line is shown");
      assert.match(text, /The end of the hostile answer\./);
      const clickMe = answer.locator("a", { hasText: "click me" });
      assert.equal(await clickMe.getAttribute("href"), null, "a javascript: link loses its href");
      assert.equal(await answer.locator("a", { hasText: "a real link" }).getAttribute("href"), "https://example.com/docs");
      await clickMe.click();
      assert.equal(await view.locator("body").evaluate(() => document.title), "gpt-oss Chat", "nothing ran in the view");
      assert.doesNotMatch(await page.title(), /pwned/);
    });
  });

  it("the view still answers afterwards: typing, the history panel, scrolling to the top", async () => {
    const page = session!.page;
    await screenshotOnFailure(page, "chat-hostile-responsive", async () => {
      const view = webviewFrame(page, extensionId);
      const input = view.locator('[data-testid="composer-input"]');
      await input.click();
      await page.keyboard.type("still here");
      assert.equal(await input.inputValue(), "still here");
      await view.locator('[data-testid="history"]').click();
      await view.locator('[data-testid="history-row"]').first().waitFor({ timeout: 15_000 });
      await page.keyboard.press("Escape");
      await view.locator('[data-testid="history-panel"]').waitFor({ state: "hidden", timeout: 15_000 });
      await view.locator('[data-testid="transcript"]').evaluate((el) => el.scrollTo({ top: 0 }));
      await view.locator('[data-testid="user-message"]').first().waitFor({ state: "visible", timeout: 15_000 });
      await saveScreenshot(page, "chat-hostile-light");
    });
  });
});
