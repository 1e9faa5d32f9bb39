// Speculative decoding by prompt lookup on the real engine: the output is token for token what the
// same sampling gives without it, proposals are really made and accepted where the answer copies
// the prompt, a scripted answer (the tests' bias) still comes out exactly under prediction, and a
// draft never carries the model past the header constraint.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { trainedAliasesFor } from "../../src/core/agent/trainedNames";
import { defaultSystemContent, headerRulesOf, type Conversation } from "../../src/core/harmony/index";
import { loadEngine, type Engine, type EngineSequence } from "../../src/engine/index";
import { malformedHeader } from "../helpers/headerCheck";
import { tinyModelPath } from "../helpers/tinyModel";

let engine: Engine;
let sequence: EngineSequence;

before(async () => {
  engine = await loadEngine({ modelPath: await tinyModelPath(), gpu: false, threads: 1, contextSize: 4096, sequences: 1, speculative: true, script: false });
  sequence = engine.openSequence();
});

after(async () => {
  await engine?.dispose();
});

const FUNCTION = Array.from({ length: 12 }, (_, i) => `  total += prices[${i}] * quantities[${i}]; // line ${i} of the sum`).join("\n");
const CODE = `export function orderTotal(prices: number[], quantities: number[]): number {\n  let total = 0;\n${FUNCTION}\n  return total;\n}`;
const ASK: Conversation = [
  { role: "system", content: defaultSystemContent({ reasoningEffort: "low" }) },
  { role: "user", content: `Rename total to sum in this function:\n\n${CODE}` },
];

const predictions = () => ({ ...sequence.llamaSequence.tokenPredictions });

async function generate(options: { speculative: boolean; temperature: number; seed?: number; script?: string; maxTokens?: number }) {
  await sequence.clear();
  const before = predictions();
  const result = await sequence.complete(
    { conversation: ASK },
    { speculative: options.speculative, temperature: options.temperature, maxTokens: options.maxTokens ?? 96, ...(options.seed !== undefined ? { seed: options.seed } : {}), script: options.script ?? false },
  );
  const after = predictions();
  return { result, used: after.used - before.used, tried: after.validated + after.refuted - (before.validated + before.refuted) };
}

test("the sequence has a prompt-lookup predictor", () => {
  assert.equal(sequence.speculative, true);
});

/**
 * The model's own choices under proposals: a script starts the answer by copying the prompt (so the
 * lookup keeps proposing the code that follows), then stops, and the random model goes on freely
 * for 120 tokens, its sampler accepting or refuting each proposal.
 */
const COPY_THEN_FREE = `<|channel|>final<|message|>${CODE.slice(0, 160)}`;

test("greedy: the model's own tokens are the same with and without prediction, proposals tried", async () => {
  const without = await generate({ speculative: false, temperature: 0, script: COPY_THEN_FREE, maxTokens: 160 });
  const withPrediction = await generate({ speculative: true, temperature: 0, script: COPY_THEN_FREE, maxTokens: 160 });
  assert.equal(without.tried, 0, "switched off: nothing proposed");
  assert.ok(withPrediction.tried > 0, "proposals were made");
  assert.deepEqual(withPrediction.result.tokens, without.result.tokens);
  assert.equal(withPrediction.result.stopReason, without.result.stopReason);
});

test("seeded sampling at temperature 1: the same tokens with and without prediction (the seed turns proposals off)", async () => {
  const without = await generate({ speculative: false, temperature: 1, seed: 11, script: COPY_THEN_FREE, maxTokens: 160 });
  const withPrediction = await generate({ speculative: true, temperature: 1, seed: 11, script: COPY_THEN_FREE, maxTokens: 160 });
  assert.equal(withPrediction.tried, 0, "validating proposals would draw extra random numbers and change the seeded tokens");
  assert.deepEqual(withPrediction.result.tokens, without.result.tokens);
});

test("an answer that copies the prompt: exactly the scripted tokens, most of them from accepted proposals", async () => {
  const copy = `<|channel|>final<|message|>${CODE.replaceAll("total", "sum")}<|return|>`;
  const withPrediction = await generate({ speculative: true, temperature: 0, script: copy, maxTokens: 1000 });
  const without = await generate({ speculative: false, temperature: 0, script: copy, maxTokens: 1000 });
  assert.deepEqual(withPrediction.result.tokens, without.result.tokens);
  assert.equal(withPrediction.result.stopReason, "return");
  const generated = withPrediction.result.stats.generatedTokens;
  assert.ok(withPrediction.used > generated / 4, `${withPrediction.used} of ${generated} tokens came from accepted proposals`);
});

test("unseeded sampling at temperature 1 uses prediction, and a scripted copy still comes out exactly", async () => {
  const copy = `<|channel|>final<|message|>${CODE}<|return|>`;
  const withPrediction = await generate({ speculative: true, temperature: 1, script: copy, maxTokens: 1000 });
  assert.equal(withPrediction.result.stopReason, "return");
  assert.equal(engine.model.detokenize(withPrediction.result.tokens.slice(0, -1) as never, true), copy.replace("<|return|>", ""));
  assert.ok(withPrediction.used > 0);
});

test("a draft that runs into a header: the model's own header after it still follows the header constraint", async () => {
  // The answer copies the prompt's user message to its end; there the prompt goes on with
  // `<|end|><|start|>assistant`, which is what the lookup would propose next.
  const rules = headerRulesOf(ASK, trainedAliasesFor);
  for (const temperature of [0, 1]) {
    const { result, used } = await generate({ speculative: true, temperature, script: `<|channel|>final<|message|>${CODE}<|end|>`, maxTokens: 600 });
    assert.ok(used > 0, "the copy came partly from accepted proposals");
    const [copy, next] = result.messages;
    assert.equal(copy?.content, CODE);
    assert.ok(next, `the model went on after the script: ${JSON.stringify(result.messages.map((m) => m.headerText))}`);
    assert.equal(malformedHeader(next, rules), undefined, `temperature ${temperature}: the model's own header: ${JSON.stringify(next.headerText)}`);
  }
});
