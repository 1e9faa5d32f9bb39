// `npm run eval -- ...`: the runner's command line, checked before anything loads.
import { parseArgs } from "node:util";
import { z } from "zod";

export const USAGE = `Usage: npm run eval -- (--model FILE | --server URL) [options]

Runs the agent on the tasks under eval/tasks/, each in a fresh temporary copy of its workspace,
and checks the result. Prints each task's outcome, a Markdown table and, last, one JSON line.

  --model FILE          a gpt-oss GGUF, loaded here (GPU if found)
  --server URL          or a running gpt-oss server (llama-server; --api openai for /v1/completions)
  --api llama.cpp|openai   the server's API (default llama.cpp); a key, if it wants one,
                        comes from the environment variable GPT_OSS_SERVER_API_KEY
  --tasks GLOB[,GLOB]   task ids to run, e.g. "py-*" (default: all)
  --effort LEVEL        reasoning effort: low, medium (default) or high
  --repeat N            run each task N times (pass@k, k = N)
  --seed S              sampling seed of the first run (run r uses S + r)
  --concurrency N       tasks at once (default 1; each takes a context sequence)
  --threads N           CPU threads for a local model
  --context N           context size in tokens per sequence
  --temperature T       sampling temperature (default: the engine's, 1.0)
  --max-steps N         cap each task's step budget at N
  --max-tokens N        stop each model step after N generated tokens
  --scripted-reference  play each task's reference script through the engine (checks the checkers: all must pass)
  --no-op               answer at once, touching nothing (all must fail, but the "cannot be done" tasks)
  --results DIR         where the JSON goes (default eval/results); --no-save: nowhere`;

const optionsSchema = z
  .object({
    model: z.string().min(1).optional(),
    server: z.string().min(1).optional(),
    api: z.enum(["llama.cpp", "openai"]).default("llama.cpp"),
    tasks: z.array(z.string().min(1)).default([]),
    effort: z.enum(["low", "medium", "high"]).default("medium"),
    repeat: z.number().int().min(1).max(100).default(1),
    seed: z.number().int().min(0).optional(),
    concurrency: z.number().int().min(1).max(32).default(1),
    threads: z.number().int().min(1).optional(),
    context: z.number().int().min(512).optional(),
    temperature: z.number().min(0).max(5).optional(),
    maxSteps: z.number().int().min(1).optional(),
    maxTokens: z.number().int().min(1).optional(),
    mode: z.enum(["agent", "scripted-reference", "no-op"]).default("agent"),
    results: z.string().optional(),
    save: z.boolean().default(true),
  })
  .refine((o) => (o.model === undefined) !== (o.server === undefined), { message: "give one of --model FILE or --server URL" });

export type EvalOptions = z.infer<typeof optionsSchema>;

export class UsageError extends Error {}

export function parseEvalArgs(argv: string[]): EvalOptions | "help" {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: false,
      options: {
        model: { type: "string" },
        server: { type: "string" },
        api: { type: "string" },
        tasks: { type: "string" },
        effort: { type: "string" },
        repeat: { type: "string" },
        seed: { type: "string" },
        concurrency: { type: "string" },
        threads: { type: "string" },
        context: { type: "string" },
        temperature: { type: "string" },
        "max-steps": { type: "string" },
        "max-tokens": { type: "string" },
        "scripted-reference": { type: "boolean" },
        "no-op": { type: "boolean" },
        results: { type: "string" },
        "no-save": { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    }).values;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (parsed.help) return "help";
  if (parsed["scripted-reference"] && parsed["no-op"]) throw new UsageError("--scripted-reference and --no-op are two different runs: give one.");
  const number = (name: string, text: string | undefined) => {
    if (text === undefined) return undefined;
    const value = Number(text);
    if (text.trim() === "" || !Number.isFinite(value)) throw new UsageError(`--${name} takes a number (got "${text}").`);
    return value;
  };
  const result = optionsSchema.safeParse({
    model: parsed.model,
    server: parsed.server,
    api: parsed.api,
    tasks: parsed.tasks?.split(",").map((t) => t.trim()).filter(Boolean),
    effort: parsed.effort,
    repeat: number("repeat", parsed.repeat),
    seed: number("seed", parsed.seed),
    concurrency: number("concurrency", parsed.concurrency),
    threads: number("threads", parsed.threads),
    context: number("context", parsed.context),
    temperature: number("temperature", parsed.temperature),
    maxSteps: number("max-steps", parsed["max-steps"]),
    maxTokens: number("max-tokens", parsed["max-tokens"]),
    mode: parsed["scripted-reference"] ? "scripted-reference" : parsed["no-op"] ? "no-op" : "agent",
    results: parsed.results,
    save: !parsed["no-save"],
  });
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const where = issue.path.length ? `--${String(issue.path[0]).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}: ` : "";
    throw new UsageError(`${where}${issue.message}`);
  }
  return result.data;
}
