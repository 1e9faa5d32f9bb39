// bench:concurrency — chat, completions and code actions side by side (lanes), on the bench model.
// Figures and ratios measured in one run; never pass/fail on time.
//   (a) A chat turn after 100 completion requests evaluates only its new tokens: what turn 2
//       evaluates with 100 completions between the turns, next to what the same turn 2 evaluates
//       with none (token meter; target: within 8).
//   (b) Completion latency (lease to result, p50) while the chat generates, over idle (target <= 2.0).
//   (c) Chat tokens/s while completions run back to back, over the chat alone (target >= 0.7).
// Both lane layouts are measured, a context per lane and one context with a sequence per lane,
// to show why the engine uses the first; the JSON line is the engine's default layout.
//
//   npx tsx bench/concurrency.ts [--threads 1] [--completions 100] [--samples 15] [--chat-tokens 200] [--model PATH]
import path from "node:path";
import { parseArgs } from "node:util";
import { defaultSystemContent, textToSegments, type Conversation, type Segment } from "../src/core/harmony/index";
import type { GenerationSlot } from "../src/engine/backend";
import type { EngineSequence } from "../src/engine/sequence";
import type { EngineOptions } from "../src/engine/load";
import { defaultLanes } from "../src/engine/lanes";
import { ModelHost } from "../src/engine/modelHost";
import { BENCH_MODEL_CONFIG, tinyModelPath } from "../test/helpers/tinyModel";
import { positiveInt } from "./args";

const { values } = parseArgs({
  options: {
    threads: { type: "string" },
    completions: { type: "string" },
    samples: { type: "string" },
    "chat-tokens": { type: "string" },
    model: { type: "string" },
  },
});
const threads = positiveInt("threads", values.threads, 1);
const completions = positiveInt("completions", values.completions, 100);
const samples = positiveInt("samples", values.samples, 15);
const chatTokens = positiveInt("chat-tokens", values["chat-tokens"], 200);

const fmt = (value: number, digits = 2) => value.toFixed(digits);
const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

const system = { role: "system", content: defaultSystemContent({ reasoningEffort: "low" }) } as const;
const TURN1: Conversation = [system, { role: "user", content: "Explain what the function parseConfig in src/config.ts does, briefly." }];
const ANSWER1 = "It reads the JSON file, checks each field with the schema and returns the typed settings.";
const TURN2: Conversation = [...TURN1, { role: "assistant", channel: "final", content: ANSWER1 }, { role: "user", content: "And what if the file is missing?" }];
/** A long scripted chat answer: the chat keeps generating for as long as a measurement needs. */
const LONG_ANSWER = `<|channel|>final<|message|>${"The settings come back typed and checked. ".repeat(300)}<|return|>`;

/** The file being typed in: 120 lines of code, then the line the user types, one more character per request. */
const FILE_LINES = Array.from({ length: 120 }, (_, i) => `export function step${i}(value: number): number { return value * ${i % 7} + ${i}; }`);
const TYPED = "export const total = step1(2) + step2(3) + step4(5) + step6(7) + step8(9) + step10(11);";
function completionPrompt(n: number): Segment[] {
  const line = TYPED.repeat(3).slice(0, 10 + (n % 200));
  return textToSegments(
    `<|start|>user<|message|>Complete the code at the cursor.\n\`\`\`typescript\n${FILE_LINES.join("\n")}\n${line}<|cursor|>\n\`\`\`<|end|><|start|>assistant<|channel|>final<|message|>`.replace(
      "<|cursor|>",
      "",
    ),
  );
}

interface Figures {
  chatTurnEvaluatedAfterCompletions: number;
  chatTurnNewTokens: number;
  completionLatencyBusyOverIdle: number;
  chatSpeedWithCompletionsOverAlone: number;
  idleMs: number;
  busyMs: number;
  chatAlone: number;
  chatBusy: number;
}

async function leaseSlot(host: ModelHost, kind: "chat" | "completion", conversation?: string): Promise<{ slot: GenerationSlot; release(): void }> {
  const lease = await host.lease(kind, undefined, conversation ? { conversation } : {});
  if (!lease) throw new Error("no model");
  return lease;
}

async function completionMs(host: ModelHost, n: number): Promise<number> {
  const started = performance.now();
  const lease = await leaseSlot(host, "completion");
  try {
    await lease.slot.complete({ segments: completionPrompt(n) }, { maxTokens: 8, temperature: 0, script: false });
  } finally {
    lease.release();
  }
  return performance.now() - started;
}

/** Turn 1 then turn 2 on a cleared chat sequence, with `between` completions in the middle: what turn 2 evaluated. */
async function turnAfter(host: ModelHost, between: number): Promise<number> {
  let lease = await leaseSlot(host, "chat", "bench");
  await (lease.slot as EngineSequence).clear();
  await lease.slot.complete({ conversation: TURN1 }, { script: `<|channel|>final<|message|>${ANSWER1}<|return|>` });
  lease.release();
  for (let n = 0; n < between; n++) await completionMs(host, n);
  lease = await leaseSlot(host, "chat", "bench");
  const second = await lease.slot.complete({ conversation: TURN2 }, { script: "<|channel|>final<|message|>Then the defaults apply.<|return|>" });
  lease.release();
  return second.stats.promptEvaluatedTokens;
}

/** Chat tokens/s over `chatTokens` tokens; with `busy`, completions run back to back meanwhile. Returns the completion latencies too. */
async function chatSpeed(host: ModelHost, busy: boolean): Promise<{ tokensPerSecond: number; completionMs: number[] }> {
  const lease = await leaseSlot(host, "chat", "speed");
  const latencies: number[] = [];
  let chatting = true;
  const background = (async () => {
    let n = 1000;
    while (busy && chatting) latencies.push(await completionMs(host, n++));
  })();
  try {
    const result = await lease.slot.complete({ conversation: TURN1 }, { script: LONG_ANSWER, maxTokens: chatTokens });
    return { tokensPerSecond: result.stats.tokensPerSecond, completionMs: latencies };
  } finally {
    chatting = false;
    await background;
    lease.release();
  }
}

async function measure(modelPath: string, layout: "contexts" | "sequences"): Promise<Figures> {
  const options: EngineOptions = { modelPath, gpu: false, threads, contextSize: 8192, lanes: defaultLanes(8192), laneLayout: layout, script: false };
  const host = new ModelHost({ resolveOptions: async () => options, idleUnloadMs: () => 0, log: () => {} });
  try {
    const state = await host.ensureLoaded().then(() => host.state);
    if (state.kind === "ready" && state.report.lanes) {
      console.log(`  lanes: ${state.report.lanes.sequences.map((s) => `${s.lane} ${s.contextSize} tokens`).join(", ")}`);
    }
    // Warm-up: the completion lane's file window in the cache, as after the first keystroke.
    for (let n = 0; n < 3; n++) await completionMs(host, n);

    const chatTurnNewTokens = await turnAfter(host, 0);
    const chatTurnEvaluatedAfterCompletions = await turnAfter(host, completions);
    console.log(`  (a) chat turn 2 evaluated ${chatTurnEvaluatedAfterCompletions} tokens after ${completions} completions; ${chatTurnNewTokens} with none between`);

    const idle: number[] = [];
    for (let n = 0; n < samples; n++) idle.push(await completionMs(host, 500 + n));
    const alone = await chatSpeed(host, false);
    const together = await chatSpeed(host, true);
    const idleMs = median(idle);
    const busyMs = median(together.completionMs);
    console.log(`  (b) completion latency p50: idle ${fmt(idleMs, 1)} ms, while the chat generates ${fmt(busyMs, 1)} ms (${together.completionMs.length} requests)`);
    console.log(`  (c) chat: alone ${fmt(alone.tokensPerSecond, 1)} tokens/s, with completions running ${fmt(together.tokensPerSecond, 1)} tokens/s`);
    return {
      chatTurnEvaluatedAfterCompletions,
      chatTurnNewTokens,
      completionLatencyBusyOverIdle: busyMs / idleMs,
      chatSpeedWithCompletionsOverAlone: together.tokensPerSecond / alone.tokensPerSecond,
      idleMs,
      busyMs,
      chatAlone: alone.tokensPerSecond,
      chatBusy: together.tokensPerSecond,
    };
  } finally {
    await host.dispose();
  }
}

async function main(): Promise<void> {
  const modelPath = values.model ? path.resolve(values.model) : await tinyModelPath({ config: BENCH_MODEL_CONFIG });
  console.log(`# bench:concurrency on ${path.basename(modelPath)}, CPU, ${threads} thread(s) per context`);
  const results: Partial<Record<"contexts" | "sequences", Figures>> = {};
  for (const layout of ["contexts", "sequences"] as const) {
    console.log(`\n## layout: ${layout === "contexts" ? "a context per lane (default)" : "one context, a sequence per lane"}`);
    results[layout] = await measure(modelPath, layout);
  }
  const chosen = results.contexts!;
  const other = results.sequences!;
  console.log("\n## Summary (busy/idle latency, chat speed with/without completions)");
  for (const [name, r] of Object.entries(results)) {
    console.log(`  ${name.padEnd(9)} latency x${fmt(r!.completionLatencyBusyOverIdle)} (target <= 2.0), chat speed x${fmt(r!.chatSpeedWithCompletionsOverAlone)} (target >= 0.7), turn after completions ${r!.chatTurnEvaluatedAfterCompletions} vs ${r!.chatTurnNewTokens}`);
  }
  console.log(
    `  a context per lane vs one context: latency x${fmt(chosen.completionLatencyBusyOverIdle)} vs x${fmt(other.completionLatencyBusyOverIdle)}, ` +
      `chat x${fmt(chosen.chatSpeedWithCompletionsOverAlone)} vs x${fmt(other.chatSpeedWithCompletionsOverAlone)}`,
  );
  console.log(
    JSON.stringify({
      chatTurnEvaluatedAfterCompletions: chosen.chatTurnEvaluatedAfterCompletions,
      chatTurnNewTokens: chosen.chatTurnNewTokens,
      completionLatencyBusyOverIdle: Number(fmt(chosen.completionLatencyBusyOverIdle, 3)),
      chatSpeedWithCompletionsOverAlone: Number(fmt(chosen.chatSpeedWithCompletionsOverAlone, 3)),
    }),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:concurrency: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
