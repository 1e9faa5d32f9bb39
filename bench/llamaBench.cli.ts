// llama-bench (built from node-llama-cpp's bundled llama.cpp, see llamaBench.ts) on one model:
// prints pp/tg tokens per second. Builds llama-bench on first use (~2 minutes on 2 cores).
//
//   npx tsx bench/llamaBench.cli.ts MODEL.gguf [--threads 1] [--n-gen 128] [--n-prompt 512]
//       [--repetitions 5] [--flash-attn on|off|auto] [--json]
//   npx tsx bench/llamaBench.cli.ts --build-only [--target llama-server]
//
// e.g. npx tsx bench/llamaBench.cli.ts "$(npm run -s tiny-model -- --embedding 512 --blocks 8 --experts 16 | tail -1)"
import { parseArgs } from "node:util";
import { positiveInt } from "./args";
import { ensureLlamaCppTool, runLlamaBench, type LlamaBenchTest } from "./llamaBench";

const usage = `Usage: npx tsx bench/llamaBench.cli.ts MODEL.gguf [options]
       npx tsx bench/llamaBench.cli.ts --build-only [--target NAME]

Options (defaults in brackets):
  -t, --threads N         CPU threads [1]
  -n, --n-gen N           generated tokens, 0 to skip [128]
  -p, --n-prompt N        prompt tokens, 0 to skip [512]
  -r, --repetitions N     repetitions per test [5]
  --flash-attn MODE       on | off | auto [llama-bench's default: auto]
  --json                  print llama-bench's raw JSON rows too
  --build-only            only build (or find) the tool and print its path
  --target NAME           the CMake target for --build-only [llama-bench]
  -h, --help              this text`;

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      threads: { type: "string", short: "t" },
      "n-gen": { type: "string", short: "n" },
      "n-prompt": { type: "string", short: "p" },
      repetitions: { type: "string", short: "r" },
      "flash-attn": { type: "string" },
      json: { type: "boolean" },
      "build-only": { type: "boolean" },
      target: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(usage);
    return;
  }
  if (values["build-only"]) {
    const started = performance.now();
    const binary = await ensureLlamaCppTool(values.target ?? "llama-bench");
    process.stderr.write(`(${((performance.now() - started) / 1000).toFixed(2)} s)\n`);
    console.log(binary);
    return;
  }
  const model = positionals[0];
  if (!model || positionals.length > 1) throw new Error("give exactly one model path");
  const flash = values["flash-attn"];
  if (flash !== undefined && flash !== "on" && flash !== "off" && flash !== "auto") throw new Error(`--flash-attn must be on, off or auto, got "${flash}"`);

  const threads = positiveInt("threads", values.threads, 1);
  const result = await runLlamaBench({
    model,
    threads,
    nGen: positiveInt("n-gen", values["n-gen"], 128, true),
    nPrompt: positiveInt("n-prompt", values["n-prompt"], 512, true),
    repetitions: positiveInt("repetitions", values.repetitions, 5),
    ...(flash ? { flashAttention: flash } : {}),
  });
  const row = result.raw[0] ?? {};
  console.log(`llama-bench ${String(row.build_commit ?? "")} on ${model}`);
  console.log(`  ${String(row.model_type ?? "")}, ${(Number(row.model_size) / 2 ** 20).toFixed(0)} MiB, ${(Number(row.model_n_params) / 1e6).toFixed(1)} M params; ${threads} thread(s), flash_attn ${String(row.flash_attn ?? "?")}`);
  const show = (test: LlamaBenchTest | undefined) => {
    if (!test) return;
    console.log(`  ${test.name.padEnd(8)} ${test.tokensPerSecond.toFixed(2).padStart(9)} ± ${test.stddev.toFixed(2)} tokens/s   (samples: ${test.samples.map((s) => s.toFixed(1)).join(", ")})`);
  };
  show(result.prompt);
  show(result.generation);
  if (values.json) console.log(JSON.stringify(result.raw, null, 2));
}

main().catch((error: unknown) => {
  process.stderr.write(`llamaBench: ${error instanceof Error ? error.message : String(error)}\n\n${usage}\n`);
  process.exitCode = 1;
});
