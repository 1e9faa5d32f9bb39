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
// Speeds are printed per wall-clock second and per CPU-second of the process (steadier when other
// programs share the cores); the JSON line has the wall-clock ratios.
//
//   npx tsx bench/speculative.ts [--threads 1] [--rounds 5] [--free-tokens 128] [--max-prediction 1] [--min-pattern 1] [--model PATH]
import path from "node:path";
import { parseArgs } from "node:util";
import { defaultSystemContent, type Conversation } from "../src/core/harmony/index";
import { loadEngine, type EngineSequence } from "../src/engine/index";
import { DEFAULT_PROMPT_LOOKUP } from "../src/engine/predictor";
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
// The engine's defaults (predictor.ts explains them); other values to compare.
const maxPrediction = positiveInt("max-prediction", values["max-prediction"], DEFAULT_PROMPT_LOOKUP.maxPrediction);
const minPattern = positiveInt("min-pattern", values["min-pattern"], DEFAULT_PROMPT_LOOKUP.minPattern);

const fmt = (value: number, digits = 2) => value.toFixed(digits);
const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** A 300-line TypeScript file: 20 different functions of 15 lines (a real file repeats itself less than a template would). */
const NOUNS = ["order", "invoice", "cart", "refund", "coupon", "shipment", "basket", "receipt", "voucher", "payment"];
const FIELDS = ["price", "weight", "amount", "cost", "fee", "charge", "value", "rate", "score", "points"];
const VERBS = ["apply", "compute", "merge", "settle", "adjust", "round", "check", "update", "scale", "limit"];
function functionText(i: number, name = `${VERBS[i % 10]}${NOUNS[(i * 3) % 10]!.replace(/^./, (c) => c.toUpperCase())}Total${i}`, cap = `0.${(i % 5) + 2}`): string {
  const noun = NOUNS[(i * 7) % 10]!;
  const field = FIELDS[i % 10]!;
  const other = FIELDS[(i + 3) % 10]!;
  return [
    `export function ${name}(${noun}: ${noun[0]!.toUpperCase()}${noun.slice(1)}, customer: Customer): number {`,
    `  const lines = ${noun}.lines.filter((line) => line.${field} > ${i % 4});`,
    `  let sum${i} = 0;`,
    `  for (const line of lines) {`,
    `    sum${i} += line.${field} * (line.${other} ?? ${i + 1});`,
    `  }`,
    `  const loyalty = customer.since.getFullYear() < ${2000 + i} ? ${cap} : 0;`,
    `  const seasonal = ${noun}.created.getMonth() === ${i % 12} ? 0.0${i % 9} : 0;`,
    `  const reduction = Math.min(${cap}, loyalty + seasonal);`,
    `  const result = Math.round(sum${i} * (1 - reduction) * 100) / 100;`,
    `  if (!Number.isFinite(result)) {`,
    `    throw new Error(\`${name}: bad ${field} in \${${noun}.id}\`);`,
    `  }`,
    `  return result;`,
    `}`,
  ].join("\n");
}
const FILE = Array.from({ length: 20 }, (_, i) => functionText(i)).join("\n");
const TARGET = 7;
/** The Fix: the function renamed, its cap changed, one line commented. */
const FIXED = functionText(TARGET, "settleCustomerTotal", "0.3").replace(
  "  const reduction = Math.min(",
  "  // loyalty and season never take more than the cap\n  const reduction = Math.min(",
);

const system = { role: "system", content: defaultSystemContent({ reasoningEffort: "low" }) } as const;
const COPY_ASK: Conversation = [
  system,
  { role: "user", content: `Here is src/totals.ts:\n\n\`\`\`typescript\n${FILE}\n\`\`\`\n\nIn function number ${TARGET + 1}, rename it to settleCustomerTotal, use a cap of 0.3 and comment the cap. Reply with the whole function.` },
];
const COPY_SCRIPT = `<|channel|>final<|message|>\`\`\`typescript\n${FIXED}\n\`\`\`<|return|>`;
const FREE_ASK: Conversation = [system, { role: "user", content: "Write a short story about a lighthouse keeper who finds a message in a bottle." }];

interface Run {
  tokens: number[];
  tokensPerSecond: number;
  /** Generated tokens per CPU-second of this process (llama.cpp's threads included): steadier than wall time on a shared machine. */
  tokensPerCpuSecond: number;
  used: number;
  tried: number;
}

async function run(sequence: EngineSequence, conversation: Conversation, speculative: boolean, script: string | false, maxTokens: number): Promise<Run> {
  await sequence.clear();
  // The prompt first (one token generated), so that the timed call is generation only.
  await sequence.complete({ conversation }, { speculative: false, script: false, temperature: 0, maxTokens: 1 });
  const before = { ...sequence.llamaSequence.tokenPredictions };
  const cpu = process.cpuUsage();
  const result = await sequence.complete({ conversation }, { speculative, script, temperature: 0, maxTokens });
  const used = process.cpuUsage(cpu);
  const after = sequence.llamaSequence.tokenPredictions;
  return {
    tokens: result.tokens,
    tokensPerSecond: result.stats.tokensPerSecond,
    tokensPerCpuSecond: result.stats.generatedTokens / ((used.user + used.system) / 1e6),
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
  const cpuOn = median(on.map((r) => r.tokensPerCpuSecond));
  const cpuOff = median(off.map((r) => r.tokensPerCpuSecond));
  const generated = on[0]!.tokens.length;
  const used = median(on.map((r) => r.used));
  const tried = median(on.map((r) => r.tried));
  const evaluations = generated - used;
  console.log(
    `${label}: ${generated} tokens; without ${fmt(speedOff, 1)} tokens/s, with ${fmt(speedOn, 1)} tokens/s (x${fmt(speedOn / speedOff)}); ` +
      `per CPU-second ${fmt(cpuOff, 1)} vs ${fmt(cpuOn, 1)} (x${fmt(cpuOn / cpuOff)}); ` +
      `proposals ${tried} checked, ${used} accepted; ${evaluations} evaluations (${fmt(generated / evaluations)} tokens each); identical: ${identical}`,
  );
  return { ratio: speedOn / speedOff, cpuRatio: cpuOn / cpuOff, identical, acceptedPerEvaluation: used / evaluations };
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
