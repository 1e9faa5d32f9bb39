// Reasoning across tool calls, over a 3-turn conversation with tool calls run through the agent
// loop: the product's prompts (PRODUCT_RENDER_CONFIG, the cookbook rule) keep the current turn's
// analysis while the model calls tools and drop analysis from before the last final message;
// the reference's auto_drop_analysis (kept exactly for conformance) drops only what precedes the
// first final, so older reasoning comes back in later turns.
import assert from "node:assert/strict";
import { test } from "node:test";
import { runAgent } from "../../src/core/agent/loop";
import { PRODUCT_RENDER_CONFIG, renderConversationForCompletion, segmentsToText, type Conversation } from "../../src/core/harmony/index";
import { agentOptions, callText, conversationFor, finalText, notebook } from "../helpers/agentFixtures";
import { scriptedTurns } from "../helpers/scriptedTurns";

const product = (c: Conversation) => segmentsToText(renderConversationForCompletion(c, "assistant", PRODUCT_RENDER_CONFIG));
const reference = (c: Conversation) => segmentsToText(renderConversationForCompletion(c));

/** Three turns, each: think, call read_note, think again, answer. Returns every step's prompt. */
async function threeTurns(): Promise<Conversation[]> {
  const book = notebook({ a: "note A" });
  const prompts: Conversation[] = [];
  let conversation = conversationFor(book.all, "Turn 1?");
  for (const turn of [1, 2, 3]) {
    if (turn > 1) conversation = [...conversation, { role: "user", content: `Turn ${turn}?` }];
    const script = scriptedTurns([callText("read_note", '{"name":"a"}', `why-call-${turn}`), finalText(`answer-${turn}`, `why-answer-${turn}`)]);
    const result = await runAgent(agentOptions({ conversation, tools: book.all, generate: script.generate }));
    assert.equal(result.reason, "final");
    prompts.push(...script.prompts);
    conversation = result.conversation;
  }
  return prompts;
}

test("the cookbook rule: the current turn's reasoning stays through its tool calls; earlier turns' reasoning is dropped", async () => {
  const prompts = (await threeTurns()).map(product);
  // Step 2 of each turn (after its tool call) still has the reasoning that made the call.
  assert.match(prompts[1]!, /why-call-1/);
  assert.match(prompts[3]!, /why-call-2/);
  assert.match(prompts[5]!, /why-call-3/);
  // Every earlier turn's reasoning is gone from later turns, at their start and through their calls.
  for (const [index, prompt] of prompts.entries()) {
    const turn = Math.floor(index / 2) + 1;
    for (let earlier = 1; earlier < turn; earlier++) {
      assert.doesNotMatch(prompt, new RegExp(`why-(call|answer)-${earlier}`), `prompt ${index} keeps turn ${earlier}'s reasoning`);
      assert.match(prompt, new RegExp(`answer-${earlier}<\\|end\\|>`), "the answers stay");
    }
  }
  // Within a turn the prompt only grows: step 1's prompt is a prefix of step 2's (the KV cache holds).
  for (const step of [0, 2, 4]) assert.ok(prompts[step + 1]!.startsWith(prompts[step]!), `turn ${step / 2 + 1}'s second step re-renders its first`);
});

test("the reference's auto_drop_analysis (conformance) keeps later turns' old reasoning, and brings it back during tool calls", async () => {
  const prompts = (await threeTurns()).map(reference);
  // At the start of turn 3 it dropped turn 1's reasoning (before the first final) but kept turn 2's.
  assert.doesNotMatch(prompts[4]!, /why-call-1/);
  assert.match(prompts[4]!, /why-call-2/);
  // While turn 2 calls a tool, the last assistant message is the call, so nothing is dropped.
  assert.match(prompts[3]!, /why-call-1/);
});
