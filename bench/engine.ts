// bench:engine — figures and ratios, never pass/fail on time.
//   1. Throughput: our engine's generation vs a bare node-llama-cpp `sequence.evaluate` loop on
//      the same model, context, threads, sampler settings and seed (so the same tokens), in
//      interleaved rounds; medians and their ratio (target >= 0.97).
//   2. vs llama.cpp itself: llama-bench tg (built from node-llama-cpp's bundled source by
//      bench/llamaBench.ts, cached) on the same model and threads (target >= 0.9).
//   3. Prefix reuse: a 10-turn chat (scripted replies with reasoning, dropped from the history as
//      harmony says), prompt tokens evaluated per turn with reuse vs from scratch, by the token meter.
//   4. The sliding-window fix: generation speed and KV memory with checkpoints (ours) vs
//      swaFullCache, after a long prompt.
//   5. Per-token breakdown, in CPU microseconds: the bare loop with a greedy pick (decode +
//      node-llama-cpp), decode alone (llama-bench), sampling (top-k 100 at temperature 1 over
//      greedy), our JS per token (engine over the bare sampled loop), and of that the harmony
//      parser and text decoder (timed alone).
//
//   6. The reasoning rule: prompt tokens re-evaluated at each step of a 3-turn agent chat, with the
//      reference's auto_drop_analysis (before) and the cookbook rule (after).
//   7. The header constraint: per-token time inside headers (constrained) and outside, vs off.
//
//   npx tsx bench/engine.ts [--threads 1] [--rounds 7] [--tokens 128] [--skip-llama-bench] [--breakdown-only] [--model PATH] [--only reasoning,headers]
//
// Without --model it uses the compute-bound benchmark model (embedding 512, 8 blocks, 16 experts,
// 242 MB; ~6 ms per token at 1 thread), generated under .cache/tiny-model/ if missing.
import path from "node:path";
import { parseArgs } from "node:util";
import type { LlamaContextSequence, Token } from "node-llama-cpp" with { "resolution-mode": "import" };
import { defaultSystemContent, developerContent, PRODUCT_RENDER_CONFIG, type Conversation, type RenderConfig } from "../src/core/harmony/index";
import { loadEngine, type Engine, type EngineSequence, type SamplingOptions } from "../src/engine/index";
import { DEFAULT_TOP_K } from "../src/engine/generate";
import { HarmonyStreamParser, specialTokenName } from "../src/core/harmony/index";
import { TokenTextDecoder } from "../src/engine/tokenText";
import { processOverhead } from "./engineProcess";
import { BENCH_MODEL_CONFIG, tinyModelPath } from "../test/helpers/tinyModel";
import { runLlamaBench } from "./llamaBench";

const BENCH_MODEL = BENCH_MODEL_CONFIG;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const fmt = (value: number, digits = 1) => value.toFixed(digits);

interface Run {
  tokens: number[];
  seconds: number;
  /** CPU time over wall time of the call: below ~0.95 the process waited for a CPU (a busy machine). */
  cpuShare: number;
}

async function timed(body: () => Promise<Omit<Run, "cpuShare">>): Promise<Run> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const run = await body();
  const used = process.cpuUsage(cpu);
  return { ...run, cpuShare: (used.user + used.system) / 1000 / (performance.now() - started) };
}

/** The same settings for both loops: the engine's defaults, made explicit. */
function sampling(seed: number): Required<SamplingOptions> {
  return { temperature: 1, topP: 1, topK: DEFAULT_TOP_K, minP: 0, seed };
}

/** A bare node-llama-cpp loop: prompt in, then `count` tokens out, timed like the engine times itself. */
function rawLoop(sequence: LlamaContextSequence, prompt: Token[], count: number, seed: number): Promise<Run> {
  return timed(() => rawLoopUntimed(sequence, prompt, count, seed));
}

async function rawLoopUntimed(sequence: LlamaContextSequence, prompt: Token[], count: number, seed: number): Promise<Omit<Run, "cpuShare">> {
  await sequence.clearHistory();
  await sequence.evaluateWithoutGeneratingNewTokens(prompt.slice(0, -1));
  const tokens: number[] = [];
  const started = performance.now();
  for await (const token of sequence.evaluate([prompt.at(-1)!], { ...sampling(seed), yieldEogToken: true })) {
    tokens.push(token);
    if (tokens.length >= count) break;
  }
  return { tokens, seconds: (performance.now() - started) / 1000 };
}

function engineRun(sequence: EngineSequence, chat: Conversation, count: number, seed: number): Promise<Run> {
  return timed(async () => {
    await sequence.clear();
    // Unconstrained headers: the bare loop samples freely, so both must give the same tokens.
    const result = await sequence.complete({ conversation: chat }, { ...sampling(seed), maxTokens: count, script: false, headerConstraint: false });
    return { tokens: result.tokens.slice(0, result.stats.generatedTokens), seconds: result.stats.generationMs / 1000 };
  });
}

async function throughput(engine: Engine, threads: number, rounds: number, count: number): Promise<{ ours: number; raw: number }> {
  console.log(`\n## Throughput: ${count} generated tokens, ${rounds} interleaved rounds, ${threads} thread(s), top-k ${DEFAULT_TOP_K}, temperature 1`);
  const ours = engine.openSequence();
  const raw = engine.context.getSequence();
  const chat: Conversation = [
    { role: "system", content: defaultSystemContent() },
    { role: "user", content: "Write a short poem about the sea." },
  ];
  const prompt = ours.tokenize({ conversation: chat });
  const oursRates: number[] = [];
  const rawRates: number[] = [];
  let identical = 0;
  const quiet: number[] = [];
  // One warm-up of each, not counted.
  await engineRun(ours, chat, 16, 999);
  await rawLoop(raw, prompt, 16, 999);
  for (let round = 0; round < rounds; round++) {
    const seed = round + 1;
    // Alternate who goes first, so drift in the machine's speed hits both alike.
    const first = round % 2 === 0 ? "ours" : "raw";
    let a: Run;
    let b: Run;
    if (first === "ours") {
      a = await engineRun(ours, chat, count, seed);
      b = await rawLoop(raw, prompt, a.tokens.length, seed);
    } else {
      b = await rawLoop(raw, prompt, count, seed);
      a = await engineRun(ours, chat, count, seed);
    }
    const n = Math.min(a.tokens.length, b.tokens.length);
    if (a.tokens.slice(0, n).every((t, i) => t === b.tokens[i])) identical++;
    oursRates.push(a.tokens.length / a.seconds);
    rawRates.push(b.tokens.length / b.seconds);
    console.log(
      `round ${round + 1}: ours ${fmt(oursRates.at(-1)!)} tok/s (${a.tokens.length} tokens, CPU ${fmt(100 * a.cpuShare, 0)}%), ` +
        `raw ${fmt(rawRates.at(-1)!)} tok/s (${b.tokens.length} tokens, CPU ${fmt(100 * b.cpuShare, 0)}%)`,
    );
    if (a.cpuShare >= 0.95 && b.cpuShare >= 0.95) quiet.push(round);
  }
  const ratio = median(oursRates) / median(rawRates);
  const perRound = median(oursRates.map((r, i) => r / rawRates[i]!));
  console.log(
    `median: ours ${fmt(median(oursRates))} tok/s, bare evaluate loop ${fmt(median(rawRates))} tok/s; ratio ${fmt(ratio, 3)} ` +
      `(median of per-round ratios ${fmt(perRound, 3)}); same tokens in ${identical}/${rounds} rounds (target >= 0.97)`,
  );
  if (quiet.length > 0 && quiet.length < rounds) {
    const q = (rates: number[]) => median(quiet.map((i) => rates[i]!));
    console.log(`quiet rounds only (${quiet.length} of ${rounds}, both >= 95% CPU): ours ${fmt(q(oursRates))}, raw ${fmt(q(rawRates))}, ratio ${fmt(q(oursRates) / q(rawRates), 3)}`);
  }
  await ours.dispose();
  await raw.dispose();
  return { ours: median(oursRates), raw: median(rawRates) };
}

async function versusLlamaBench(model: string, threads: number, count: number, ours: number): Promise<number | undefined> {
  console.log(`\n## vs llama.cpp's llama-bench (tg${count}, same model and threads)`);
  try {
    const result = await runLlamaBench({ model, threads, nGen: count, nPrompt: 0, repetitions: 5, build: { log: () => undefined } });
    const theirs = result.generation?.tokensPerSecond ?? NaN;
    console.log(`llama-bench tg${count}: ${fmt(theirs)} tok/s (no sampling); ours ${fmt(ours)} tok/s; ratio ${fmt(ours / theirs, 3)} (target >= 0.9)`);
    return Number.isFinite(theirs) ? theirs : undefined;
  } catch (error) {
    console.log(`llama-bench unavailable: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
    return undefined;
  }
}

/** CPU microseconds per generated token (this process, llama.cpp's threads included): steady when other programs share the cores. */
async function cpuMicrosPerToken(body: () => Promise<number>): Promise<number> {
  const cpu = process.cpuUsage();
  const tokens = await body();
  const used = process.cpuUsage(cpu);
  return (used.user + used.system) / tokens;
}

/** A bare node-llama-cpp loop generating `count` tokens after an already evaluated prompt. */
async function bareGeneration(sequence: LlamaContextSequence, prompt: Token[], count: number, options: SamplingOptions): Promise<number> {
  await sequence.clearHistory();
  await sequence.evaluateWithoutGeneratingNewTokens(prompt.slice(0, -1));
  return cpuMicrosPerToken(async () => {
    let n = 0;
    for await (const token of sequence.evaluate([prompt.at(-1)!], { ...options, yieldEogToken: true })) {
      void token;
      if (++n >= count) break;
    }
    return n;
  });
}

/** Microseconds per token of the parser and text decoder alone, on a harmony answer's tokens. */
function parserMicros(engine: Engine): number {
  const text =
    "<|channel|>analysis<|message|>" + "The user wants a poem; keep it short and vivid. ".repeat(20) +
    "<|end|><|start|>assistant<|channel|>final<|message|>" + "Waves fold silver light over the quiet stones, ".repeat(20);
  const tokens = engine.model.tokenize(text, true);
  const reps = 200;
  const started = performance.now();
  for (let r = 0; r < reps; r++) {
    const parser = new HarmonyStreamParser({ strict: false });
    const decoder = new TokenTextDecoder((t) => engine.model.detokenize(t, true));
    for (const token of tokens) {
      if (specialTokenName(token) !== undefined) {
        decoder.flush();
        parser.push({ id: token });
      } else {
        const piece = decoder.push(token);
        if (piece !== "") parser.push({ id: token, text: piece });
      }
    }
    parser.end();
  }
  return ((performance.now() - started) * 1000) / (reps * tokens.length);
}

/**
 * Where a generated token's time goes, in CPU microseconds (wall time is useless on a machine
 * others share), interleaved rounds, medians; set against a 20b token on a GPU (~5 ms at 190 tok/s).
 */
async function perTokenBreakdown(engine: Engine, count: number, rounds: number, llamaBench: number | undefined): Promise<void> {
  console.log(`\n## Per-token breakdown (CPU microseconds per generated token; ${rounds} interleaved rounds of ${count} tokens; medians)`);
  const ours = engine.openSequence();
  const raw = engine.context.getSequence();
  const chat: Conversation = [
    { role: "system", content: defaultSystemContent() },
    { role: "user", content: "Write a short poem about the sea." },
  ];
  const prompt = ours.tokenize({ conversation: chat }) as Token[];
  const engineUs: number[] = [];
  const sampledUs: number[] = [];
  const greedyUs: number[] = [];
  try {
    for (let round = 0; round < rounds; round++) {
      const seed = round + 1;
      await ours.clear();
      await ours.complete({ conversation: chat }, { ...sampling(seed), maxTokens: 1, script: false });
      engineUs.push(
        await cpuMicrosPerToken(async () => (await ours.complete({ conversation: chat }, { ...sampling(seed), maxTokens: count, script: false })).stats.generatedTokens),
      );
      sampledUs.push(await bareGeneration(raw, prompt, count, sampling(seed)));
      greedyUs.push(await bareGeneration(raw, prompt, count, { temperature: 0 }));
    }
  } finally {
    await ours.dispose();
    await raw.dispose();
  }
  const engineMedian = median(engineUs);
  const sampled = median(sampledUs);
  const greedy = median(greedyUs);
  const decode = llamaBench !== undefined ? 1e6 / llamaBench : undefined;
  const parser = parserMicros(engine);
  const rows: Array<[string, number | undefined]> = [
    ["bare loop, greedy pick (decode + node-llama-cpp's loop + argmax)", greedy],
    ["  decode alone (llama-bench tg, wall time)", decode],
    ["sampling: top-k 100 at temperature 1, over the greedy pick", sampled - greedy],
    ["our JS per token (engine over the bare sampled loop)", engineMedian - sampled],
    ["  of which the harmony parser + text decoder (timed alone)", parser],
    ["total per token, the engine", engineMedian],
  ];
  for (const [label, value] of rows) console.log(`${label.padEnd(72)} ${value === undefined ? "   n/a (run without --skip-llama-bench)" : fmt(value, 1).padStart(8)}`);
  const overhead = engineMedian - greedy;
  console.log(
    `per-token overhead over the bare greedy loop (sampling + ours): ${fmt(overhead, 0)} us, ${fmt((100 * overhead) / engineMedian, 1)}% of a token here; ` +
      `against a 20b token on a GPU (~5,000 us at 190 tok/s): sampling ${fmt((100 * (sampled - greedy)) / 5000, 1)}%, ours ${fmt((100 * (engineMedian - sampled)) / 5000, 2)}%`,
  );
}

async function prefixReuse(engine: Engine, turns: number): Promise<void> {
  console.log(`\n## Prefix reuse: a ${turns}-turn chat, prompt tokens evaluated per turn (token meter)`);
  const reuse = engine.openSequence();
  const scratch = engine.openSequence();
  const chat: Conversation = [{ role: "system", content: defaultSystemContent() }];
  console.log("turn  prompt  reply  evaluated(reuse)  ms(reuse)  evaluated(scratch)  ms(scratch)");
  let totalReuse = 0;
  let totalScratch = 0;
  for (let turn = 1; turn <= turns; turn++) {
    chat.push({ role: "user", content: `Question ${turn}: what is ${turn} times ${turn + 1}? Explain briefly.` });
    // ~700 tokens of reasoning, dropped from the history next turn: a rollback past the
    // sliding-window cache (128 + 512 tokens) that only the checkpoint keeps cheap.
    const reasoning = Array.from({ length: 60 }, (_, i) => `step ${i + 1} of the product ${turn} x ${turn + 1}`).join("; ");
    const answer = `${turn} times ${turn + 1} is ${turn * (turn + 1)}.`;
    const script = `<|channel|>analysis<|message|>${reasoning}.<|end|><|start|>assistant<|channel|>final<|message|>${answer}<|return|>`;
    const withReuse = await reuse.complete({ conversation: chat }, { script, seed: turn });
    await scratch.clear();
    // From scratch only the prompt matters: one token of the reply is enough.
    const fromScratch = await scratch.complete({ conversation: chat }, { script, seed: turn, maxTokens: 1 });
    const r = withReuse.stats;
    const s = fromScratch.stats;
    totalReuse += r.promptEvaluatedTokens;
    totalScratch += s.promptEvaluatedTokens;
    console.log(
      `${String(turn).padStart(4)}  ${String(r.promptTokens).padStart(6)}  ${String(r.generatedTokens).padStart(5)}  ${String(r.promptEvaluatedTokens).padStart(16)}  ${fmt(r.promptMs).padStart(9)}  ` +
        `${String(s.promptEvaluatedTokens).padStart(18)}  ${fmt(s.promptMs).padStart(11)}`,
    );
    chat.push({ role: "assistant", channel: "final", content: answer });
  }
  console.log(`total evaluated: ${totalReuse} with reuse vs ${totalScratch} from scratch (${fmt(totalScratch / Math.max(1, totalReuse))}x fewer)`);
  await reuse.dispose();
  await scratch.dispose();
}

/**
 * What the reasoning rule costs in prefix reuse: a 3-turn agent chat (each turn: reasoning, a tool
 * call, its result, reasoning, an answer), rendered with the reference's auto_drop_analysis
 * ("before", what the product used) and with the cookbook rule ("after", PRODUCT_RENDER_CONFIG),
 * each on its own sequence. Prompt tokens evaluated at each step, by the token meter.
 */
async function reasoningRuleCost(engine: Engine): Promise<void> {
  console.log("\n## Reasoning rule: prompt tokens evaluated per step of a 3-turn agent chat (before: reference auto_drop_analysis; after: cookbook rule)");
  const rules = [
    { name: "before", config: {} as RenderConfig, sequence: engine.openSequence(), turnStart: 0, midTurn: 0 },
    { name: "after", config: PRODUCT_RENDER_CONFIG, sequence: engine.openSequence(), turnStart: 0, midTurn: 0 },
  ];
  const tools = [{ name: "read_file", description: "Reads a file.", parameters: { type: "object", properties: { path: { type: "string" } }, required: ["path"] } }];
  const chat: Conversation = [
    { role: "system", content: defaultSystemContent() },
    { role: "developer", content: developerContent("Use the tools.", tools) },
  ];
  console.log("turn  step        evaluated(before)  evaluated(after)");
  for (let turn = 1; turn <= 3; turn++) {
    chat.push({ role: "user", content: `Turn ${turn}: what does file ${turn} say?` });
    const thinking = (what: string) => Array.from({ length: 40 }, (_, i) => `${what} ${turn}, thought ${i + 1}`).join("; ");
    const steps = [
      { label: "turn start", analysis: thinking("which file to read"), tail: `<|start|>assistant to=functions.read_file<|channel|>commentary <|constrain|>json<|message|>{"path":"f${turn}.txt"}<|call|>` },
      { label: "after call", analysis: thinking("what the file says"), tail: `<|start|>assistant<|channel|>final<|message|>File ${turn} says hello.<|return|>` },
    ];
    for (const [index, step] of steps.entries()) {
      const script = `<|channel|>analysis<|message|>${step.analysis}<|end|>${step.tail}`;
      const evaluated: number[] = [];
      for (const rule of rules) {
        const result = await rule.sequence.complete({ conversation: chat, renderConfig: rule.config }, { script, seed: turn });
        evaluated.push(result.stats.promptEvaluatedTokens);
        if (index === 0) rule.turnStart += result.stats.promptEvaluatedTokens;
        else rule.midTurn += result.stats.promptEvaluatedTokens;
      }
      console.log(`${String(turn).padStart(4)}  ${step.label.padEnd(10)}  ${String(evaluated[0]).padStart(17)}  ${String(evaluated[1]).padStart(16)}`);
      chat.push({ role: "assistant", channel: "analysis", content: step.analysis });
      if (index === 0) {
        chat.push({ role: "assistant", channel: "commentary", recipient: "functions.read_file", contentType: "<|constrain|>json", content: `{"path":"f${turn}.txt"}` });
        chat.push({ role: "tool", name: "functions.read_file", recipient: "assistant", channel: "commentary", content: `hello from file ${turn}` });
      } else {
        chat.push({ role: "assistant", channel: "final", content: `File ${turn} says hello.` });
      }
    }
  }
  const [before, after] = rules as [(typeof rules)[0], (typeof rules)[0]];
  console.log(
    `at turn starts: ${before.turnStart} tokens re-evaluated before, ${after.turnStart} after; mid-turn (after a tool call): ${before.midTurn} before, ${after.midTurn} after`,
  );
  console.log(JSON.stringify({ reasoningRule: { turnStartEvaluated: { before: before.turnStart, after: after.turnStart }, midTurnEvaluated: { before: before.midTurn, after: after.midTurn } } }));
  for (const rule of rules) await rule.sequence.dispose();
}

/**
 * The header constraint's cost: unscripted replies (the random-weight model, which never writes a
 * valid header by itself), per-token sampling time inside headers (constrained) and outside them
 * (content, free), and the same replies' per-token time with the constraint off. Interleaved.
 */
async function headerConstraintCost(engine: Engine, replies: number, count: number): Promise<void> {
  console.log(`\n## Header constraint: ${replies} unscripted replies of ${count} tokens, per-token time inside vs outside headers, and with the constraint off`);
  const sequence = engine.openSequence();
  const chat: Conversation = [
    { role: "system", content: defaultSystemContent() },
    { role: "developer", content: developerContent("Use the tools.", [{ name: "read_file", description: "Reads a file.", parameters: { type: "object", properties: { path: { type: "string" } } } }]) },
    { role: "user", content: "Read src/app.ts." },
  ];
  const on = { headerTokens: 0, headerMs: 0, tokens: 0, ms: 0, wellFormed: 0 };
  const off = { tokens: 0, ms: 0, wellFormed: 0 };
  for (let reply = 0; reply < replies; reply++) {
    for (const constrained of reply % 2 === 0 ? [true, false] : [false, true]) {
      const result = await sequence.complete({ conversation: chat }, { script: false, headerConstraint: constrained, seed: reply + 1, maxTokens: count });
      const s = result.stats;
      const ok = result.messages.length > 0 && result.messages.every((m) => m.channel !== undefined && !m.recovered && !m.problems?.length);
      if (constrained) {
        on.headerTokens += s.headerTokens ?? 0;
        on.headerMs += s.headerMs ?? 0;
        on.tokens += s.generatedTokens;
        on.ms += s.generationMs;
        if (ok) on.wellFormed++;
      } else {
        off.tokens += s.generatedTokens;
        off.ms += s.generationMs;
        if (ok) off.wellFormed++;
      }
    }
  }
  const inside = on.headerMs / Math.max(1, on.headerTokens);
  const outside = (on.ms - on.headerMs) / Math.max(1, on.tokens - on.headerTokens);
  const unconstrained = off.ms / Math.max(1, off.tokens);
  console.log(
    `constrained: ${on.headerTokens} header tokens at ${fmt(inside, 3)} ms/token, ${on.tokens - on.headerTokens} content tokens at ${fmt(outside, 3)} ms/token; ` +
      `unconstrained: ${fmt(unconstrained, 3)} ms/token; content/unconstrained ${fmt(outside / unconstrained, 3)}; well-formed replies ${on.wellFormed}/${replies} constrained, ${off.wellFormed}/${replies} unconstrained`,
  );
  console.log(
    JSON.stringify({
      headerConstraint: {
        insideHeaderMsPerToken: Number(inside.toFixed(4)),
        outsideHeaderMsPerToken: Number(outside.toFixed(4)),
        unconstrainedMsPerToken: Number(unconstrained.toFixed(4)),
        wellFormed: { constrained: on.wellFormed, unconstrained: off.wellFormed, replies },
      },
    }),
  );
  await sequence.dispose();
}

async function slidingWindowFix(engine: Engine, threads: number, count: number, rounds: number): Promise<void> {
  console.log(`\n## Sliding-window fix: checkpoints (ours) vs swaFullCache, ${count} tokens after a ~3,000-token prompt, ${rounds} interleaved rounds`);
  const prompt = engine.model.tokenize("The quick brown fox jumps over the lazy dog. ".repeat(300), false);
  const setups = [];
  for (const swaFullCache of [false, true]) {
    const context = await engine.model.createContext({ contextSize: 8192, threads, swaFullCache });
    const sequence = context.getSequence();
    const started = performance.now();
    await sequence.evaluateWithoutGeneratingNewTokens(prompt.slice(0, -1));
    const promptSeconds = (performance.now() - started) / 1000;
    if (!swaFullCache) await sequence.takeCheckpoint();
    setups.push({ name: swaFullCache ? "swaFullCache" : "checkpoints ", context, sequence, promptSeconds, rates: [] as number[], rollback: [] as number[] });
  }
  for (let round = 0; round < rounds; round++) {
    for (const setup of round % 2 === 0 ? setups : [...setups].reverse()) {
      // Roll back to the end of the prompt (as dropping a turn's reasoning does), then generate.
      const before = setup.sequence.tokenMeter.getState();
      await setup.sequence.eraseContextTokenRanges([{ start: prompt.length - 1, end: setup.sequence.nextTokenIndex }]);
      const diff = setup.sequence.tokenMeter.diff(before);
      setup.rollback.push(diff.usedInputTokens + diff.usedOutputTokens);
      let n = 0;
      const started = performance.now();
      for await (const token of setup.sequence.evaluate([prompt.at(-1)!], { ...sampling(round + 1), yieldEogToken: true })) {
        void token;
        if (++n >= count) break;
      }
      setup.rates.push(n / ((performance.now() - started) / 1000));
    }
  }
  for (const setup of setups) {
    console.log(
      `${setup.name}: ${fmt(median(setup.rates))} tok/s (${setup.rates.map((r) => fmt(r, 0)).join(" ")}), prompt ${fmt(prompt.length / setup.promptSeconds, 0)} tok/s, ` +
        `KV state ${fmt(setup.context.stateSize / 1e6)} MB, checkpoints ${fmt(setup.sequence.checkpointsMemoryUsage / 1e6, 2)} MB, ` +
        `tokens re-evaluated per ${count}-token rollback ${median(setup.rollback)}`,
    );
    await setup.context.dispose();
  }
}

async function abortLatency(engine: Engine): Promise<void> {
  console.log("\n## Abort latency (Stop pressed from a timer, as the UI would)");
  const sequence = engine.openSequence();
  try {
    const chat: Conversation = [{ role: "user", content: "Tell me a long story." }];
    const tokensAfter: number[] = [];
    const msAfter: number[] = [];
    for (let round = 0; round < 5; round++) {
      await sequence.clear();
      const controller = new AbortController();
      let cachedAtAbort = 0;
      let abortedAt = 0;
      let texts = 0;
      // Scripted, so that text events come at once (the random model rarely finishes a header).
      const story = `<|channel|>final<|message|>${Array.from({ length: 200 }, (_, i) => `word${i}`).join(" ")}<|return|>`;
      await sequence.complete({ conversation: chat }, { script: story, seed: round + 1, signal: controller.signal }, (event) => {
        if (event.type === "text" && ++texts === 20) {
          setTimeout(() => {
            cachedAtAbort = sequence.cachedTokens;
            abortedAt = performance.now();
            controller.abort();
          }, 3);
        }
      });
      msAfter.push(performance.now() - abortedAt);
      tokensAfter.push(sequence.cachedTokens - cachedAtAbort);
    }
    console.log(`generation: tokens after abort ${tokensAfter.join(", ")}; ms from abort to result ${msAfter.map((m) => fmt(m)).join(", ")}`);

    const long: Conversation = [{ role: "user", content: `Summarize:\n${"The quick brown fox jumps over the lazy dog. ".repeat(300)}` }];
    const total = sequence.tokenize({ conversation: long }).length;
    const chunks: number[] = [];
    const stopMs: number[] = [];
    for (let round = 0; round < 3; round++) {
      await sequence.clear();
      const controller = new AbortController();
      let abortedAt = 0;
      setTimeout(() => {
        abortedAt = performance.now();
        controller.abort();
      }, 60);
      const result = await sequence.complete({ conversation: long }, { script: false, signal: controller.signal, promptChunkSize: 256 });
      stopMs.push(performance.now() - abortedAt);
      chunks.push(result.stats.promptChunks);
    }
    console.log(`prompt of ${total} tokens in 256-token chunks, abort after 60 ms: chunks evaluated ${chunks.join(", ")}; ms from abort to result ${stopMs.map((m) => fmt(m)).join(", ")}`);
  } finally {
    await sequence.dispose();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      threads: { type: "string", default: "1" },
      rounds: { type: "string", default: "7" },
      tokens: { type: "string", default: "128" },
      model: { type: "string" },
      "skip-llama-bench": { type: "boolean", default: false },
      "breakdown-only": { type: "boolean", default: false },
      /** Comma-separated sections to run (throughput, breakdown, prefix, reasoning, headers, abort, swa); default all. */
      only: { type: "string" },
    },
  });
  const wanted = values.only?.split(",").map((s) => s.trim());
  const run = (section: string) => wanted === undefined || wanted.includes(section);
  const threads = Number(values.threads);
  const rounds = Number(values.rounds);
  const count = Number(values.tokens);
  const model = values.model ? path.resolve(values.model) : await tinyModelPath({ config: BENCH_MODEL });
  const engine = await loadEngine({ modelPath: model, gpu: false, threads, contextSize: 8192, sequences: 2, script: false });
  try {
    const t = engine.report.timings;
    console.log(`# bench:engine on ${path.basename(model)}, ${engine.report.device.label}, ${threads} thread(s)`);
    console.log(
      `load: ${fmt(t.totalMs / 1000, 2)} s (check ${fmt(t.checkMs)} ms, import ${fmt(t.importMs)} ms, getLlama ${fmt(t.getLlamaMs)} ms, ` +
        `loadModel ${fmt(t.loadModelMs)} ms, createContext ${fmt(t.createContextMs)} ms)`,
    );
    if (values["breakdown-only"]) {
      await perTokenBreakdown(engine, count, rounds, undefined);
      return;
    }
    let llamaBench;
    if (run("throughput")) {
      const rates = await throughput(engine, threads, rounds, count);
      llamaBench = values["skip-llama-bench"] ? undefined : await versusLlamaBench(model, threads, count, rates.ours);
    }
    if (run("breakdown")) await perTokenBreakdown(engine, count, rounds, llamaBench);
    if (run("prefix")) await prefixReuse(engine, 10);
    if (run("reasoning")) await reasoningRuleCost(engine);
    if (run("headers")) await headerConstraintCost(engine, 20, 64);
    if (run("abort")) await abortLatency(engine);
    if (run("swa")) await slidingWindowFix(engine, threads, count, rounds);
    if (run("process")) await processOverhead(engine, model, threads, rounds, count);
  } finally {
    await engine.dispose();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:engine: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
