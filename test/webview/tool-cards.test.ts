// Tool cards: arguments, status, results, and the approval buttons, whose answers are posted to
// the host; the buttons go only when the host's approval event confirms the decision.
import assert from "node:assert/strict";
import { after, afterEach, before, beforeEach, describe, it } from "node:test";
import type { Browser } from "playwright-core";
import { event, launchChromium, openWebview, turnStart, usableModel, type WebviewPage } from "./harness";

describe("tool cards", { timeout: 120_000 }, () => {
  let browser: Browser;
  let view: WebviewPage;

  before(async () => {
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    view = await openWebview(browser);
    await view.dispatch(usableModel, { type: "chatState", busy: true, queued: 0 }, turnStart("t1", "Fix the import"));
  });
  afterEach(async () => {
    await view?.close();
  });

  const editCall = event("t1", { kind: "toolCall", callId: "c1", name: "edit_file", invocation: "Editing src/a.ts", arguments: '{"path":"src/a.ts","line":3}', risk: "edit" });
  const editApproval = event("t1", { kind: "approvalRequested", callId: "c1", preview: { kind: "edit", path: "src/a.ts", create: false, added: 2, removed: 1 } });
  const card = () => view.page.getByTestId("tool-card");

  it("shows the invocation, the tool's name, pretty-printed arguments and Running", async () => {
    await view.dispatch(editCall);
    assert.equal(await card().locator(".tool-invocation").textContent(), "Editing src/a.ts");
    assert.equal(await card().locator(".tool-name").textContent(), "edit_file");
    assert.equal(await card().getByTestId("tool-status").textContent(), "Running");
    await card().locator(".tool-args summary").click();
    assert.equal(await card().locator(".tool-args code").textContent(), '{\n  "path": "src/a.ts",\n  "line": 3\n}');
  });

  it("Approve posts the decision and disables the buttons until the host confirms", async () => {
    await view.dispatch(editCall, editApproval);
    assert.equal(await card().getByTestId("tool-status").textContent(), "Awaiting approval");
    assert.match((await card().locator(".tool-change").textContent()) ?? "", /Edit src\/a\.ts \+2 −1/);
    await card().getByTestId("approve").click();
    assert.deepEqual((await view.posted()).at(-1), { type: "approve", callId: "c1", decision: "approve" });
    assert.equal(await card().getByTestId("deny").isDisabled(), true);
    await view.dispatch(event("t1", { kind: "approval", callId: "c1", approved: true }));
    assert.equal(await card().getByTestId("approve").count(), 0);
    assert.equal(await card().getByTestId("tool-status").textContent(), "Running");
    await view.dispatch(event("t1", { kind: "toolResult", callId: "c1", isError: false, summary: "Edited src/a.ts", preview: "@@ -3 +3,2 @@", durationMs: 12 }));
    assert.equal(await card().getByTestId("tool-status").textContent(), "Done");
    assert.match((await card().getByTestId("tool-summary").textContent()) ?? "", /^Edited src\/a\.ts12 ms$/);
    await card().locator(".tool-output summary").click();
    assert.equal(await card().locator(".tool-output pre").textContent(), "@@ -3 +3,2 @@");
  });

  it("an edit to a file that configures code to run says why it is asked, and offers no Always Allow", async () => {
    const why = ".vscode/tasks.json configures code to run: VS Code tasks run commands, some as soon as the folder opens.";
    await view.dispatch(
      event("t1", { kind: "toolCall", callId: "c1", name: "edit_file", invocation: "Editing .vscode/tasks.json", arguments: '{"path":".vscode/tasks.json"}', risk: "edit" }),
      event("t1", { kind: "approvalRequested", callId: "c1", preview: { kind: "edit", path: ".vscode/tasks.json", create: false, added: 3, removed: 0, why } }),
    );
    assert.equal(await card().getByTestId("approval-why").textContent(), `Asked even if edits are always allowed: ${why}`);
    assert.equal(await card().getByTestId("always-allow").count(), 0);
    assert.equal(await card().getByTestId("approve").count(), 1);
    assert.equal(await card().getByTestId("deny").count(), 1);
    await view.screenshot("tool-card-runs-code");
  });

  it("an ordinary edit still offers Always Allow", async () => {
    await view.dispatch(editCall, editApproval);
    assert.equal(await card().getByTestId("always-allow").count(), 1);
    assert.equal(await card().getByTestId("approval-why").count(), 0);
  });

  it("Deny sends the optional reason; the card then says Denied with it", async () => {
    await view.dispatch(editCall, editApproval);
    await card().getByTestId("deny-reason").fill("Wrong file");
    await card().getByTestId("deny").click();
    assert.deepEqual((await view.posted()).at(-1), { type: "approve", callId: "c1", decision: "deny", reason: "Wrong file" });
    await view.dispatch(event("t1", { kind: "approval", callId: "c1", approved: false, reason: "Wrong file" }));
    assert.equal(await card().getByTestId("tool-status").textContent(), "Denied");
    assert.equal(await card().locator(".tool-note").textContent(), "Denied: Wrong file");
    assert.equal(await card().getByTestId("deny-reason").count(), 0);
    // The refusal comes back as the call's (error) result, for the model: the card stays Denied.
    await view.dispatch(event("t1", { kind: "toolResult", callId: "c1", isError: true, summary: "Denied", preview: "The user denied this.", durationMs: 900 }));
    assert.equal(await card().getByTestId("tool-status").textContent(), "Denied");
  });

  it("Deny without a reason sends none; Enter in the reason field denies", async () => {
    await view.dispatch(editCall, editApproval);
    await card().getByTestId("deny-reason").press("Enter");
    assert.deepEqual((await view.posted()).at(-1), { type: "approve", callId: "c1", decision: "deny" });
  });

  it("Always Allow posts 'always'; Show Diff posts showDiff and leaves the decision open", async () => {
    await view.dispatch(editCall, editApproval);
    await card().getByTestId("show-diff").click();
    assert.deepEqual((await view.posted()).at(-1), { type: "showDiff", callId: "c1" });
    assert.equal(await card().getByTestId("approve").isEnabled(), true);
    await card().getByTestId("always-allow").click();
    assert.deepEqual((await view.posted()).at(-1), { type: "approve", callId: "c1", decision: "always" });
  });

  it("a command's approval shows the command and its folder, and no Show Diff", async () => {
    await view.dispatch(
      event("t1", { kind: "toolCall", callId: "c2", name: "run_command", invocation: "Running npm test", arguments: '{"command":"npm test"}', risk: "run" }),
      event("t1", { kind: "approvalRequested", callId: "c2", preview: { kind: "command", command: "npm test", cwd: "app" } }),
    );
    assert.equal(await card().locator(".tool-command").textContent(), "$ npm test");
    assert.equal(await card().locator(".tool-cwd").textContent(), "in app");
    assert.equal(await card().getByTestId("show-diff").count(), 0);
  });

  it("a failed tool says Failed with its summary", async () => {
    await view.dispatch(
      event("t1", { kind: "toolCall", callId: "c3", name: "read_file", invocation: "Reading nope.ts", arguments: '{"path":"nope.ts"}' }),
      event("t1", { kind: "toolResult", callId: "c3", isError: true, summary: "No such file: nope.ts", preview: "ENOENT", durationMs: 1 }),
    );
    assert.equal(await card().getByTestId("tool-status").textContent(), "Failed");
    assert.equal(await card().evaluate((el) => el.dataset.status), "failed");
  });

  it("a turn stopped while a tool waits marks the card Stopped and removes the buttons", async () => {
    await view.dispatch(editCall, editApproval, event("t1", { kind: "done", reason: "cancelled", steps: 1 }));
    assert.equal(await card().getByTestId("tool-status").textContent(), "Stopped");
    assert.equal(await card().getByTestId("approve").count(), 0);
    assert.equal(await view.page.getByTestId("turn-footer").textContent(), "Stopped");
  });

  it("the approval buttons are reachable with the keyboard", async () => {
    await view.dispatch(editCall, editApproval);
    await card().getByTestId("show-diff").focus();
    await view.page.keyboard.press("Tab");
    assert.equal(await view.page.evaluate(() => document.activeElement?.getAttribute("data-testid")), "approve");
    await view.page.keyboard.press("Enter");
    assert.deepEqual((await view.posted()).at(-1), { type: "approve", callId: "c1", decision: "approve" });
  });
});
