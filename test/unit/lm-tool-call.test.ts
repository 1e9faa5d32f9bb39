// Tool calls in answers to vscode.lm requests: the names gpt-oss reaches for map to the tools the
// request declared, as in the agent loop; a call nothing maps to is answered with the tools there
// are and the model tries again, and never reaches the caller as a call to an undeclared tool.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { ToolCall } from "../../src/core/agent/types";
import { drainGenerator } from "../../src/core/drainGenerator";
import { renderConversationForCompletion, segmentsToText } from "../../src/core/harmony/index";
import { lmConversation, type LmTool } from "../../src/core/prompts/lmConversation";
import { answerLmRequest, LM_CALL_RETRIES, lmToolCall } from "../../src/core/prompts/lmToolCall";
import { scriptedTurns } from "../helpers/scriptedTurns";

const readFile: LmTool = {
  name: "read_file",
  description: "Reads a file.",
  inputSchema: { type: "object", properties: { path: { type: "string" }, start_line: { type: "integer" }, end_line: { type: "integer" } }, required: ["path"] },
};
const runCommand: LmTool = {
  name: "run_command",
  description: "Runs a shell command.",
  inputSchema: { type: "object", properties: { command: { type: "string" }, cwd: { type: "string" } }, required: ["command"] },
};
const getWeather: LmTool = { name: "get_weather", description: "Weather for a city.", inputSchema: { type: "object", properties: { city: { type: "string" } } } };
/** Another extension's tool under one of our names, with its own parameter names. */
const foreignRead: LmTool = { name: "read_file", description: "Reads a file.", inputSchema: { type: "object", properties: { file: { type: "string" }, line_start: { type: "integer" } } } };
const applyPatch: LmTool = { name: "apply_patch", description: "Edits files.", inputSchema: { type: "object", properties: { input: { type: "string" }, explanation: { type: "string" } } } };
const tools = [readFile, runCommand, getWeather];

const call = (recipient: string, args: string): ToolCall => ({ recipient, name: recipient.replace(/^functions\./, ""), arguments: args });

test("trained names and argument shapes reach the declared tool", () => {
  assert.deepEqual(lmToolCall(call("repo_browser.open_file", '{"path":"src/a.ts","line_start":3,"line_end":9}'), tools), {
    kind: "call",
    name: "read_file",
    input: { path: "src/a.ts", start_line: 3, end_line: 9 },
    alias: "repo_browser.open_file",
  });
  assert.deepEqual(lmToolCall(call("container.exec", '{"cmd":["bash","-lc","ls -la"],"workdir":"app"}'), tools), {
    kind: "call",
    name: "run_command",
    input: { command: "ls -la", cwd: "app" },
    alias: "container.exec",
  });
  assert.deepEqual(lmToolCall(call("get_weather", '{"city":"Oslo"}'), tools), { kind: "call", name: "get_weather", input: { city: "Oslo" }, alias: "get_weather" });
  assert.deepEqual(lmToolCall(call("functions.get_weather", '{"city":"Oslo"}'), tools), { kind: "call", name: "get_weather", input: { city: "Oslo" } });
  assert.deepEqual(lmToolCall(call("functions.get_weather", ""), tools), { kind: "call", name: "get_weather", input: {} });
});

test("argument names are rewritten only into names the declared schema has", () => {
  // The foreign read_file calls its parameters file/line_start: they stay as the model wrote them.
  assert.deepEqual(lmToolCall(call("repo_browser.open_file", '{"file":"a.ts","line_start":2}'), [foreignRead]), {
    kind: "call",
    name: "read_file",
    input: { file: "a.ts", line_start: 2 },
    alias: "repo_browser.open_file",
  });
});

test("a raw patch for a declared apply_patch, and one sent through the shell, become its input", () => {
  const patch = "*** Begin Patch\n*** Add File: a.txt\n+hi\n*** End Patch";
  assert.deepEqual(lmToolCall(call("functions.apply_patch", patch), [applyPatch]), { kind: "call", name: "apply_patch", input: { input: patch } });
  const viaShell = lmToolCall(call("container.exec", JSON.stringify({ cmd: ["bash", "-lc", `apply_patch <<'EOF'\n${patch}\nEOF`] })), [runCommand, applyPatch]);
  assert.deepEqual(viaShell, { kind: "call", name: "apply_patch", input: { input: patch }, alias: "container.exec" });
});

test("an undeclared tool, python or browser, and arguments that are not a JSON object are refused with what to do", () => {
  const unknown = lmToolCall(call("functions.delete_everything", "{}"), tools);
  assert.equal(unknown.kind, "refused");
  assert.match(unknown.kind === "refused" ? unknown.reason : "", /"functions\.delete_everything" is not available\. Available tools: functions\.read_file, functions\.run_command, functions\.get_weather\./);
  const python = lmToolCall(call("python", "print(1)"), tools);
  assert.match(python.kind === "refused" ? python.reason : "", /Built-in tools \(python, browser\) are not enabled/);
  const alias = lmToolCall(call("repo_browser.open_file", '{"path":"a"}'), [getWeather]);
  assert.equal(alias.kind, "refused", "an alias whose tool the request does not declare is not a call");
  const notJson = lmToolCall(call("functions.get_weather", "city=Oslo"), tools);
  assert.match(notJson.kind === "refused" ? notJson.reason : "", /not valid JSON.*Call it again with one JSON object/);
  const array = lmToolCall(call("functions.get_weather", "[1]"), tools);
  assert.match(array.kind === "refused" ? array.reason : "", /must be one JSON object/);
});

const conversation = lmConversation({ messages: [{ role: "user", parts: [{ kind: "text", text: "Weather in Oslo?" }] }], tools, toolRequired: false, effort: "low", date: "2026-12-08" });

test("an unmappable call is answered in the conversation and the model tries again; the caller gets the declared call", async () => {
  const script = scriptedTurns([
    "<|channel|>analysis<|message|>Use the browser.<|end|><|start|>assistant<|channel|>commentary to=browser.search <|constrain|>json<|message|>{\"query\":\"oslo weather\"}<|call|>",
    "<|channel|>commentary to=weather <|constrain|>json<|message|>{\"city\":\"Oslo\"}<|call|>",
    "<|channel|>commentary to=functions.get_weather <|constrain|>json<|message|>{\"city\":\"Oslo\"}<|call|>",
  ]);
  const answer = await answerLmRequest(conversation, tools, (c) => drainGenerator(script.generate(c, new AbortController().signal)));
  assert.deepEqual(answer.call, { kind: "call", name: "get_weather", input: { city: "Oslo" } });
  assert.equal(answer.refused.length, 2);
  const third = segmentsToText(renderConversationForCompletion(script.prompts[2]!));
  assert.match(third, /to=browser\.search.*<\|call\|>.*<\|start\|>browser\.search to=assistant<\|channel\|>commentary<\|message\|>Error: "browser\.search" is not available/s);
  assert.match(third, /<\|start\|>weather to=assistant<\|channel\|>commentary<\|message\|>Error: "weather" is not available/);
});

test("after a few refused calls the request ends without a call; a text answer ends it at once", async () => {
  const again = `<|channel|>commentary to=shell_magic <|constrain|>json<|message|>{}<|call|>`;
  const stubborn = scriptedTurns(Array.from({ length: LM_CALL_RETRIES + 1 }, () => again));
  const answer = await answerLmRequest(conversation, tools, (c) => drainGenerator(stubborn.generate(c, new AbortController().signal)));
  assert.equal(answer.call, undefined);
  assert.equal(answer.refused.length, LM_CALL_RETRIES + 1);
  assert.equal(stubborn.remaining, 0);
  const text = scriptedTurns(["<|channel|>final<|message|>Sunny.<|return|>"]);
  const plain = await answerLmRequest(conversation, tools, (c) => drainGenerator(text.generate(c, new AbortController().signal)));
  assert.equal(plain.call, undefined);
  assert.deepEqual(plain.refused, []);
  assert.equal(plain.result.stopReason, "return");
});
