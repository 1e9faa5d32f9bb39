// bench:server — the server backend vs the local backend on the same model, threads and prompt,
// in interleaved rounds: time to first token and generation tokens/s, medians and their ratio; then
// what the header grammar costs per token on the server (serverHeaderGrammar.ts).
// Figures only, never pass/fail. The server is llama.cpp's llama-server built from the source
// node-llama-cpp ships (bench/llamaBench.ts, cached), on 127.0.0.1.
//
//   npx tsx bench/server.ts [--rounds 5] [--tokens 128] [--threads 1] [--model PATH]
//
// Without --model it uses the compute-bound benchmark model of bench:engine (242 MB).
import path from "node:path";
import { parseArgs } from "node:util";
import { defaultSystemContent, renderConversationForCompletion, textToSegments, type Conversation } from "../src/core/harmony/index";
import type { GenerationSlot } from "../src/engine/backend";
import { loadEngine } from "../src/engine/index";
import { connectServer } from "../src/engine/server/serverBackend";
import { startLlamaServer } from "../test/helpers/llamaServer";
import { tinyModelPath } from "../test/helpers/tinyModel";
import { positiveInt } from "./args";
import { benchHeaderGrammar } from "./serverHeaderGrammar";

const BENCH_MODEL = { embedding: 512, blocks: 8, experts: 16 } as const;

const { values } = parseArgs({ options: { rounds: { type: "string" }, tokens: { type: "string" }, threads: { type: "string" }, model: { type: "string" } } });
const rounds = positiveInt("rounds", values.rounds, 5);
const tokens = positiveInt("tokens", values.tokens, 128);
const threads = positiveInt("threads", values.threads, 1);

interface Sample {
  ttftMs: number;
  tokensPerSecond: number;
  generated: number;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

async function sample(slot: GenerationSlot, conversation: Conversation, seed: number): Promise<Sample> {
  // The answer is prefilled on the final channel, so every generated token is text and the first
  // text event marks the first token on both backends (random weights rarely open a message).
  const segments = [...renderConversationForCompletion(conversation), ...textToSegments("<|channel|>final<|message|>")];
  const started = performance.now();
  let first: number | undefined;
  const result = await slot.complete({ segments }, { seed, maxTokens: tokens, script: false }, (event) => {
    if (event.type === "text" && first === undefined) first = performance.now();
  });
  return { ttftMs: (first ?? performance.now()) - started, tokensPerSecond: result.stats.tokensPerSecond, generated: result.stats.generatedTokens };
}

async function main(): Promise<void> {
  const model = values.model ? path.resolve(values.model) : await tinyModelPath({ config: BENCH_MODEL });
  console.log(`server bench: ${path.basename(model)}, ${threads} thread(s), ${tokens} tokens per run, ${rounds} interleaved rounds`);
  const engine = await loadEngine({ modelPath: model, gpu: false, threads, contextSize: 4096, script: false });
  const server = await startLlamaServer({ model, threads, contextSize: 4096 });
  try {
    const local = engine.openSequence();
    const remote = (await connectServer({ url: server.url, api: "llama.cpp", script: false })).openSlot();
    const results = { local: [] as Sample[], server: [] as Sample[] };
    for (let round = 1; round <= rounds; round++) {
      // A new question each round: the prompt is evaluated afresh (after the shared system prefix).
      const conversation: Conversation = [
        { role: "system", content: defaultSystemContent({ reasoningEffort: "low" }) },
        { role: "user", content: `Round ${round}: write a long story about a lighthouse keeper.` },
      ];
      const order = round % 2 ? (["local", "server"] as const) : (["server", "local"] as const);
      for (const which of order) {
        const s = await sample(which === "local" ? local : remote, conversation, round);
        results[which].push(s);
        console.log(`round ${round} ${which.padEnd(6)} first token ${s.ttftMs.toFixed(0).padStart(5)} ms, ${s.tokensPerSecond.toFixed(1).padStart(6)} tok/s (${s.generated} tokens)`);
      }
    }
    const figure = (which: "local" | "server") => ({ ttft: median(results[which].map((s) => s.ttftMs)), tps: median(results[which].map((s) => s.tokensPerSecond)) });
    const l = figure("local");
    const r = figure("server");
    console.log("");
    console.log(`median time to first token: local ${l.ttft.toFixed(0)} ms, server ${r.ttft.toFixed(0)} ms (server/local ${(r.ttft / l.ttft).toFixed(2)})`);
    console.log(`median generation speed:    local ${l.tps.toFixed(1)} tok/s, server ${r.tps.toFixed(1)} tok/s (server/local ${(r.tps / l.tps).toFixed(2)})`);
    await benchHeaderGrammar(remote, rounds, tokens);
  } finally {
    await server.stop();
    await engine.dispose();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
