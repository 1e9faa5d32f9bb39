// Prefix (KV) reuse across turns, counted by node-llama-cpp's token meter: a second turn
// evaluates only its new tokens, also when the first turn's long reasoning is dropped from the
// history (a rollback past the 128-token sliding window, which without a checkpoint silently
// re-evaluates the whole prefix).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Token } from "node-llama-cpp" with { "resolution-mode": "import" };
import { defaultSystemContent, type Conversation } from "../../src/core/harmony/index";
import { loadEngine, type Engine, type EngineSequence } from "../../src/engine/index";
import { tinyModelPath } from "../helpers/tinyModel";

let engine: Engine;

before(async () => {
  engine = await loadEngine({ modelPath: await tinyModelPath(), gpu: false, threads: 1, contextSize: 4096, sequences: 2, script: false });
});

after(async () => {
  await engine?.dispose();
});

const system = { role: "system", content: defaultSystemContent({ reasoningEffort: "low" }) } as const;

function conversation(...turns: Array<[user: string, answer?: string]>): Conversation {
  const messages: Conversation = [system];
  for (const [user, answer] of turns) {
    messages.push({ role: "user", content: user });
    if (answer !== undefined) messages.push({ role: "assistant", channel: "final", content: answer });
  }
  return messages;
}

async function withSequence(body: (sequence: EngineSequence) => Promise<void>): Promise<void> {
  const sequence = engine.openSequence();
  try {
    await body(sequence);
  } finally {
    await sequence.dispose();
  }
}

test("a second turn evaluates only its new tokens", async () => {
  await withSequence(async (sequence) => {
    const turn1 = conversation(["What is 2 + 2?"]);
    const prompt1 = sequence.tokenize({ conversation: turn1 });
    const first = await sequence.complete({ conversation: turn1 }, { script: "<|channel|>final<|message|>It is 4.<|return|>" });
    assert.equal(first.stats.promptEvaluatedTokens, prompt1.length - 1, "turn 1 evaluates its prompt (the last token goes with generation)");

    const turn2 = conversation(["What is 2 + 2?", "It is 4."], ["And 3 + 3?"]);
    const prompt2 = sequence.tokenize({ conversation: turn2 });
    const second = await sequence.complete({ conversation: turn2 }, { script: "<|channel|>final<|message|>6.<|return|>" });
    // In the cache after turn 1: its prompt and reply, except the reply's last token (never evaluated).
    const cached = prompt1.length + first.stats.generatedTokens - 1;
    assert.equal(second.stats.reusedTokens, cached);
    const newTokens = prompt2.length - cached;
    assert.equal(second.stats.promptEvaluatedTokens + 1, newTokens, `${newTokens} new tokens of ${prompt2.length}`);
    assert.ok(newTokens < prompt2.length / 3);
  });
});

test("after a long reasoning block is dropped from the history, the next turn still evaluates only its new tokens", async () => {
  await withSequence(async (sequence) => {
    const reasoning = Array.from({ length: 160 }, (_, i) => `step ${i} checks the sum`).join(", ");
    const turn1 = conversation(["What is 2 + 2?"]);
    const prompt1 = sequence.tokenize({ conversation: turn1 });
    const first = await sequence.complete(
      { conversation: turn1 },
      { script: `<|channel|>analysis<|message|>${reasoning}.<|end|><|start|>assistant<|channel|>final<|message|>It is 4.<|return|>` },
    );
    assert.ok(first.stats.generatedTokens > 800, `the reasoning is long: ${first.stats.generatedTokens} tokens, far past the 128-token window`);

    // The renderer drops the analysis before the first final answer: the prompt diverges right
    // after turn 1's prompt, ~800 tokens back.
    const turn2 = conversation(["What is 2 + 2?", "It is 4."], ["And 3 + 3?"]);
    const prompt2 = sequence.tokenize({ conversation: turn2 });
    const second = await sequence.complete({ conversation: turn2 }, { script: "<|channel|>final<|message|>6.<|return|>" });
    assert.ok(second.stats.reusedTokens >= prompt1.length, `reused ${second.stats.reusedTokens} of turn 1's ${prompt1.length} prompt tokens`);
    const newTokens = prompt2.length - second.stats.reusedTokens;
    // The checkpoint taken at the end of turn 1's prompt lies at most a token or two before the divergence.
    assert.ok(second.stats.promptEvaluatedTokens <= newTokens + 2, `evaluated ${second.stats.promptEvaluatedTokens} for ${newTokens} new tokens`);
    assert.ok(second.stats.promptEvaluatedTokens < prompt1.length / 2, "not the whole prefix again");
  });
});

test("without the checkpoint the same rollback re-evaluates the whole prefix (the trap the engine avoids)", async () => {
  const sequence = engine.context.getSequence();
  try {
    const { model } = engine;
    const prefix = model.tokenize("You are a helpful assistant. ".repeat(20), false);
    const long = model.tokenize(" and so on".repeat(300), false);
    await sequence.evaluateWithoutGeneratingNewTokens([...prefix, ...long] as Token[]);
    const before = sequence.tokenMeter.getState();
    await sequence.eraseContextTokenRanges([{ start: prefix.length, end: sequence.nextTokenIndex }]);
    const { usedInputTokens, usedOutputTokens } = sequence.tokenMeter.diff(before);
    assert.equal(sequence.nextTokenIndex, prefix.length, "the index says the prefix was kept...");
    assert.ok(usedInputTokens + usedOutputTokens >= prefix.length - 1, "...but the meter shows it was evaluated again");
  } finally {
    await sequence.dispose();
  }
});

test("a tool call and its result extend the prefix: the turn after evaluates only the result and what follows", async () => {
  await withSequence(async (sequence) => {
    const tools: Conversation = [
      system,
      {
        role: "developer",
        content: {
          type: "developer",
          tools: [{ name: "functions", tools: [{ name: "now", description: "The time.", parameters: { type: "object", properties: {}, additionalProperties: false } }] }],
        },
      },
      { role: "user", content: "What time is it?" },
    ];
    const prompt1 = sequence.tokenize({ conversation: tools });
    const call = await sequence.complete({ conversation: tools }, { script: "<|channel|>commentary to=functions.now <|constrain|>json<|message|>{}<|call|>" });
    assert.equal(call.stopReason, "call");
    const next: Conversation = [
      ...tools,
      { role: "assistant", channel: "commentary", recipient: "functions.now", contentType: "<|constrain|>json", content: call.toolCall!.arguments },
      { role: "tool", name: "functions.now", channel: "commentary", content: '{"time":"12:00"}' },
    ];
    const prompt2 = sequence.tokenize({ conversation: next });
    const answer = await sequence.complete({ conversation: next }, { script: "<|channel|>final<|message|>Noon.<|return|>" });
    // The reference renders the recipient before the channel, gpt-oss writes it after: the
    // prefix may break inside that header, a few tokens back; never earlier than turn 1's prompt.
    assert.ok(answer.stats.reusedTokens >= prompt1.length);
    assert.ok(answer.stats.promptEvaluatedTokens < prompt2.length - prompt1.length, `evaluated ${answer.stats.promptEvaluatedTokens}`);
  });
});
