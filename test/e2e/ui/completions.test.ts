// Inline completions in the real VS Code, on the tiny model made to say a script: ghost text
// appears after typing, typing its characters keeps it without another model call (asserted from
// the completion service's counters), Tab inserts it, and the status-bar item switches it off.
import * as assert from "node:assert/strict";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import type { Page } from "playwright-core";
import { tinyModelPath } from "../../helpers/tinyModel";
import { assertBuilt } from "../harness/built";
import { sampleWorkspaceCopy, waitFor } from "../harness/scratch";
import { screenshotOnFailure } from "../harness/failures";
import { repoRoot } from "../harness/paths";
import { openSession, type Session } from "../harness/session";
import { focusEditor, notifications, openFileAt, runCommand, saveScreenshot } from "../harness/workbench";

// Every response is the same line: whichever keystroke's request reaches the model, the part
// after what was typed is the same suggestion.
const SCRIPT = path.join(repoRoot, "test/fixtures/scripts/completion.json");
const FUNCTION = ["", "export function grossPrice(net: number): number {", "  ", "}", ""].join("\n");

interface Counters {
  requests: number;
  cacheHits: number;
  modelCalls: number;
}

describe("inline completions", { timeout: 240_000 }, () => {
  let session: Session | undefined;
  let scratch: string;
  let taxFile: string;
  let bodyLine: number;

  before(async () => {
    assertBuilt();
    const copy = sampleWorkspaceCopy("completions");
    scratch = copy.scratch;
    const folder = copy.folder;
    taxFile = path.join(folder, "src/tax.ts");
    const text = readFileSync(taxFile, "utf8").trimEnd() + "\n" + FUNCTION;
    writeFileSync(taxFile, text);
    bodyLine = text.split("\n").indexOf("  ") + 1;
    session = await openSession({
      name: "completions",
      folder,
      settings: {
        "gptOss.model": await tinyModelPath(),
        "gptOss.threads": 1,
        "gptOss.contextSize": 8192,
        "gptOss.gpu": "cpu",
        // The suggest widget would take precedence over ghost text while typing a word.
        "editor.quickSuggestions": { other: "off", comments: "off", strings: "off" },
        "editor.suggestOnTriggerCharacters": false,
      },
      env: { GPT_OSS_SCRIPT: SCRIPT },
    });
  });

  after(async () => {
    await session?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it("ghost text appears after typing", async () => {
    const page = session!.page;
    await screenshotOnFailure(page, "completions-ghost", async () => {
      await openFileAt(page, "src/tax.ts", bodyLine);
      // Opening the file activates the extension; its provider must be there before the keys are.
      await page.locator(".part.statusbar", { hasText: "Completions" }).waitFor({ timeout: 30_000 });
      await page.keyboard.type("return");
      await ghostText(page, "Math.round(net * (1 + VAT_RATE));").waitFor({ timeout: 120_000 });
      await saveScreenshot(page, "completions-ghost-text");
    });
  });

  it("typing a shown suggestion's characters keeps it without a model call", async () => {
    const page = session!.page;
    await screenshotOnFailure(page, "completions-reuse", async () => {
      const before = await stats(page);
      assert.ok(before.modelCalls >= 1, `the suggestion came from the model: ${JSON.stringify(before)}`);
      // The palette took the focus (and the ghost text with it): typing on asks the provider anew.
      await focusEditor(page);
      await page.keyboard.type(" Math");
      await ghostText(page, ".round(net * (1 + VAT_RATE));").waitFor({ timeout: 30_000 });
      // VS Code itself keeps showing a suggestion that the typed text matches. Dismissed and asked
      // for again , the suggestion must come from the provider, at this very position.
      await page.keyboard.press("Escape");
      await ghostText(page, ".round(net * (1 + VAT_RATE));").waitFor({ state: "detached", timeout: 15_000 });
      await runCommand(page, "Trigger Inline Suggestion");
      await ghostText(page, ".round(net * (1 + VAT_RATE));").waitFor({ timeout: 30_000 });
      const now = await stats(page);
      assert.equal(now.modelCalls, before.modelCalls, `no new generation: ${JSON.stringify(before)} -> ${JSON.stringify(now)}`);
      assert.ok(now.requests > before.requests, `the provider was asked again: ${JSON.stringify(before)} -> ${JSON.stringify(now)}`);
      assert.ok(now.cacheHits > before.cacheHits, `answered from the cache: ${JSON.stringify(before)} -> ${JSON.stringify(now)}`);
    });
  });

  it("Tab accepts the suggestion", async () => {
    const page = session!.page;
    await screenshotOnFailure(page, "completions-accept", async () => {
      // Back to a suggestion on screen (the statistics' palette hid it), then accept it.
      await focusEditor(page);
      await page.keyboard.type(".");
      await ghostText(page, "round(net * (1 + VAT_RATE));").waitFor({ timeout: 30_000 });
      await page.keyboard.press("Tab");
      const editor = page.locator(".editor-instance .monaco-editor").first();
      await editor.locator(".view-lines", { hasText: "return Math.round(net * (1 + VAT_RATE));" }).waitFor({ timeout: 15_000 });
      await page.keyboard.press("Control+S");
      await waitFor(() => readFileSync(taxFile, "utf8").includes("  return Math.round(net * (1 + VAT_RATE));\n}"), 15_000, "the accepted line saved");
      await saveScreenshot(page, "completions-accepted");
    });
  });

  it("the status-bar item turns completions off and on", async () => {
    const page = session!.page;
    await screenshotOnFailure(page, "completions-toggle", async () => {
      const item = page.locator('.part.statusbar [id="gpt-oss-local.gpt-oss-local.gptOss.inlineCompletions"]');
      await item.locator(".codicon-sparkle").waitFor({ timeout: 15_000 });
      await item.click();
      await item.locator(".codicon-circle-slash").waitFor({ timeout: 15_000 });
      const off = await stats(page);
      // Off: typing asks nothing at all (not even the cache).
      await focusEditor(page);
      await page.keyboard.press("Enter");
      await page.keyboard.type("return");
      await saveScreenshot(page, "completions-off");
      const after = await stats(page);
      assert.equal(after.requests, off.requests, `no request while off: ${JSON.stringify(off)} -> ${JSON.stringify(after)}`);
      await item.click();
      await item.locator(".codicon-sparkle").waitFor({ timeout: 15_000 });
    });
  });
});

/**
 * The editor line showing ghost text that ends with `text` (the ghost part is split into token
 * spans, so the line, not one span, holds it whole).
 */
function ghostText(page: Page, text: string) {
  return page
    .locator(".editor-instance .monaco-editor .view-line", { has: page.locator('[class*="ghost-text-decoration"]'), hasText: text })
    .first();
}

/** The completion service's counters, as the statistics command shows them. */
async function stats(page: Page): Promise<Counters> {
  // One toast at a time: VS Code merges a repeated message into the toast already shown.
  const toasts = notifications(page).filter({ hasText: "gpt-oss inline completions:" });
  if ((await toasts.count()) > 0) {
    await runCommand(page, "Notifications: Clear All Notifications");
    await toasts.first().waitFor({ state: "detached", timeout: 15_000 });
  }
  await runCommand(page, "gpt-oss: Show Inline Completion Statistics");
  await toasts.first().waitFor({ timeout: 15_000 });
  const text = (await toasts.first().textContent()) ?? "";
  const number = (pattern: RegExp) => Number(pattern.exec(text)?.[1] ?? NaN);
  const counters = { requests: number(/(\d+) request/), cacheHits: number(/(\d+) from the cache/), modelCalls: number(/(\d+) model call/) };
  assert.ok(Object.values(counters).every(Number.isFinite), `statistics read: ${text}`);
  return counters;
}
