// gpt-oss's built-in tools in the agent loop: a call to `python` on the analysis channel runs the
// tool whose recipient is `python`, with the message text as its input, and the result comes back
// from `python` on that channel, rendered as the reference renders it. The system message then
// declares the tool exactly as openai/harmony's `with_python_tool()`.
import assert from "node:assert/strict";
import { test } from "node:test";
import { z } from "zod";
import { runAgent } from "../../src/core/agent/loop";
import { renderConversation, segmentsToText } from "../../src/core/harmony/index";
import { conversationHead } from "../../src/core/prompts/conversationHead";
import type { Tool } from "../../src/core/tools/contract";
import { functionToolDescriptions } from "../../src/core/tools/registry";
import { agentOptions, conversationFor, finalText, notebook, recorder } from "../helpers/agentFixtures";
import { scriptedTurns } from "../helpers/scriptedTurns";

/** A stand-in interpreter that records what it ran: the loop is under test here, not Python. */
function echoPython(ran: string[]): Tool<string> {
  return {
    name: "python",
    recipient: "python",
    rawArguments: true,
    description: "built-in",
    parameters: z.string(),
    risk: "read",
    invocationMessage: () => "Running Python",
    async run(code) {
      ran.push(code);
      return { content: `ran ${code.length} chars` };
    },
  };
}

const PYTHON_CALL = '<|channel|>analysis<|message|>Compute it.<|end|><|start|>assistant<|channel|>analysis to=python code<|message|>print({"a": 1})<|call|>';

test("a python call on analysis runs the built-in with the raw code; its result comes from python on analysis", async () => {
  const ran: string[] = [];
  const book = notebook();
  const tools = [...book.all, echoPython(ran)];
  const script = scriptedTurns([PYTHON_CALL, finalText("Done.")]);
  const log = recorder();
  const result = await runAgent(agentOptions({ conversation: conversationFor(book.all, "Go."), tools, generate: script.generate, onEvent: log.onEvent }));
  assert.equal(result.reason, "final");
  assert.deepEqual(ran, ['print({"a": 1})']);
  const tail = result.conversation.slice(-3);
  assert.deepEqual(tail[0], { role: "assistant", channel: "analysis", recipient: "python", contentType: "code", content: 'print({"a": 1})' });
  assert.deepEqual(tail[1], { role: "tool", name: "python", recipient: "assistant", channel: "analysis", content: "ran 15 chars" });
  assert.equal(
    segmentsToText(renderConversation(tail.slice(0, 2))),
    '<|start|>assistant to=python<|channel|>analysis code<|message|>print({"a": 1})<|call|><|start|>python to=assistant<|channel|>analysis<|message|>ran 15 chars<|end|>',
  );
  assert.deepEqual(log.of("tool-call").map((e) => e.name), ["python"]);
});

test("with python off, a python call is an unknown tool and the message says how each tool is called", async () => {
  const book = notebook();
  const script = scriptedTurns([PYTHON_CALL, finalText("Sorry.")]);
  const log = recorder();
  await runAgent(agentOptions({ conversation: conversationFor(book.all, "Go."), tools: book.all, generate: script.generate, onEvent: log.onEvent }));
  assert.match(log.of("tool-result")[0]!.result.content, /^Error: "python" is not available\. Built-in tools \(python, browser\) are not enabled in this session\. Available tools: functions\.read_note, .*functions\.big\. Call one of them, or answer without tools\.$/);
});

test("an unknown function's error lists the built-ins by their own names", async () => {
  const book = notebook();
  const tools = [...book.all, echoPython([])];
  const script = scriptedTurns(['<|channel|>commentary to=functions.nope <|constrain|>json<|message|>{}<|call|>', finalText("Sorry.")]);
  const log = recorder();
  await runAgent(agentOptions({ conversation: conversationFor(book.all, "Go."), tools, generate: script.generate, onEvent: log.onEvent }));
  assert.match(log.of("tool-result")[0]!.result.content, /functions\.big, python \(built in: call it by that name\)\. Call one of them, or answer without tools\.$/);
});

test("the conversation head declares python in the system message as the reference does, and not as a function", () => {
  const ran: string[] = [];
  const tools = [echoPython(ran)];
  assert.deepEqual(functionToolDescriptions(tools), []);
  const [system] = conversationHead({ effort: "medium", tools: functionToolDescriptions(tools), folders: ["app"], date: "2025-06-28", builtins: ["python"] });
  const text = segmentsToText(renderConversation([system!]));
  assert.match(text, /Reasoning: medium\n\n# Tools\n\n## python\n\nUse this tool to execute Python code in your chain of thought\./);
  assert.match(text, /time out after 120\.0 seconds\. The drive at '\/mnt\/data' can be used to save and persist user files\./);
  // No function tools: the commentary-channel rule for functions does not apply.
  assert.doesNotMatch(text, /Calls to these tools must go to the commentary channel/);
});
