// The python tool's modes in the agent loop: "on" runs without asking, "ask" asks first (shown
// like a command) and a denial runs nothing; and what tells a new sandbox that state was lost.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { runAgent } from "../../src/core/agent/loop";
import { PythonSandbox, DEFAULT_PYTHON_LIMITS } from "../../src/node/python/pythonSandbox";
import { conversationUsedPython, createPythonTool } from "../../src/node/python/pythonTool";
import { agentOptions, conversationFor, finalText, recorder } from "../helpers/agentFixtures";
import { pythonWorkerFile } from "../helpers/pythonWorker";
import { scriptedTurns } from "../helpers/scriptedTurns";

const CALL = "<|channel|>analysis to=python code<|message|>print(6 * 7)<|call|>";
const sandbox = new PythonSandbox(DEFAULT_PYTHON_LIMITS, { workerFile: pythonWorkerFile() });
after(() => sandbox.dispose());

test('"on": the code runs without an approval and the model reads its output', async () => {
  const tool = createPythonTool(sandbox, "on");
  assert.equal(tool.risk, "read");
  const log = recorder();
  const script = scriptedTurns([CALL, finalText("42.")]);
  const result = await runAgent(agentOptions({ conversation: conversationFor([], "Go."), tools: [tool], generate: script.generate, onEvent: log.onEvent, approve: async () => assert.fail("no approval in on mode") }));
  assert.equal(result.reason, "final");
  assert.equal(log.of("approval-requested").length, 0);
  assert.deepEqual(result.conversation.find((m) => m.role === "tool"), { role: "tool", name: "python", recipient: "assistant", channel: "analysis", content: "42" });
});

test('"ask": the code is shown for approval like a command, and a denial runs nothing', async () => {
  const tool = createPythonTool(sandbox, "ask");
  assert.equal(tool.risk, "run");
  const log = recorder();
  const script = scriptedTurns(["<|channel|>analysis to=python code<|message|>marker = 1<|call|>", finalText("Denied.")]);
  await runAgent(agentOptions({ conversation: conversationFor([], "Go."), tools: [tool], generate: script.generate, onEvent: log.onEvent, approve: async () => ({ approved: false }) }));
  assert.deepEqual(log.of("approval-requested")[0]?.change, { kind: "command", command: "marker = 1", cwd: "/mnt/data", cwdLabel: "the Python sandbox" });
  assert.match(log.of("tool-result")[0]!.result.content, /^The user denied running this command\./);
  assert.match((await sandbox.run("'marker' in globals()")).output, /^False$/);
});

test("a conversation that called python before is one whose new sandbox lost state", () => {
  assert.equal(conversationUsedPython([{ role: "user", content: "hi" }]), false);
  assert.equal(conversationUsedPython([{ role: "assistant", channel: "analysis", recipient: "python", content: "x = 1" }]), true);
});
