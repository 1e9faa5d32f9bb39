// The toolbar (engine state, effort, history), context chips with `@`, and code blocks' Insert and
// Apply, in the real bundle: what the view posts, and what it shows for what the host says.
import assert from "node:assert/strict";
import { after, afterEach, before, beforeEach, describe, it } from "node:test";
import type { Browser } from "playwright-core";
import type { Attachment, HostToWebview } from "../../src/core/protocol";
import { event, launchChromium, openWebview, text, turnStart, usableModel, type WebviewPage } from "./harness";

const selection: Attachment = { kind: "selection", path: "src/tax.ts", languageId: "typescript", startLine: 3, endLine: 5, text: "export const VAT_RATE = 0.2;" };
const file: Attachment = { kind: "file", path: "src/invoice.ts", languageId: "typescript", text: "export {};" };

describe("toolbar, attachments and code actions", { timeout: 120_000 }, () => {
  let browser: Browser;
  let view: WebviewPage;
  const posted = async () => (await view.posted()).filter((m) => m.type !== "ready");

  before(async () => {
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    view = await openWebview(browser);
    await view.dispatch(usableModel);
  });
  afterEach(async () => {
    await view?.close();
  });

  it("shows the engine's state, and a failed load with its action", async () => {
    const badge = view.page.getByTestId("engine-state");
    assert.equal(await badge.textContent(), "Not loaded");
    await view.dispatch({ type: "engine", state: { kind: "downloading", percent: 42 } });
    assert.equal(await badge.textContent(), "Downloading 42%");
    await view.dispatch({ type: "engine", state: { kind: "loading", stage: "loading the model", percent: 30 } });
    assert.equal(await badge.textContent(), "Loading 30%");
    await view.dispatch({ type: "engine", state: { kind: "ready", device: "CUDA", detail: "gpt-oss-20b on CUDA", tokensPerSecond: 41.6 } });
    assert.equal(await badge.textContent(), "Ready · CUDA");
    assert.match((await badge.getAttribute("title")) ?? "", /gpt-oss-20b on CUDA · last answer 42 tokens\/s/);
    assert.equal(await view.page.getByTestId("engine-alert").isVisible(), false);
    await view.dispatch({ type: "engine", state: { kind: "error", message: "Not enough memory for 32,768 tokens.", action: "openSettings" } });
    assert.equal(await badge.textContent(), "Error");
    const alert = view.page.getByTestId("engine-alert");
    assert.match((await alert.textContent()) ?? "", /Not enough memory/);
    await alert.getByRole("button", { name: "Open Settings" }).click();
    assert.deepEqual(await posted(), [{ type: "openSettings" }]);
  });

  it("the effort picker posts setEffort and follows the host's effort", async () => {
    const effort = view.page.getByTestId("effort");
    assert.equal(await effort.inputValue(), "medium");
    await effort.selectOption("high");
    assert.deepEqual(await posted(), [{ type: "setEffort", effort: "high" }]);
    await view.dispatch({ type: "effort", effort: "low" });
    assert.equal(await effort.inputValue(), "low");
  });

  it("history: lists title and date, opens, renames and deletes (confirmed) from the keyboard", async () => {
    const chats = [
      { id: "c2", title: "Raise the VAT rate", updatedAt: new Date().toISOString(), turns: 2 },
      { id: "c1", title: "Explain the parser", updatedAt: "2026-01-05T10:00:00.000Z", turns: 1 },
    ];
    await view.dispatch({ type: "history", chats, currentId: "c2" });
    await view.page.getByTestId("history").click();
    assert.deepEqual(await posted(), [{ type: "listChats" }]);
    const rows = view.page.getByTestId("history-row");
    assert.equal(await rows.count(), 2);
    assert.match((await rows.nth(0).textContent()) ?? "", /Raise the VAT rate.*Today.*open/);
    assert.match((await rows.nth(1).textContent()) ?? "", /Explain the parser.*2026/);
    // Focus starts on the first conversation; Tab walks its actions.
    assert.equal(await view.page.evaluate(() => document.activeElement?.getAttribute("data-testid")), "history-open");

    await rows.nth(1).getByTestId("history-rename").click();
    const input = view.page.getByTestId("history-rename-input");
    await input.waitFor();
    assert.equal(await view.page.evaluate(() => document.activeElement?.getAttribute("data-testid")), "history-rename-input");
    await input.fill("Parser walkthrough");
    await input.press("Enter");
    await rows.nth(1).getByTestId("history-delete").focus();
    await view.page.keyboard.press("Enter");
    assert.equal((await posted()).some((m) => m.type === "deleteChat"), false, "the first press only asks");
    await view.page.keyboard.press("Enter");
    await rows.nth(1).getByTestId("history-open").click();
    assert.deepEqual((await posted()).slice(1), [
      { type: "renameChat", id: "c1", title: "Parser walkthrough" },
      { type: "deleteChat", id: "c1" },
      { type: "openChat", id: "c1" },
    ]);
    assert.equal(await view.page.getByTestId("history-panel").isVisible(), false);
  });

  it("Esc closes the history and gives focus back to its button", async () => {
    await view.dispatch({ type: "history", chats: [] });
    await view.page.getByTestId("history").click();
    await view.page.getByText("No saved conversations yet").waitFor();
    await view.page.keyboard.press("Escape");
    assert.equal(await view.page.getByTestId("history-panel").isVisible(), false);
    assert.equal(await view.page.evaluate(() => document.activeElement?.getAttribute("data-testid")), "history");
  });

  it("attachments: asked for, shown as chips, removable, and sent with the message", async () => {
    await view.page.getByTestId("attach-selection").click();
    await view.page.getByTestId("attach-file").click();
    assert.deepEqual(await posted(), [
      { type: "attach", what: "selection" },
      { type: "attach", what: "file" },
    ]);
    await view.dispatch({ type: "attached", attachment: selection }, { type: "attached", attachment: file }, { type: "attached", attachment: { kind: "problems", text: "a.ts:1:1: error: x", count: 1 } });
    const chips = view.page.getByTestId("attachment-chip");
    assert.deepEqual(await chips.allTextContents(), ["tax.ts:3-5", "invoice.ts", "Problems (1)"]);
    await chips.nth(2).getByTestId("remove-attachment").click();
    assert.equal(await chips.count(), 2);
    await view.dispatch({ type: "attachFailed", text: "src/.env looks like a secret file." });
    assert.equal(await view.page.getByTestId("attach-note").textContent(), "src/.env looks like a secret file.");

    await view.page.getByTestId("composer-input").fill("Why is this wrong?");
    await view.page.getByTestId("composer-input").press("Enter");
    const sent = (await posted()).filter((m) => m.type === "send");
    assert.deepEqual(sent, [{ type: "send", text: "Why is this wrong?", attachments: [selection, file] }]);
    assert.equal(await chips.count(), 0, "sent chips leave the box");
    await view.dispatch(turnStart("t1", "Why is this wrong?"), { type: "turnStart", turnId: "t1", text: "Why is this wrong?", attachments: [selection, file] });
    assert.match((await view.page.getByTestId("turn").textContent()) ?? "", /tax\.ts:3-5.*invoice\.ts/);
  });

  it("@ at a word's start asks for the file picker and leaves no @ behind; inside a word it is text", async () => {
    const input = view.page.getByTestId("composer-input");
    await input.click();
    await view.page.keyboard.type("look at @");
    assert.equal(await input.inputValue(), "look at ");
    await view.page.keyboard.type("mail me@example.com");
    assert.equal(await input.inputValue(), "look at mail me@example.com");
    assert.deepEqual(await posted(), [{ type: "attach", what: "pickFile" }]);
  });

  it("a code block naming a file offers Apply to it (without the path comment) and shows the approval", async () => {
    await view.dispatch(turnStart("t1", "Fix it"), text("t1", "final", "Here:\n\n```ts\n// src/tax.ts\nexport const VAT_RATE = 0.21;\n```\n"), event("t1", { kind: "done", reason: "final", steps: 1 }));
    const block = view.page.getByTestId("code-block");
    const apply = block.getByTestId("apply-code");
    await apply.waitFor();
    assert.match((await apply.getAttribute("title")) ?? "", /src\/tax\.ts/);
    await apply.click();
    const request = (await posted()).find((m) => m.type === "applyCode");
    assert.ok(request && request.type === "applyCode");
    assert.deepEqual({ code: request.code, path: request.path }, { code: "export const VAT_RATE = 0.21;", path: "src/tax.ts" });

    const blockId = request.blockId;
    await view.dispatch({ type: "applyState", blockId, apply: { state: "awaiting", callId: "apply-1", preview: { kind: "edit", path: "src/tax.ts", create: false, added: 1, removed: 1 } } });
    await block.getByTestId("apply-show-diff").click();
    await block.getByTestId("apply-approve").click();
    const answers = (await posted()).filter((m) => m.type === "showDiff" || m.type === "approve");
    assert.deepEqual(answers, [
      { type: "showDiff", callId: "apply-1" },
      { type: "approve", callId: "apply-1", decision: "approve" },
    ]);
    await view.dispatch({ type: "applyState", blockId, apply: { state: "applied", text: "Applied to src/tax.ts (+1 −1)." } });
    assert.match((await block.getByTestId("apply-area").textContent()) ?? "", /Applied to src\/tax\.ts/);
  });

  it("a fence whose info string streams in token by token still offers Apply to the file it names", async () => {
    await view.dispatch(turnStart("t1", "Fix it"));
    for (const chunk of ["Here:\n\n", "```", "ts", " src", "/tax", ".ts", "\n", "export const", " VAT_RATE = 0.21;\n"]) {
      await view.dispatch(text("t1", "final", chunk));
      await view.settle();
    }
    const apply = view.page.getByTestId("code-block").getByTestId("apply-code");
    assert.equal(await apply.isVisible(), true, "while the block still streams");
    assert.match((await apply.getAttribute("title")) ?? "", /src\/tax\.ts/);
    await view.dispatch(text("t1", "final", "```\nDone."), event("t1", { kind: "done", reason: "final", steps: 1 }));
    assert.match((await apply.getAttribute("title")) ?? "", /src\/tax\.ts/);
  });

  it("a block naming no file offers Apply only when its language fits the active editor; Insert always", async () => {
    await view.dispatch(turnStart("t1", "Show me"), text("t1", "final", "```python\nprint(1)\n```\n"), event("t1", { kind: "done", reason: "final", steps: 1 }));
    const block = view.page.getByTestId("code-block");
    await block.waitFor();
    assert.equal(await block.getByTestId("apply-code").isVisible(), false);
    const editor = (languageId: string): HostToWebview => ({ type: "activeEditor", editor: { path: "app/main.py", languageId, hasSelection: true } });
    await view.dispatch(editor("python"));
    assert.equal(await block.getByTestId("apply-code").isVisible(), true);
    assert.match((await block.getByTestId("apply-code").getAttribute("title")) ?? "", /selection in app\/main\.py/);
    await view.dispatch(editor("typescript"));
    assert.equal(await block.getByTestId("apply-code").isVisible(), false);
    await block.getByTestId("insert-code").click();
    assert.deepEqual((await posted()).filter((m) => m.type === "insertCode"), [{ type: "insertCode", code: "print(1)" }]);
  });

  it("tool-card arguments get Copy only", async () => {
    await view.dispatch(turnStart("t1", "Read"), event("t1", { kind: "toolCall", callId: "c1", name: "read_file", invocation: "Reading a.ts", arguments: '{"path":"a.ts"}', risk: "read" }));
    await view.page.getByTestId("tool-card").locator("summary").click();
    const args = view.page.getByTestId("tool-card").getByTestId("code-block");
    assert.equal(await args.getByTestId("copy-code").isVisible(), true);
    assert.equal(await args.getByTestId("insert-code").count(), 0);
  });
});
