// Every host message is validated on arrival: one that does not fit the protocol is logged and
// dropped, and the view carries on with the next valid one.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser } from "playwright-core";
import { event, launchChromium, openWebview, text, turnStart, usableModel, type WebviewPage } from "./harness";

describe("invalid host messages", { timeout: 120_000 }, () => {
  let browser: Browser;
  let view: WebviewPage;

  before(async () => {
    browser = await launchChromium();
    view = await openWebview(browser);
    await view.dispatch(usableModel, turnStart("t1", "hello"), text("t1", "final", "First part. "));
  });

  after(async () => {
    await view?.close();
    await browser?.close();
  });

  it("drops each malformed message with a warning, without a page error", async () => {
    const invalid = [
      null,
      42,
      "turnEvent",
      [],
      { type: "deleteEverything" },
      { type: "turnEvent", turnId: "t1" },
      { type: "turnEvent", turnId: "t1", event: { kind: "bogus" } },
      { type: "turnEvent", turnId: "t1", event: { kind: "text", channel: "final", text: 7 } },
      { type: "turnEvent", turnId: "t1", event: { kind: "text", channel: "shout", text: "x" } },
      { type: "chatState", busy: "yes", queued: 1 },
      { type: "turnStart", turnId: 5, text: "x" },
      { type: "model", model: { kind: "catalog" } },
      { type: "turnEvent", turnId: "t1", event: { kind: "toolResult", callId: "c1" } },
    ];
    await view.dispatch(...invalid);
    const warnings = view.problems.filter((line) => line.includes("dropped an invalid message"));
    assert.equal(warnings.length, invalid.length);
    assert.deepEqual(view.problems.filter((line) => line.startsWith("[pageerror]")), []);
  });

  it("keeps rendering the valid messages around them", async () => {
    await view.dispatch(text("t1", "final", "Second **part**."), { type: "turnEvent", turnId: "t1", event: { kind: "nope" } }, event("t1", { kind: "done", reason: "final", steps: 1 }));
    await view.page.getByTestId("answer").locator("strong").waitFor();
    assert.equal((await view.page.getByTestId("answer").textContent())?.trim(), "First part. Second part.");
    assert.equal(await view.page.getByTestId("turn").count(), 1);
  });

  it("ignores events for tool calls it never saw", async () => {
    await view.dispatch(turnStart("t2", "again"), event("t2", { kind: "toolResult", callId: "ghost", isError: false, summary: "x", preview: "", durationMs: 1 }), text("t2", "final", "ok"));
    await view.page.locator('[data-turn-id="t2"] [data-testid="answer"]', { hasText: "ok" }).waitFor();
    assert.equal(await view.page.getByTestId("tool-card").count(), 0);
  });

  it("sends only valid messages itself", async () => {
    // Each posted message passed WebviewToHost.parse in send(); an empty message is never sent.
    await view.page.getByTestId("composer-input").fill("   ");
    await view.page.getByTestId("composer-input").press("Enter");
    assert.deepEqual((await view.posted()).map((m) => m.type), ["ready"]);
  });
});
