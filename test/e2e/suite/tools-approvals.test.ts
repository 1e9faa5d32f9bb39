// Approvals in the real workbench: an edit opens VS Code's diff editor on the proposed text, the
// first answer (notification or chat) wins, "Always allow" sticks per tool, a cancel abandons the
// request. The notification's answers come from a stand-in here (a test cannot click a toast);
// everything else is the production service.
import * as assert from "assert";
import { promises as fs } from "fs";
import * as vscode from "vscode";
import type { ApprovalDecision, ApprovalRequest } from "../../../src/core/agent/types";
import { applyPatchTool } from "../../../src/core/tools/applyPatch/tool";
import { ALL_TOOLS, findTool } from "../../../src/core/tools/registry";
import { ALWAYS_ALLOW, APPROVE, ApprovalService, DENY, type ApprovalPrompts } from "../../../src/vscode/tools/approvals";
import { isProposalTab, PROPOSED_SCHEME } from "../../../src/vscode/tools/proposedDiff";
import { addAlwaysAllowed, isAlwaysAllowed, TOOL_SETTING_KEYS } from "../../../src/vscode/tools/toolSettings";
import { createScratchFolder, eventually, type ScratchFolder } from "./scratchFolder";

/** Notification answers the test controls: each `ask` waits until the test answers it. */
class ScriptedPrompts implements ApprovalPrompts {
  asked: string[] = [];
  private answerNext: ((choice: string | undefined) => void) | undefined;
  reasonText: string | undefined;

  ask(message: string): Thenable<string | undefined> {
    this.asked.push(message);
    return new Promise((resolve) => (this.answerNext = resolve));
  }
  answer(choice: string | undefined): void {
    this.answerNext?.(choice);
  }
  reason(): Thenable<string | undefined> {
    return Promise.resolve(this.reasonText);
  }
}

const editTool = findTool(ALL_TOOLS, "edit_file")!;
const commandTool = findTool(ALL_TOOLS, "run_command")!;

function memoryStore() {
  const allowed = new Set<string>();
  return { allowed, has: (name: string) => allowed.has(name), add: async (name: string) => void allowed.add(name) };
}

const proposalTabs = () => vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => isProposalTab(tab));

suite("tools: approvals", () => {
  let scratch: ScratchFolder;
  let file: string;
  let nextId = 1;

  suiteSetup(async () => {
    scratch = await createScratchFolder("approvals");
    file = await scratch.write("proposed.ts", "export const answer = 41;\n");
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand("workbench.action.closeAllEditors");
    await scratch?.dispose();
  });

  function editRequest(): ApprovalRequest {
    const callId = `call-${nextId++}`;
    const before = "export const answer = 41;\n";
    return {
      callId,
      tool: editTool,
      params: {},
      invocation: `Editing ${scratch.display(file)}`,
      change: { kind: "edit", path: scratch.display(file), absolute: file, before, after: "export const answer = 42;\n", create: false },
    };
  }

  function commandRequest(): ApprovalRequest {
    return {
      callId: `call-${nextId++}`,
      tool: commandTool,
      params: {},
      invocation: "Running npm test",
      change: { kind: "command", command: "npm test", cwd: scratch.workspace, cwdLabel: "." },
    };
  }

  test("an edit opens VS Code's diff editor on the proposed text, and a chat answer decides", async () => {
    const prompts = new ScriptedPrompts();
    const approvals = new ApprovalService({ prompts, alwaysAllow: memoryStore() });
    const request = editRequest();
    const decision = approvals.approver(request, new AbortController().signal);

    const tab = await eventually(() => proposalTabs().find((t) => isProposalTab(t, request.callId)), 10_000);
    assert.ok(tab, "no diff tab opened");
    assert.match(tab.label, /proposed by gpt-oss/);
    const input = tab.input as vscode.TabInputTextDiff;
    assert.strictEqual(input.original.fsPath, file, "the left side is the file itself");
    assert.strictEqual(input.modified.scheme, PROPOSED_SCHEME);
    const proposed = await vscode.workspace.openTextDocument(input.modified);
    assert.strictEqual(proposed.getText(), "export const answer = 42;\n");
    assert.match(prompts.asked[0] ?? "", /wants to edit .*proposed\.ts \(\+1 −1\)/);

    assert.strictEqual(approvals.resolve(request.callId, { approved: true }), true);
    assert.deepStrictEqual(await decision, { approved: true });
    // The notification's late click is ignored; the chat answered first.
    prompts.answer(DENY);
    assert.strictEqual(approvals.resolve(request.callId, { approved: false }), false, "already decided");
    assert.deepStrictEqual(approvals.pendingCallIds(), []);
    await eventually(() => (proposalTabs().length === 0 ? true : undefined), 5_000);
    assert.strictEqual(proposalTabs().length, 0, "the diff tab closes once decided");
    approvals.dispose();
  });

  test("showDiff reopens the diff of a proposal", async () => {
    const prompts = new ScriptedPrompts();
    const approvals = new ApprovalService({ prompts, alwaysAllow: memoryStore(), openDiff: false });
    const request = editRequest();
    const decision = approvals.approver(request, new AbortController().signal);
    assert.strictEqual(proposalTabs().length, 0);
    assert.strictEqual(await approvals.showDiff(request.callId), true);
    assert.ok(await eventually(() => proposalTabs().find((t) => isProposalTab(t, request.callId)), 5_000));
    assert.strictEqual(await approvals.showDiff("no-such-call"), false);
    approvals.resolve(request.callId, { approved: false });
    await decision;
    approvals.dispose();
  });

  test("the notification's Deny wins when it comes first, with the reason typed", async () => {
    const prompts = new ScriptedPrompts();
    prompts.reasonText = "  use pnpm  ";
    const approvals = new ApprovalService({ prompts, alwaysAllow: memoryStore() });
    const request = commandRequest();
    const decision = approvals.approver(request, new AbortController().signal);
    assert.match(prompts.asked[0] ?? "", /wants to run `npm test` in \./);
    prompts.answer(DENY);
    assert.deepStrictEqual(await decision, { approved: false, reason: "use pnpm" } satisfies ApprovalDecision);
    assert.strictEqual(approvals.resolve(request.callId, { approved: true }), false);
    approvals.dispose();
  });

  test("a patch opens one diff per file, and Always allow given to edit_file covers apply_patch", async () => {
    const prompts = new ScriptedPrompts();
    const store = memoryStore();
    const approvals = new ApprovalService({ prompts, alwaysAllow: store });
    const other = await scratch.write("other.ts", "export const other = 1;\n");
    const before = "export const answer = 41;\n";
    const patchRequest = (): ApprovalRequest => ({
      callId: `call-${nextId++}`,
      tool: applyPatchTool,
      params: {},
      invocation: "Patching 2 files",
      change: {
        kind: "patch",
        files: [
          { action: "update", path: scratch.display(file), absolute: file, before, after: "export const answer = 42;\n" },
          { action: "update", path: scratch.display(other), absolute: other, before: "export const other = 1;\n", after: "export const other = 2;\n" },
        ],
      },
    });
    const decision = approvals.approver(patchRequest(), new AbortController().signal);
    assert.ok(await eventually(() => (proposalTabs().length === 2 ? true : undefined), 10_000), "both diffs open");
    assert.match(prompts.asked.at(-1) ?? "", /wants to patch .*proposed\.ts \(\+1 −1\), .*other\.ts \(\+1 −1\)/);
    prompts.answer(APPROVE);
    assert.deepStrictEqual(await decision, { approved: true });
    assert.ok(await eventually(() => (proposalTabs().length === 0 ? true : undefined), 10_000), "both diffs closed after the answer");

    await store.add("edit_file");
    const asked = prompts.asked.length;
    assert.deepStrictEqual(await approvals.approver(patchRequest(), new AbortController().signal), { approved: true });
    assert.strictEqual(prompts.asked.length, asked, "not asked: edit_file is always allowed");
    approvals.dispose();
  });

  test("Approve in the notification approves this call only", async () => {
    const prompts = new ScriptedPrompts();
    const store = memoryStore();
    const approvals = new ApprovalService({ prompts, alwaysAllow: store });
    const decision = approvals.approver(commandRequest(), new AbortController().signal);
    prompts.answer(APPROVE);
    assert.deepStrictEqual(await decision, { approved: true });
    assert.strictEqual(store.allowed.size, 0);
    approvals.dispose();
  });

  test("Always allow is remembered per tool, and that tool is then approved without asking", async () => {
    const prompts = new ScriptedPrompts();
    const store = memoryStore();
    const approvals = new ApprovalService({ prompts, alwaysAllow: store });
    const first = approvals.approver(commandRequest(), new AbortController().signal);
    prompts.answer(ALWAYS_ALLOW);
    assert.deepStrictEqual(await first, { approved: true, always: true });
    assert.deepStrictEqual([...store.allowed], ["run_command"]);

    const asked = prompts.asked.length;
    assert.deepStrictEqual(await approvals.approver(commandRequest(), new AbortController().signal), { approved: true });
    assert.strictEqual(prompts.asked.length, asked, "not asked again");
    // Another tool still asks.
    const edit = approvals.approver(editRequest(), new AbortController().signal);
    assert.strictEqual(prompts.asked.length, asked + 1);
    prompts.answer(APPROVE);
    await edit;
    approvals.dispose();
  });

  test("a cancelled run abandons its pending request", async () => {
    const prompts = new ScriptedPrompts();
    const approvals = new ApprovalService({ prompts, alwaysAllow: memoryStore() });
    const abort = new AbortController();
    const request = editRequest();
    const decision = approvals.approver(request, abort.signal);
    assert.deepStrictEqual(approvals.pendingCallIds(), [request.callId]);
    abort.abort();
    const settled = await decision;
    assert.strictEqual(settled.approved, false);
    assert.deepStrictEqual(approvals.pendingCallIds(), []);
    assert.strictEqual(approvals.resolve(request.callId, { approved: true }), false);
    assert.strictEqual(await fs.readFile(file, "utf8"), "export const answer = 41;\n", "nothing was applied");
    approvals.dispose();
  });

  test("Always allow is stored in the user settings (the only place it is read from), where it can be revoked", async () => {
    const config = () => vscode.workspace.getConfiguration();
    try {
      assert.strictEqual(isAlwaysAllowed("create_file"), false);
      await addAlwaysAllowed("create_file");
      assert.strictEqual(isAlwaysAllowed("create_file"), true);
      assert.deepStrictEqual(config().inspect(TOOL_SETTING_KEYS.alwaysAllow)?.globalValue, ["create_file"]);
      await config().update(TOOL_SETTING_KEYS.alwaysAllow, undefined, vscode.ConfigurationTarget.Global);
      assert.strictEqual(isAlwaysAllowed("create_file"), false);
    } finally {
      await config().update(TOOL_SETTING_KEYS.alwaysAllow, undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
