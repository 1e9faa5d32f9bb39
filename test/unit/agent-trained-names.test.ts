// The names gpt-oss reaches for from its training run our real tools (on a real temporary
// workspace, through the agent loop): repo_browser.*, container.exec / shell / exec / bash, a
// declared tool without `functions.`, the trained argument shapes. Anything else gets a message
// listing what is available. The loop guard answers the third identical call with a note and
// stops at the fifth.
import assert from "node:assert/strict";
import { afterEach, beforeEach, test } from "node:test";
import { runAgent } from "../../src/core/agent/loop";
import { adaptArguments, commandLine, resolveRecipient } from "../../src/core/agent/trainedNames";
import type { Approver } from "../../src/core/agent/types";
import { modelToolSet } from "../../src/core/tools/modelTools";
import { availableTools } from "../../src/core/tools/registry";
import { agentOptions, approveAll, conversationFor, finalText, recorder } from "../helpers/agentFixtures";
import { scriptedTurns } from "../helpers/scriptedTurns";
import { makeWorkspace, type TestWorkspace } from "./tools-fixture";

let ws: TestWorkspace;
beforeEach(() => {
  ws = makeWorkspace({ app: { "src/a.txt": "alpha\nbeta\ngamma\n", "README.md": "# app\n" } });
});
afterEach(() => ws.remove());

const toolSet = () => modelToolSet(availableTools({ trusted: true, languageServices: false }));

/** A call as gpt-oss writes it to any recipient. */
const call = (recipient: string, args: string, channel = "commentary") => `<|channel|>${channel} to=${recipient} <|constrain|>json<|message|>${args}<|call|>`;

async function run(steps: string[], approve: Approver = approveAll) {
  const { declared, hidden } = toolSet();
  const script = scriptedTurns([...steps, finalText("Done.")]);
  const log = recorder();
  const result = await runAgent(
    agentOptions({ conversation: conversationFor(declared, "Go."), tools: declared, hiddenTools: hidden, generate: script.generate, approve, toolContext: { env: ws.env }, onEvent: log.onEvent }),
  );
  const results = result.conversation.filter((m) => m.role === "tool").map((m) => String(m.content));
  return { result, log, results, cards: log.of("tool-call").map((e) => e.name), approvals: log.of("approval-requested") };
}

test("the model is shown apply_patch instead of edit_file/create_file, which stay callable", () => {
  const { declared, hidden } = toolSet();
  assert.ok(declared.some((t) => t.name === "apply_patch"));
  assert.deepEqual(declared.filter((t) => t.name === "edit_file" || t.name === "create_file"), []);
  assert.deepEqual(hidden.map((t) => t.name), ["edit_file", "create_file"]);
  assert.deepEqual(modelToolSet(availableTools({ trusted: false, languageServices: false })).declared.filter((t) => t.risk !== "read"), [], "Restricted Mode: no apply_patch");
});

test("repo_browser.open_file with line_start/line_end reads the file, and the card names read_file", async () => {
  const { results, cards } = await run([call("repo_browser.open_file", '{"path":"src/a.txt","line_start":2,"line_end":3}')]);
  assert.deepEqual(cards, ["read_file"]);
  assert.match(results[0]!, /2\| beta\n3\| gamma/);
  assert.doesNotMatch(results[0]!, /alpha/);
});

test("repo_browser.list_dir, .print_tree and .search run list_directory and search_text", async () => {
  const { results, cards } = await run([
    call("repo_browser.list_dir", '{"path":"src"}'),
    call("repo_browser.print_tree", '{"path":".","depth":2}'),
    call("repo_browser.search", '{"query":"gamma","topn":5}'),
  ]);
  assert.deepEqual(cards, ["list_directory", "list_directory", "search_text"]);
  assert.match(results[0]!, /a\.txt/);
  assert.match(results[1]!, /README\.md/);
  assert.match(results[2]!, /src\/a\.txt/);
});

test("repo_browser.apply_patch, and a raw patch as the whole argument, edit through apply_patch with its approval", async () => {
  const patch = "*** Begin Patch\n*** Update File: src/a.txt\n@@\n-beta\n+BETA\n*** End Patch";
  const { cards, approvals } = await run([call("repo_browser.apply_patch", patch)]);
  assert.deepEqual(cards, ["apply_patch"]);
  assert.equal(approvals[0]?.change.kind, "patch");
  assert.equal(ws.read("src/a.txt"), "alpha\nBETA\ngamma\n");
});

test("container.exec, shell, exec and bash run run_command with its approval: argv joined safely, bash -lc unwrapped, workdir", async () => {
  const asked: string[] = [];
  const approve: Approver = async (request) => {
    if (request.change.kind === "command") asked.push(`${request.change.command} @ ${request.change.cwdLabel}`);
    return { approved: true };
  };
  const { cards, results } = await run(
    [
      call("container.exec", '{"cmd":["bash","-lc","echo hi > out.txt"],"workdir":"src"}'),
      call("shell", '{"command":["printf","%s","it\'s here"]}'),
      call("exec", '{"cmd":"echo exec"}'),
      call("bash", '{"command":"echo bash"}'),
    ],
    approve,
  );
  assert.deepEqual(cards, ["run_command", "run_command", "run_command", "run_command"]);
  assert.deepEqual(asked, ["echo hi > out.txt @ src", "printf %s 'it'\\''s here' @ .", "echo exec @ .", "echo bash @ ."]);
  assert.equal(ws.read("src/out.txt"), "hi\n");
  assert.match(results[1]!, /it's here/);
});

test("a shell call carrying an apply_patch heredoc goes to apply_patch", async () => {
  const heredoc = "apply_patch <<'EOF'\n*** Begin Patch\n*** Add File: b.txt\n+b\n*** End Patch\nEOF";
  const { cards } = await run([call("container.exec", JSON.stringify({ cmd: ["bash", "-lc", heredoc] }))]);
  assert.deepEqual(cards, ["apply_patch"]);
  assert.equal(ws.read("b.txt"), "b\n");
});

test("a declared tool without functions., and hidden edit_file, run the real tool", async () => {
  const { cards } = await run([call("read_file", '{"path":"README.md"}'), call("functions.edit_file", '{"path":"README.md","edits":[{"old_text":"# app","new_text":"# App"}]}')]);
  assert.deepEqual(cards, ["read_file", "edit_file"]);
  assert.equal(ws.read("README.md"), "# App\n");
});

test("python, browser.* and made-up names get a message listing the available tools; the loop goes on", async () => {
  const { results, result } = await run([call("python", "print(1)", "analysis"), call("browser.search", '{"query":"x"}'), call("functions.teleport", "{}")]);
  assert.equal(result.reason, "final");
  for (const text of results) assert.match(text, /is not available\..* Available tools: functions\.read_file, .*functions\.apply_patch, functions\.run_command\./s);
  assert.match(results[0]!, /^Error: "python" is not available\. Built-in tools \(python, browser\) are not enabled/);
});

test("refused without approval: container.exec is denied like run_command", async () => {
  const deny: Approver = async () => ({ approved: false, reason: "no commands" });
  const { results } = await run([call("container.exec", '{"cmd":["touch","x"]}')], deny);
  assert.match(results[0]!, /^The user denied running this command\. Reason: no commands/);
});

test("the loop guard: the third identical call gets the repeat note, the fifth stops the turn", async () => {
  const same = call("functions.read_file", '{"path": "README.md"}');
  const { declared, hidden } = toolSet();
  const script = scriptedTurns([same, same, same.replace('{"path": "README.md"}', '{"path":"README.md"}'), same, same]);
  const log = recorder();
  const result = await runAgent(agentOptions({ conversation: conversationFor(declared, "Go."), tools: declared, hiddenTools: hidden, generate: script.generate, toolContext: { env: ws.env }, onEvent: log.onEvent }));
  const results = result.conversation.filter((m) => m.role === "tool").map((m) => String(m.content));
  assert.equal(results.length, 5, "every call in the conversation has its result");
  assert.match(results[0]!, /# app/);
  assert.match(results[1]!, /# app/);
  assert.match(results[2]!, /^Not run: this call repeats your previous 2 calls exactly/);
  assert.match(results[3]!, /^Not run: this call repeats your previous 3 calls exactly/);
  assert.equal(result.reason, "repeated-calls");
  assert.match(result.message ?? "", /called functions\.read_file with the same arguments 5 times in a row/);
  assert.ok(log.of("warning").some((w) => /5 times in a row/.test(w.message)), "the chat shows why it stopped");
});

test("a different call in between resets the guard", async () => {
  const a = call("functions.read_file", '{"path":"README.md"}');
  const b = call("functions.read_file", '{"path":"src/a.txt"}');
  const { results, result } = await run([a, a, b, a, a]);
  assert.equal(result.reason, "final");
  assert.ok(results.every((r) => !r.startsWith("Not run")));
});

test("argument shapes and command lines", () => {
  assert.deepEqual(adaptArguments("read_file", { file_path: "a", line_start: 1, line_end: 2 }), { path: "a", start_line: 1, end_line: 2 });
  assert.deepEqual(adaptArguments("run_command", { cmd: ["ls", "-la", "my dir"], workdir: "src", timeout: 1000 }), { command: "ls -la 'my dir'", cwd: "src" });
  assert.equal(commandLine(["sh", "-c", "a && b"]), "a && b");
  assert.equal(commandLine(["echo", "$HOME", "a;b"]), "echo '$HOME' 'a;b'");
  assert.equal(resolveRecipient("functions.nope", toolSet().declared), undefined);
  assert.equal(resolveRecipient("functions.repo_browser.open_file", toolSet().declared)?.tool.name, "read_file");
});
