// bench:completions — inline completions on the tiny model: figures and ratios, never pass/fail on time.
//   1. Latency from request to items, p50/p95 over N requests (typing at the end of a file, each a
//      cache miss), next to a bare node-llama-cpp loop evaluating the same prompt tokens (with the
//      same prefix reuse) and generating the same number of tokens, in the same run, interleaved:
//      the difference is our overhead (context, prompt, tokenizer, scheduler, parser, stop rules).
//      Target <= 10 ms at p50.
//   2. Tokens evaluated per keystroke typing at the end of a 2,000-line file (token meter; target
//      <= 64), and model calls while typing through a shown suggestion (target 0).
//   3. A burst of 500 rapid requests, each cancelling the one before (as the provider does), on a
//      one-sequence model with a chat request in the middle: the chat is served before any
//      completion asked after it, and every sequence is idle after the burst.
//
//   npx tsx bench/completions.ts [--threads 1] [--requests 200] [--burst 500] [--max-tokens 16] [--model PATH]
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import type { LlamaContextSequence, Token } from "node-llama-cpp" with { "resolution-mode": "import" };
import { buildCompletionPrompt, completionContext, linesOf } from "../src/core/completion/index";
import { loadEngine, type Engine, type EngineSequence } from "../src/engine/index";
import { ModelHost } from "../src/engine/modelHost";
import { Scheduler } from "../src/engine/scheduler";
import { CompletionService, type CompletionAnswer, type CompletionRequest } from "../src/vscode/completions/completionService";
import { tinyModelPath } from "../test/helpers/tinyModel";
import { positiveInt } from "./args";

const fmt = (value: number, digits = 1) => value.toFixed(digits);
const quiet = { debug() {}, info() {}, warn() {}, error() {} };

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** A TypeScript file of `count` lines, the shape of real code (blank line every fifth). */
function sourceLines(count: number): string[] {
  return Array.from({ length: count }, (_, i) => (i % 5 === 4 ? "" : `export function step${i}(value: number): number { return value * ${i % 7} + ${i}; }`));
}

const FILE = { path: "src/steps.ts", languageId: "typescript" };

function request(lines: readonly string[], line: number, character: number, signal?: AbortSignal): CompletionRequest {
  return { document: "file:///bench/src/steps.ts", lines: linesOf(lines.join("\n")), position: { line, character }, file: FILE, ...(signal ? { signal } : {}) };
}

/** The service on one sequence of `engine`, through the real scheduler. */
function serviceOn(sequence: EngineSequence, maxTokens: number): CompletionService {
  const scheduler = new Scheduler([sequence]);
  return new CompletionService({ host: { lease: (priority, signal) => scheduler.acquire(priority, signal) }, log: quiet, maxTokens: () => maxTokens });
}

/** The bare loop: reuse the common prefix as the engine does, evaluate the rest, generate `count` tokens greedily. */
async function rawCompletion(sequence: LlamaContextSequence, prompt: Token[], count: number): Promise<number> {
  const started = performance.now();
  let first = sequence.compareContextTokens(prompt).firstDifferentIndex;
  if (first >= prompt.length) first = prompt.length - 1;
  if (first < sequence.nextTokenIndex) await sequence.eraseContextTokenRanges([{ start: first, end: sequence.nextTokenIndex }]);
  const rest = prompt.slice(sequence.nextTokenIndex);
  if (rest.length > 1) await sequence.evaluateWithoutGeneratingNewTokens(rest.slice(0, -1));
  let n = 0;
  if (count > 0) {
    for await (const token of sequence.evaluate([rest.at(-1)!], { temperature: 0, yieldEogToken: true })) {
      void token;
      if (++n >= count) break;
    }
  } else {
    await sequence.evaluateWithoutGeneratingNewTokens([rest.at(-1)!]);
  }
  return performance.now() - started;
}

async function latency(engine: Engine, requests: number, maxTokens: number): Promise<void> {
  console.log(`\n## Latency, request -> items: ${requests} requests typing at the end of a 200-line file, max ${maxTokens} tokens, greedy`);
  const ours = engine.openSequence();
  const raw = engine.context.getSequence();
  const service = serviceOn(ours, maxTokens);
  const lines = sourceLines(200);
  lines.push("");
  const last = lines.length - 1;
  const typed = "export const total = step1(2) + step2(3) + step3(4) + step4(5) + step5(6);";
  const oursMs: number[] = [];
  const rawMs: number[] = [];
  const overhead: number[] = [];
  let generated = 0;
  for (let i = 0; i < requests + 2; i++) {
    // A new line every time the typed text runs out: the file grows like a real one.
    const column = (i % typed.length) + 1;
    if (column === 1 && i > 0) {
      lines[last + Math.floor(i / typed.length) - 1] = typed;
      lines.push("");
    }
    const line = last + Math.floor(i / typed.length);
    lines[line] = typed.slice(0, column);
    const req = request(lines, line, column);
    const prompt = ours.tokenize({ segments: buildCompletionPrompt(completionContext(req.lines, req.position, req.file)).segments });
    const runOurs = async () => {
      const started = performance.now();
      const answer: CompletionAnswer = await service.generate(req);
      return { ms: performance.now() - started, answer };
    };
    // Ours first: the bare loop needs to know how many tokens ours generated. Back to back, so
    // drift in the machine's speed hits both alike.
    const o = await runOurs();
    const r = await rawCompletion(raw, prompt, o.answer.stats?.generatedTokens ?? 0);
    if (o.answer.source !== "model") throw new Error(`request ${i + 1} did not reach the model: ${o.answer.source}`);
    if (i < 2) continue; // warm-up
    oursMs.push(o.ms);
    rawMs.push(r);
    overhead.push(o.ms - r);
    generated += o.answer.stats!.generatedTokens;
  }
  console.log(`ours: p50 ${fmt(percentile(oursMs, 50))} ms, p95 ${fmt(percentile(oursMs, 95))} ms (${fmt(generated / requests)} tokens generated per request on average)`);
  console.log(`bare loop, same tokens: p50 ${fmt(percentile(rawMs, 50))} ms, p95 ${fmt(percentile(rawMs, 95))} ms`);
  console.log(
    `overhead (ours - bare, per request): p50 ${fmt(percentile(overhead, 50), 2)} ms, p95 ${fmt(percentile(overhead, 95), 2)} ms (target <= 10 ms at p50); ` +
      `ratio of p50s ${fmt(percentile(oursMs, 50) / percentile(rawMs, 50), 3)}`,
  );
  await ours.dispose();
  await raw.dispose();
}

async function keystrokes(engine: Engine, maxTokens: number): Promise<void> {
  console.log("\n## Typing at the end of a 2,000-line file: tokens evaluated per keystroke (token meter)");
  const sequence = engine.openSequence();
  const service = serviceOn(sequence, maxTokens);
  const lines = sourceLines(2_000);
  lines.push("");
  const last = lines.length - 1;
  const first = await service.generate(request(lines, last, 0));
  console.log(`first request (the window before the cursor read once): ${first.stats?.evaluatedTokens} tokens evaluated, ${first.stats?.promptTokens} in the prompt`);
  const typed = "export const total = step1(2) + step2(3);";
  const perKey: number[] = [];
  for (let i = 1; i <= typed.length; i++) {
    lines[last] = typed.slice(0, i);
    const before = service.counters.evaluatedTokens;
    const calls = service.counters.modelCalls;
    await service.complete(request(lines, last, i));
    // A keystroke answered from the cache evaluates nothing; count only those that reached the model.
    if (service.counters.modelCalls > calls) perKey.push(service.counters.evaluatedTokens - before);
  }
  // Enter: the finished line joins the stable block.
  lines[last] = typed;
  lines.push("");
  const before = service.counters.evaluatedTokens;
  await service.generate(request(lines, last + 1, 0));
  perKey.push(service.counters.evaluatedTokens - before);
  console.log(
    `${perKey.length} keystrokes that reached the model: median ${percentile(perKey, 50)}, p95 ${percentile(perKey, 95)}, max ${Math.max(...perKey)} tokens evaluated ` +
      `(prompt tail + generated; target <= 64)`,
  );
  await sequence.dispose();
}

async function typingThrough(modelPath: string, threads: number): Promise<void> {
  console.log("\n## Typing through a shown suggestion: model calls with the cache");
  const suggestion = "Math.round(net * (1 + VAT_RATE));";
  const folder = mkdtempSync(path.join(os.tmpdir(), "bench-completions-"));
  const script = path.join(folder, "script.json");
  writeFileSync(script, JSON.stringify({ responses: [`${suggestion}<|return|>`] }));
  const engine = await loadEngine({ modelPath, gpu: false, threads, contextSize: 8192, sequences: 1, script });
  try {
    const sequence = engine.openSequence();
    const service = serviceOn(sequence, 64);
    const lines = [...sourceLines(300), "export function grossPrice(net: number): number {", "  return ", "}"];
    const line = lines.length - 2;
    const shown = await service.complete(request(lines, line, 9));
    const calls = service.counters.modelCalls;
    let kept = 0;
    for (let i = 1; i < suggestion.length; i++) {
      lines[line] = `  return ${suggestion.slice(0, i)}`;
      const answer = await service.complete(request(lines, line, 9 + i));
      if (answer.source === "cache" && answer.text === suggestion.slice(i)) kept++;
    }
    console.log(
      `suggestion ${JSON.stringify(shown.text)} typed through in ${suggestion.length - 1} keystrokes: ${kept} answered from the cache with its rest, ` +
        `${service.counters.modelCalls - calls} model call(s) (target 0)`,
    );
  } finally {
    await engine.dispose();
    rmSync(folder, { recursive: true, force: true });
  }
}

async function burst(modelPath: string, threads: number, count: number, maxTokens: number): Promise<void> {
  console.log(`\n## Burst: ${count} rapid requests, each cancelling the one before, one sequence, a chat request at #${Math.floor(count / 2)}`);
  const host = new ModelHost({
    resolveOptions: async () => ({ modelPath, gpu: false, threads, contextSize: 8192, sequences: 1, script: false }),
    idleUnloadMs: () => 0,
    log: () => undefined,
  });
  const scheduler = (await host.ensureLoaded())!;
  // Every lease granted, in order: who got the sequence, and when.
  const grants: Array<{ priority: string; at: number }> = [];
  const lease: ModelHost["lease"] = async (priority, signal) => {
    const granted = await host.lease(priority, signal);
    if (granted) grants.push({ priority, at: performance.now() });
    return granted;
  };
  const service = new CompletionService({ host: { lease }, log: quiet, maxTokens: () => maxTokens });
  const lines = sourceLines(400);
  lines.push("");
  const typed = "export const total = step1(2) + step2(3) + step3(4);";
  const pending: Promise<CompletionAnswer>[] = [];
  let previous: AbortController | undefined;
  let chat: Promise<{ waitedMs: number; completionsBefore: number }> | undefined;
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    previous?.abort();
    const abort = new AbortController();
    previous = abort;
    const column = (i % typed.length) + 1;
    lines[lines.length - 1] = typed.slice(0, column);
    pending.push(service.complete(request(lines, lines.length - 1, column, abort.signal)));
    if (i === Math.floor(count / 2)) {
      const askedAt = performance.now();
      const grantsBefore = grants.length;
      chat = lease("chat").then(async (chatLease) => {
        const completionsBefore = grants.slice(grantsBefore).filter((g) => g.priority === "completion").length;
        const waitedMs = performance.now() - askedAt;
        // A short chat turn, then the sequence goes back to the completions.
        await chatLease!.slot.complete({ conversation: [{ role: "user", content: "Hello" }] }, { maxTokens: 8, script: false, signal: chatLease!.signal });
        chatLease!.release();
        return { waitedMs, completionsBefore };
      });
    }
    // Rapid typing: the next request comes before this one could finish (a macrotask apart).
    await new Promise((resolve) => setImmediate(resolve));
  }
  const answers = await Promise.all(pending);
  const chatResult = await chat!;
  const burstMs = performance.now() - started;
  const bySource = new Map<string, number>();
  for (const answer of answers) bySource.set(answer.source, (bySource.get(answer.source) ?? 0) + 1);
  console.log(`answers: ${[...bySource].map(([source, n]) => `${n} ${source}`).join(", ")} in ${fmt(burstMs / 1000, 2)} s; model calls ${service.counters.modelCalls}`);
  console.log(
    `chat: granted ${fmt(chatResult.waitedMs)} ms after asking, ${chatResult.completionsBefore} completion lease(s) granted between its request and its grant (must be 0)`,
  );
  console.log(`after the burst: sequences in use ${scheduler.busy.length}, requests waiting ${scheduler.queued} (must be 0 and 0)`);
  await host.dispose();
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      threads: { type: "string" },
      requests: { type: "string" },
      burst: { type: "string" },
      "max-tokens": { type: "string" },
      model: { type: "string" },
    },
  });
  const threads = positiveInt("threads", values.threads, 1);
  const requests = positiveInt("requests", values.requests, 200);
  const burstCount = positiveInt("burst", values.burst, 500);
  const maxTokens = positiveInt("max-tokens", values["max-tokens"], 16);
  const modelPath = values.model ?? (await tinyModelPath());
  console.log(`# bench:completions — ${path.basename(modelPath)}, ${threads} thread(s), CPU`);
  const engine = await loadEngine({ modelPath, gpu: false, threads, contextSize: 8192, sequences: 3, script: false });
  try {
    await latency(engine, requests, maxTokens);
    await keystrokes(engine, maxTokens);
  } finally {
    await engine.dispose();
  }
  await typingThrough(modelPath, threads);
  await burst(modelPath, threads, burstCount, maxTokens);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
