// gptOss.agent.maxTokensPerStep: a step that reaches the generator's cap ends the run with a
// message naming the setting (runaway reasoning ends clearly); and the developer instructions
// in the gpt-oss style name apply_patch when it is offered.
import assert from "node:assert/strict";
import { test } from "node:test";
import { runAgent } from "../../src/core/agent/loop";
import { developerInstructions } from "../../src/core/prompts/conversationHead";
import { modelToolSet } from "../../src/core/tools/modelTools";
import { availableTools, functionToolDescriptions } from "../../src/core/tools/registry";
import { agentOptions, conversationFor, notebook, recorder } from "../helpers/agentFixtures";
import { scriptedTurns } from "../helpers/scriptedTurns";

test("a step cut at maxTokensPerStep while reasoning stops with a message naming the setting", async () => {
  const book = notebook();
  const script = scriptedTurns([{ text: "<|channel|>analysis<|message|>hmm hmm hmm hmm", stopReason: "max-tokens" }]);
  const log = recorder();
  const result = await runAgent(agentOptions({ conversation: conversationFor(book.all, "Go."), tools: book.all, generate: script.generate, maxTokensPerStep: 4096, onEvent: log.onEvent }));
  assert.equal(result.reason, "max-tokens");
  assert.equal(
    result.message,
    "Stopped: the model wrote 4,096 tokens in one step while still reasoning (its reasoning ran away) without finishing (the limit per step, setting gptOss.agent.maxTokensPerStep). Ask again, lower the reasoning effort, or raise the limit.",
  );
  assert.deepEqual(log.of("warning").map((w) => w.message), [result.message]);
});

test("the developer instructions: finish the task, edit with apply_patch, no re-reading after a patch, a short preamble", () => {
  const tools = functionToolDescriptions(modelToolSet(availableTools({ trusted: true, languageServices: false })).declared);
  const text = developerInstructions({ tools, folders: ["app"] });
  assert.match(text, /Keep going until the user's request is completely resolved/);
  assert.match(text, /Edit files with apply_patch.*do not read the file again/);
  assert.match(text, /Before a tool call, say in one short sentence what you are about to do\./);
  assert.doesNotMatch(text, /edit_file/);
  assert.ok(text.split("\n").length <= 8, "short");
});
