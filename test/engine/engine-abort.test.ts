// Stop: an abort ends generation within one token and a long prompt between two chunks; the
// sequence is usable again at once, and keeps what it had evaluated.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { defaultSystemContent, type Conversation } from "../../src/core/harmony/index";
import { loadEngine, type Engine, type EngineSequence } from "../../src/engine/index";
import { tinyModelPath } from "../helpers/tinyModel";

let engine: Engine;
let sequence: EngineSequence;

before(async () => {
  engine = await loadEngine({ modelPath: await tinyModelPath(), gpu: false, threads: 1, contextSize: 8192, script: false });
  sequence = engine.openSequence();
});

after(async () => {
  await engine?.dispose();
});

const chat: Conversation = [
  { role: "system", content: defaultSystemContent({ reasoningEffort: "low" }) },
  { role: "user", content: "Count to fifty." },
];
const COUNTING = `<|channel|>final<|message|>${Array.from({ length: 50 }, (_, i) => i + 1).join(", ")}<|return|>`;

test("an abort during generation stops it within one token", async () => {
  const controller = new AbortController();
  let cachedAtAbort = -1;
  let texts = 0;
  const result = await sequence.complete({ conversation: chat }, { script: COUNTING, signal: controller.signal }, (event) => {
    if (event.type === "text" && ++texts === 10) {
      // From outside the loop, as a Stop button would: the token being sampled may still arrive.
      setImmediate(() => {
        cachedAtAbort = sequence.cachedTokens;
        controller.abort();
      });
    }
  });
  assert.equal(result.stopReason, "abort");
  assert.ok(cachedAtAbort > 0);
  assert.ok(sequence.cachedTokens - cachedAtAbort <= 1, `${sequence.cachedTokens - cachedAtAbort} token(s) after the abort`);
  assert.ok(result.stats.generatedTokens < 40, `stopped early: ${result.stats.generatedTokens} tokens`);
  assert.equal(result.messages.at(-1)?.end, "eos", "the open message is closed as cut short");
});

test("the sequence is usable right after an abort", async () => {
  const result = await sequence.complete({ conversation: chat }, { script: "<|channel|>final<|message|>1, 2, 3.<|return|>" });
  assert.equal(result.stopReason, "return");
  assert.equal(result.messages.at(-1)?.content, "1, 2, 3.");
});

test("breaking out of the event stream stops generation too", async () => {
  let tokens = 0;
  for await (const event of sequence.generate({ conversation: chat }, { script: COUNTING })) {
    if (event.type === "text" && ++tokens === 5) break;
  }
  assert.equal(sequence.generating, false);
  const result = await sequence.complete({ conversation: chat }, { script: "<|channel|>final<|message|>Done.<|return|>" });
  assert.equal(result.messages.at(-1)?.content, "Done.");
});

test("an abort during a long prompt stops between chunks, and the next turn reuses what was evaluated", async () => {
  const long: Conversation = [
    { role: "system", content: defaultSystemContent({ reasoningEffort: "low" }) },
    { role: "user", content: `Summarize:\n${"The quick brown fox jumps over the lazy dog. ".repeat(300)}` },
  ];
  const promptTokens = sequence.tokenize({ conversation: long }).length;
  assert.ok(promptTokens > 2500, `a long prompt: ${promptTokens} tokens`);
  await sequence.clear();

  const controller = new AbortController();
  const aborted = await sequence.complete({ conversation: long }, {
    script: false,
    signal: controller.signal,
    promptChunkSize: 256,
    onPromptProgress: () => controller.abort(),
  });
  assert.equal(aborted.stopReason, "abort");
  assert.equal(aborted.stats.promptChunks, 1, "one chunk, then the abort");
  assert.equal(aborted.stats.promptEvaluatedTokens, 256, "the meter counts one chunk");
  assert.equal(aborted.stats.generatedTokens, 0);

  const resumed = await sequence.complete({ conversation: long }, { script: "<|channel|>final<|message|>A fox.<|return|>" });
  assert.equal(resumed.stats.reusedTokens, 256, "the chunk evaluated before the abort is kept");
  assert.equal(resumed.stats.promptEvaluatedTokens, promptTokens - 1 - 256);
  assert.equal(resumed.messages.at(-1)?.content, "A fox.");
});

test("a signal aborted before the call evaluates nothing", async () => {
  const before = sequence.evaluatedTokens;
  const result = await sequence.complete({ conversation: [{ role: "user", content: "Something new entirely." }] }, { script: false, signal: AbortSignal.abort() });
  assert.equal(result.stopReason, "abort");
  assert.equal(result.stats.generatedTokens, 0);
  assert.equal(sequence.evaluatedTokens, before);
});

test("an event handler that throws ends the generation and frees the sequence", async () => {
  await assert.rejects(
    sequence.complete({ conversation: chat }, { script: COUNTING }, (event) => {
      if (event.type === "text") throw new Error("the UI went away");
    }),
    /the UI went away/,
  );
  assert.equal(sequence.generating, false);
  const result = await sequence.complete({ conversation: chat }, { script: "<|channel|>final<|message|>Fine.<|return|>" });
  assert.equal(result.messages.at(-1)?.content, "Fine.");
});
