// bench:speculative — prompt-lookup speculative decoding, with vs without, in one run, on the
// bench model (MXFP4 experts, compute-bound like a real model on a CPU). Figures, never pass/fail.
//   copy:      the answer rewrites one function of a 300-line file it was shown, with small
//              changes (forced by the tests' script bias: the forward passes and the lookup are
//              real, the random model just cannot copy by itself). Target >= 1.8x tokens/s.
//   free text: the model's own greedy text after a question (target >= 0.97x: the lookup's cost
//              when it rarely finds anything).
// Rounds alternate with and without on the same sequence; medians. Identical tokens are checked
// in every round.
//
//   npx tsx bench/speculative.ts [--threads 1] [--rounds 5] [--free-tokens 128] [--max-prediction 8] [--min-pattern 2] [--model PATH]
import path from "node:path";
import { parseArgs } from "node:util";
import { defaultSystemContent, type Conversation } from "../src/core/harmony/index";
import { loadEngine, type EngineSequence } from "../src/engine/index";
import { BENCH_MODEL_CONFIG, tinyModelPath } from "../test/helpers/tinyModel";
import { positiveInt } from "./args";

const { values } = parseArgs({
  options: {
    threads: { type: "string" },
    rounds: { type: "string" },
    "free-tokens": { type: "string" },
    "max-prediction": { type: "string" },
    "min-pattern": { type: "string" },
    model: { type: "string" },
  },
});
const threads = positiveInt("threads", values.threads, 1);
const rounds = positiveInt("rounds", values.rounds, 5);
const freeTokens = positiveInt("free-tokens", values["free-tokens"], 128);
const maxPrediction = positiveInt("max-prediction", values["max-prediction"], 8);
const minPattern = positiveInt("min-pattern", values["min-pattern"], 2);

const fmt = (value: number, digits = 2) => value.toFixed(digits);
const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** A 300-line TypeScript file: 20 functions of 15 lines. */
function functionText(i: number, name = `applyDiscount${i}`, rate = `${i % 9}`): string {
  return [
    `export function ${name}(order: Order, customer: Customer): Order {`,
    `  const items = order.items.filter((item) => item.quantity > 0);`,
    `  let subtotal = 0;`,
    `  for (const item of items) {`,
    `    subtotal += item.price * item.quantity;`,
    `  }`,
    `  const loyalty = customer.years > ${i % 5} ? 0.0${rate} : 0;`,
    `  const seasonal = order.date.getMonth() === ${i % 12} ? 0.05 : 0;`,
    `  const discount = Math.min(0.3, loyalty + seasonal);`,
    `  const total = Math.round(subtotal * (1 - discount) * 100) / 100;`,
    `  if (total < 0) {`,
    `    throw new Error("Negative total in ${name}");`,
    `  }`,
    `  return { ...order, items, subtotal, discount, total };`,
    `}`,
  ].join("\n");
}
const FILE = Array.from({ length: 20 }, (_, i) => functionText(i)).join("\n");
const TARGET = 7;
/** The Fix: the function renamed, its rate changed, one line added. */
const FIXED = functionText(TARGET, "applyCustomerDiscount", "8").replace(
  "  const discount = Math.min(0.3, loyalty + seasonal);",
  "  const discount = Math.min(0.3, loyalty + seasonal); // capped at 30%",
);

const system = { role: "system", content: defaultSystemContent({ reasoningEffort: "low" }) } as const;
const COPY_ASK: Conversation = [
  system,
  { role: "user", content: `Here is src/discounts.ts:\n\n\`\`\`typescript\n${FILE}\n\`\`\`\n\nRename applyDiscount${TARGET} to applyCustomerDiscount, use rate 8, and comment the cap. Reply with the whole function.` },
];
const COPY_SCRIPT = `<|channel|>final<|message|>\`\`\`typescript\n${FIXED}\n\`\`\`<|return|>`;
const FREE_ASK: Conversation = [system, { role: "user", content: "Write a short story about a lighthouse keeper who finds a message in a bottle." }];

interface Run {
  tokens: number[];
  tokensPerSecond: number;
  used: number;
  tried: number;
}

async function run(sequence: EngineSequence, conversation: Conversation, speculative: boolean, script: string | false, maxTokens: number): Promise<Run> {
  await sequence.clear();
  const before = { ...sequence.llamaSequence.tokenPredictions };
  const result = await sequence.complete({ conversation }, { speculative, script, temperature: 0, maxTokens });
  const after = sequence.llamaSequence.tokenPredictions;
  return {
    tokens: result.tokens,
    tokensPerSecond: result.stats.tokensPerSecond,
    used: after.used - before.used,
    tried: after.validated + after.refuted - (before.validated + before.refuted),
  };
}

async function compare(sequence: EngineSequence, label: string, conversation: Conversation, script: string | false, maxTokens: number) {
  const on: Run[] = [];
  const off: Run[] = [];
  let identical = true;
  for (let round = 0; round < rounds; round++) {
    // Alternate which goes first, so a drift in the machine's load hits both alike.
    const pair = round % 2 === 0 ? [true, false] : [false, true];
    for (const speculative of pair) (speculative ? on : off).push(await run(sequence, conversation, speculative, script, maxTokens));
    if (JSON.stringify(on.at(-1)!.tokens) !== JSON.stringify(off.at(-1)!.tokens)) identical = false;
  }
  const speedOn = median(on.map((r) => r.tokensPerSecond));
  const speedOff = median(off.map((r) => r.tokensPerSecond));
  const generated = on[0]!.tokens.length;
  const used = median(on.map((r) => r.used));
  const tried = median(on.map((r) => r.tried));
  const evaluations = generated - used;
  console.log(
    `${label}: ${generated} tokens; without ${fmt(speedOff, 1)} tokens/s, with ${fmt(speedOn, 1)} tokens/s (x${fmt(speedOn / speedOff)}); ` +
      `proposals ${tried} checked, ${used} accepted; ${evaluations} evaluations (${fmt(generated / evaluations)} tokens each); identical: ${identical}`,
  );
  return { ratio: speedOn / speedOff, identical, acceptedPerEvaluation: used / evaluations };
}

async function main(): Promise<void> {
  const modelPath = values.model ? path.resolve(values.model) : await tinyModelPath({ config: BENCH_MODEL_CONFIG });
  const engine = await loadEngine({
    modelPath,
    gpu: false,
    threads,
    contextSize: 8192,
    sequences: 1,
    speculative: { minPattern, maxPrediction },
    script: false,
  });
  try {
    console.log(`# bench:speculative on ${path.basename(modelPath)}, ${engine.report.device.label}, ${threads} thread(s); prompt lookup: match >= ${minPattern} tokens, up to ${maxPrediction} proposed`);
    const sequence = engine.openSequence();
    const copy = await compare(sequence, "copy (a 300-line file's function, small changes)", COPY_ASK, COPY_SCRIPT, 2000);
    const free = await compare(sequence, "free text (greedy)", FREE_ASK, false, freeTokens);
    console.log(
      JSON.stringify({
        copySpeedup: Number(fmt(copy.ratio, 3)),
        freeTextRatio: Number(fmt(free.ratio, 3)),
        identical: copy.identical && free.identical,
        acceptedPerEvaluation: Number(fmt(copy.acceptedPerEvaluation, 3)),
      }),
    );
  } finally {
    await engine.dispose();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:speculative: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
