// The message box and the toolbar: sending, new lines, stopping, the queue, new chat; and which
// of the set-up cards or the conversation the view shows for the configured model.
import assert from "node:assert/strict";
import { after, afterEach, before, beforeEach, describe, it } from "node:test";
import type { Browser } from "playwright-core";
import type { HostToWebview } from "../../src/core/protocol";
import { event, launchChromium, openWebview, text, turnStart, usableModel, type WebviewPage } from "./harness";

const absentModel: HostToWebview = { ...usableModel, model: { ...(usableModel as Extract<HostToWebview, { type: "model" }>).model, stored: { state: "absent" } } } as HostToWebview;

describe("the message box and toolbar", { timeout: 120_000 }, () => {
  let browser: Browser;
  let view: WebviewPage;
  const input = () => view.page.getByTestId("composer-input");
  const posted = async () => (await view.posted()).filter((m) => m.type !== "ready");

  before(async () => {
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    view = await openWebview(browser);
  });
  afterEach(async () => {
    await view?.close();
  });

  it("without a usable model it shows the set-up cards and no message box", async () => {
    await view.dispatch(absentModel);
    await view.page.getByTestId("download-model").waitFor();
    assert.equal(await input().isVisible(), false);
    await view.dispatch({ type: "model", model: { kind: "file", path: "/m/x.gguf", label: "x", problem: "Not a GGUF file." } });
    await view.page.getByText("Not a GGUF file.").waitFor();
    assert.equal(await input().isVisible(), false);
  });

  it("with a usable model it shows the empty conversation and focuses the message box", async () => {
    await view.dispatch(usableModel);
    await view.page.getByTestId("conversation-empty").waitFor();
    assert.equal(await input().isVisible(), true);
    assert.equal(await view.page.evaluate(() => document.activeElement?.getAttribute("data-testid")), "composer-input");
    await view.dispatch({ type: "model", model: { kind: "file", path: "/m/x.gguf", label: "My model" } });
    assert.equal(await view.page.getByTestId("toolbar-model").textContent(), "My model");
  });

  it("Enter sends the trimmed text and empties the box; Shift+Enter adds a line and the box grows", async () => {
    await view.dispatch(usableModel);
    await input().click();
    const oneLine = await input().evaluate((el) => el.getBoundingClientRect().height);
    await view.page.keyboard.type("first line");
    await view.page.keyboard.press("Shift+Enter");
    await view.page.keyboard.type("second line");
    await view.page.keyboard.press("Shift+Enter");
    await view.page.keyboard.type("third line  ");
    assert.equal(await input().inputValue(), "first line\nsecond line\nthird line  ");
    assert.ok((await input().evaluate((el) => el.getBoundingClientRect().height)) > oneLine * 1.8);
    assert.deepEqual(await posted(), []);
    await view.page.keyboard.press("Enter");
    assert.deepEqual(await posted(), [{ type: "send", text: "first line\nsecond line\nthird line" }]);
    assert.equal(await input().inputValue(), "");
  });

  it("while busy: Stop and Esc post stop, sending still works, and the queue is counted", async () => {
    await view.dispatch(usableModel, { type: "chatState", busy: true, queued: 0 });
    const stop = view.page.getByTestId("stop");
    await stop.waitFor();
    await stop.click();
    await input().fill("next question");
    await input().press("Escape");
    await input().press("Enter");
    assert.deepEqual(await posted(), [{ type: "stop" }, { type: "stop" }, { type: "send", text: "next question" }]);
    const queued = view.page.getByTestId("queued");
    await view.dispatch({ type: "chatState", busy: true, queued: 1 });
    assert.equal(await queued.textContent(), "1 message queued");
    await view.dispatch({ type: "chatState", busy: true, queued: 2 });
    assert.equal(await queued.textContent(), "2 messages queued");
    await view.dispatch({ type: "chatState", busy: false, queued: 0 });
    assert.equal(await queued.isVisible(), false);
    assert.equal(await stop.isVisible(), false);
  });

  it("Esc when nothing runs posts nothing", async () => {
    await view.dispatch(usableModel, { type: "chatState", busy: false, queued: 0 });
    await input().press("Escape");
    assert.deepEqual(await posted(), []);
  });

  it("typed text survives everything the host sends", async () => {
    await view.dispatch(usableModel);
    await input().fill("draft in progress");
    await view.dispatch(usableModel, { type: "chatState", busy: true, queued: 0 }, turnStart("t1", "q"), text("t1", "final", "a"), event("t1", { kind: "done", reason: "final", steps: 1 }), { type: "cleared" });
    assert.equal(await input().inputValue(), "draft in progress");
  });

  it("New Chat posts newChat; 'cleared' empties the transcript", async () => {
    await view.dispatch(usableModel, turnStart("t1", "question"), text("t1", "final", "answer"), event("t1", { kind: "done", reason: "final", steps: 1 }));
    await view.page.getByTestId("turn").waitFor();
    await view.page.getByTestId("new-chat").click();
    assert.deepEqual(await posted(), [{ type: "newChat" }]);
    await view.dispatch({ type: "cleared" });
    assert.equal(await view.page.getByTestId("turn").count(), 0);
    await view.page.getByTestId("conversation-empty").waitFor();
  });

  it("progress shows until the model's first words; notes and a trimmed context show inline", async () => {
    await view.dispatch(usableModel, { type: "chatState", busy: true, queued: 0 }, turnStart("t1", "q"), event("t1", { kind: "progress", text: "Loading the model…" }));
    assert.equal(await view.page.getByTestId("progress").textContent(), "Loading the model…");
    await view.dispatch(text("t1", "final", "Hello"), event("t1", { kind: "contextTrimmed", detail: "3 old tool results were shortened." }), event("t1", { kind: "notice", level: "warning", text: "Step limit is near." }));
    assert.equal(await view.page.getByTestId("progress").count(), 0);
    assert.equal(await view.page.getByTestId("context-trimmed").textContent(), "Context trimmed: 3 old tool results were shortened.");
    assert.equal(await view.page.getByTestId("notice").textContent(), "Step limit is near.");
    await view.dispatch(event("t1", { kind: "done", reason: "step-limit", steps: 25, tokensPerSecond: 8.25 }));
    assert.equal(await view.page.getByTestId("turn-footer").textContent(), "Step limit reached · 25 steps · 8.3 tok/s");
  });

  it("a finished turn is announced to screen readers; streaming text is not", async () => {
    await view.dispatch(usableModel, turnStart("t1", "q"), text("t1", "final", "streaming words"));
    assert.equal(await view.page.locator("#app").getAttribute("aria-live"), null);
    await view.dispatch(event("t1", { kind: "done", reason: "final", steps: 1 }));
    await view.page.waitForFunction(() => document.querySelector('[data-testid="announcer"]')?.textContent === "Answer complete");
  });
});
