// Callers side by side on the real engine: chat, completions and vscode.lm / code actions each
// get a sequence of their own (lanes), so a completion neither waits for a chat turn nor evicts
// its KV cache; where callers still share sequences, a conversation gets its own back (affinity).
// Evaluated tokens come from node-llama-cpp's token meter.
import assert from "node:assert/strict";
import { before, test } from "node:test";
import { defaultSystemContent, textToSegments, type Conversation, type Segment } from "../../src/core/harmony/index";
import type { GenerationSlot } from "../../src/engine/backend";
import type { EngineOptions } from "../../src/engine/load";
import type { LaneSpec } from "../../src/engine/lanes";
import { ModelHost } from "../../src/engine/modelHost";
import { tinyModelPath } from "../helpers/tinyModel";

let modelPath = "";
before(async () => {
  modelPath = await tinyModelPath();
});

const LANES: LaneSpec[] = [
  { lane: "chat", contextSize: 4096 },
  { lane: "completion", contextSize: 1024 },
  { lane: "other", contextSize: 2048 },
];

function hostWith(options: Partial<EngineOptions>, log: string[] = []): ModelHost {
  return new ModelHost({
    resolveOptions: async () => ({ modelPath, gpu: false, threads: 1, contextSize: 4096, script: false, ...options }),
    idleUnloadMs: () => 0,
    log: (_level, message) => log.push(message),
  });
}

const system = { role: "system", content: defaultSystemContent({ reasoningEffort: "low" }) } as const;

function chat(...turns: Array<[user: string, answer?: string]>): Conversation {
  const messages: Conversation = [system];
  for (const [user, answer] of turns) {
    messages.push({ role: "user", content: user });
    if (answer !== undefined) messages.push({ role: "assistant", channel: "final", content: answer });
  }
  return messages;
}

/** A completion prompt: ~300 tokens of code, then the prefilled final-channel header. */
function completionPrompt(n: number): Segment[] {
  const code = Array.from({ length: 30 }, (_, i) => `export const value${i} = compute(${i}, ${n});`).join("\n");
  return textToSegments(`<|start|>user<|message|>Continue this file:\n${code}\n<|end|><|start|>assistant<|channel|>final<|message|>`);
}

async function completeOn(slot: GenerationSlot, n: number) {
  return slot.complete({ segments: completionPrompt(n) }, { maxTokens: 4, temperature: 0 });
}

test("each kind of caller gets a sequence of its own, sized for its job, with its KV memory logged at load", async () => {
  const log: string[] = [];
  const host = hostWith({ lanes: LANES }, log);
  try {
    const [chatLease, completionLease, otherLease] = await Promise.all([host.lease("chat"), host.lease("completion"), host.lease("action")]);
    const slots = [chatLease!.slot, completionLease!.slot, otherLease!.slot];
    assert.deepEqual(slots.map((slot) => slot.lane), ["chat", "completion", "other"]);
    assert.equal(new Set(slots).size, 3, "three different sequences, all lent at once");
    assert.deepEqual(slots.map((slot) => slot.contextSize), [4096, 1024, 2048]);
    const state = host.state;
    assert.ok(state.kind === "ready" && state.report.lanes);
    for (const lane of state.report.lanes.sequences) assert.ok(lane.kvBytes > 0, lane.lane);
    // The chat's 4,096 cells cost more KV than the completions' 1,024 (full-attention blocks keep every token).
    const kv = Object.fromEntries(state.report.lanes.sequences.map((lane) => [lane.lane, lane.kvBytes]));
    assert.ok(kv.chat! > kv.other! && kv.other! > kv.completion!);
    assert.ok(log.some((line) => /Sequences .*chat 4,096 tokens, KV .*completion 1,024 tokens, KV .*other 2,048 tokens, KV/.test(line)), log.join("\n"));
    for (const lease of [chatLease, completionLease, otherLease]) lease!.release();
  } finally {
    await host.dispose();
  }
});

test("completions run while a chat turn generates, and the chat goes on", async () => {
  const host = hostWith({ lanes: LANES });
  try {
    const chatLease = (await host.lease("chat"))!;
    // A long scripted answer: the chat is certainly still generating while the completions run.
    const script = `<|channel|>final<|message|>${"All good here. ".repeat(400)}<|return|>`;
    const stop = new AbortController();
    let chatTexts = 0;
    const chatDone = (async () => {
      const stream = chatLease.slot.generate({ conversation: chat(["Tell me a long story."]) }, { script, signal: stop.signal });
      for (;;) {
        const next = await stream.next();
        if (next.done) return next.value;
        if (next.value.type === "text") chatTexts++;
      }
    })();
    while (chatTexts < 5) await new Promise((resolve) => setTimeout(resolve, 5));

    for (let n = 0; n < 3; n++) {
      const lease = (await host.lease("completion"))!;
      assert.equal(lease.signal.aborted, false, "not preempted: the chat has its own sequence");
      const completion = await completeOn(lease.slot, n);
      assert.equal(completion.stopReason, "max-tokens");
      assert.ok(completion.stats.generatedTokens > 0);
      lease.release();
    }
    assert.equal(chatLease.signal.aborted, false);
    stop.abort();
    const result = await chatDone;
    assert.equal(result.stopReason, "abort", "the chat was still generating when the completions had finished");
    assert.ok(result.stats.generatedTokens > 0);
    chatLease.release();
  } finally {
    await host.dispose();
  }
});

/** Turn 1, `completions` completions, turn 2: what turn 2 evaluated of its prompt (token meter). */
async function chatAroundCompletions(host: ModelHost, completions: number) {
  const turn1 = chat(["What is 2 + 2?"]);
  let lease = (await host.lease("chat", undefined, { conversation: "c1" }))!;
  const first = await lease.slot.complete({ conversation: turn1 }, { script: "<|channel|>final<|message|>It is 4.<|return|>" });
  lease.release();
  for (let n = 0; n < completions; n++) {
    const completion = (await host.lease("completion"))!;
    await completeOn(completion.slot, n);
    completion.release();
  }
  lease = (await host.lease("chat", undefined, { conversation: "c1" }))!;
  const second = await lease.slot.complete({ conversation: chat(["What is 2 + 2?", "It is 4."], ["And 3 + 3?"]) }, { script: "<|channel|>final<|message|>6.<|return|>" });
  lease.release();
  // In the cache after turn 1, had nothing evicted it: its prompt and reply but the reply's last token.
  const newTokens = second.stats.promptTokens - (first.stats.promptTokens + first.stats.generatedTokens - 1);
  return { evaluated: second.stats.promptEvaluatedTokens, newTokens, promptTokens: second.stats.promptTokens };
}

test("a chat turn after completions evaluates only its new tokens (and on one shared sequence it would not)", async () => {
  const lanes = hostWith({ lanes: LANES });
  try {
    const { evaluated, newTokens, promptTokens } = await chatAroundCompletions(lanes, 10);
    assert.ok(newTokens < promptTokens / 3);
    assert.ok(evaluated <= newTokens, `evaluated ${evaluated} for ${newTokens} new tokens`);
  } finally {
    await lanes.dispose();
  }
  // The control: the same flow on one sequence shared by everyone evaluates the conversation again.
  const shared = hostWith({ sequences: 1 });
  try {
    const { evaluated, promptTokens } = await chatAroundCompletions(shared, 1);
    assert.ok(evaluated > promptTokens / 2, `shared: evaluated ${evaluated} of ${promptTokens}`);
  } finally {
    await shared.dispose();
  }
});

test("where callers share sequences, a conversation gets its own sequence back (affinity), so its prefix stays warm", async () => {
  const host = hostWith({ sequences: 2 });
  try {
    const turn = async (conversation: string, messages: Conversation, answer: string) => {
      const lease = (await host.lease("chat", undefined, { conversation }))!;
      try {
        return { slot: lease.slot, result: await lease.slot.complete({ conversation: messages }, { script: `<|channel|>final<|message|>${answer}<|return|>` }) };
      } finally {
        lease.release();
      }
    };
    const a1 = await turn("a", chat(["First question from A?"]), "A1.");
    const b1 = await turn("b", chat(["A different question from B, quite a bit longer than A's?"]), "B1.");
    assert.notEqual(a1.slot, b1.slot, "two conversations, two sequences");
    // B again right away: least-recently-used alone would hand B A's sequence and evict A.
    const b2 = await turn("b", chat(["A different question from B, quite a bit longer than A's?", "B1."], ["And then?"]), "B2.");
    const a2 = await turn("a", chat(["First question from A?", "A1."], ["And then?"]), "A2.");
    assert.equal(b2.slot, b1.slot);
    assert.equal(a2.slot, a1.slot);
    for (const [second, first] of [[a2, a1], [b2, b1]] as const) {
      assert.ok(second.result.stats.reusedTokens >= first.result.stats.promptTokens, `reused ${second.result.stats.reusedTokens}`);
      assert.ok(second.result.stats.promptEvaluatedTokens < second.result.stats.promptTokens / 3);
    }
  } finally {
    await host.dispose();
  }
});
