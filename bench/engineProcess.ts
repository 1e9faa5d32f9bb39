// What running the engine in its own process costs: tokens/s through the child over in-process
// (target >= 0.97), time to first token added (target <= 5 ms), and cancel latency, on the same
// model and thread count, rounds alternating so both see the same machine load. Part of
// `npm run bench:engine`; alone: `npx tsx bench/engineProcess.ts [--model M] [--threads N]`.
import path from "node:path";
import { parseArgs } from "node:util";
import type { GenerationSlot } from "../src/engine/backend";
import { defaultSystemContent, type Conversation } from "../src/core/harmony/index";
import { loadEngine, type Engine } from "../src/engine/index";
import { startEngineProcess } from "../src/engine/process/processBackend";
import { tinyModelPath } from "../test/helpers/tinyModel";

const chat: Conversation = [
  { role: "system", content: defaultSystemContent({ reasoningEffort: "low" }) },
  { role: "user", content: "Count." },
];

/** A scripted answer of about `count` tokens: every step is a full forward pass, and each yields text. */
function countingScript(count: number): string {
  return `<|channel|>final<|message|>${Array.from({ length: Math.ceil(count / 2) }, (_, i) => i + 1).join(",")}<|return|>`;
}

interface Round {
  tokensPerSecond: number;
  firstTokenMs: number;
}

async function round(slot: GenerationSlot, script: string): Promise<Round> {
  const started = performance.now();
  let first = 0;
  const result = await slot.complete({ conversation: chat }, { script }, (event) => {
    if (event.type === "text" && first === 0) first = performance.now() - started;
  });
  return { tokensPerSecond: result.stats.generatedTokens / ((performance.now() - started - first) / 1000), firstTokenMs: first };
}

async function cancelMs(slot: GenerationSlot, script: string): Promise<number> {
  const abort = new AbortController();
  let texts = 0;
  let abortedAt = 0;
  await slot.complete({ conversation: chat }, { script, signal: abort.signal }, (event) => {
    if (event.type === "text" && ++texts === 10) {
      abortedAt = performance.now();
      abort.abort();
    }
  });
  return performance.now() - abortedAt;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Prints the figures; `engine` is the in-process engine of the same model (a sequence of its is used). */
export async function processOverhead(engine: Engine, model: string, threads: number, rounds: number, count: number): Promise<{ ratio: number; addedFirstTokenMs: number }> {
  const child = await startEngineProcess({ modelPath: model, gpu: false, threads, contextSize: engine.report.contextSize, script: false });
  const local = engine.openSlot();
  const remote = child.openSlot();
  try {
    const script = countingScript(count);
    await round(local, script);
    await round(remote, script);
    const ours: Round[] = [];
    const theirs: Round[] = [];
    const cancelLocal: number[] = [];
    const cancelChild: number[] = [];
    for (let i = 0; i < rounds; i++) {
      ours.push(await round(local, script));
      theirs.push(await round(remote, script));
      cancelLocal.push(await cancelMs(local, script));
      cancelChild.push(await cancelMs(remote, script));
    }
    const inProcess = median(ours.map((r) => r.tokensPerSecond));
    const viaChild = median(theirs.map((r) => r.tokensPerSecond));
    const ratio = viaChild / inProcess;
    const added = median(theirs.map((r) => r.firstTokenMs)) - median(ours.map((r) => r.firstTokenMs));
    console.log(
      `engine process: ${viaChild.toFixed(1)} tok/s through the child vs ${inProcess.toFixed(1)} in-process = ${ratio.toFixed(3)} (target >= 0.97); ` +
        `first token +${added.toFixed(2)} ms (target <= 5; in-process ${median(ours.map((r) => r.firstTokenMs)).toFixed(1)} ms); ` +
        `cancel ${median(cancelChild).toFixed(2)} ms vs ${median(cancelLocal).toFixed(2)} ms in-process (median of ${rounds})`,
    );
    return { ratio, addedFirstTokenMs: added };
  } finally {
    await (local as { dispose?: () => Promise<void> }).dispose?.();
    await child.dispose();
  }
}

if (require.main === module) {
  const { values } = parseArgs({ options: { threads: { type: "string", default: "1" }, rounds: { type: "string", default: "7" }, tokens: { type: "string", default: "128" }, model: { type: "string" } } });
  void (async () => {
    const model = values.model ? path.resolve(values.model) : await tinyModelPath();
    const threads = Number(values.threads);
    const engine = await loadEngine({ modelPath: model, gpu: false, threads, contextSize: 4096, script: false });
    try {
      console.log(`# engine process overhead on ${path.basename(model)}, ${threads} thread(s)`);
      const figures = await processOverhead(engine, model, threads, Number(values.rounds), Number(values.tokens));
      console.log(JSON.stringify({ bench: "engine-process", ...figures }));
    } finally {
      await engine.dispose();
    }
  })();
}
