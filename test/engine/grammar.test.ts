// Our tool-argument grammar in the real llama.cpp: it parses every sample grammar, it allows
// exactly what the reference matcher says, it refuses special tokens inside strings, and a
// random-weight model writing arguments under it produces valid arguments (>= 99 of 100), where
// node-llama-cpp's createGrammarForJsonSchema and no grammar at all mostly do not.
//
// Speed note: on a random model nearly every sampled token breaks the grammar, and each such
// token makes llama.cpp run the grammar over the whole 201k vocabulary (~15-50 ms here). A real
// model mostly samples valid tokens, which costs one cheap check. GRAMMAR_SEEDS and
// GRAMMAR_COMPARISON_SEEDS change how many seeds run (defaults 100 and 10).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { LlamaContext, LlamaContextSequence, LlamaGrammar, Token } from "node-llama-cpp" with { "resolution-mode": "import" };
import { z } from "zod";
import { GbnfMatcher } from "../helpers/grammar/gbnfMatcher";
import { isCompleteJsonValue, jsonSchemaToGbnf } from "../../src/core/grammar/index";
import { sampleSchemas } from "../helpers/grammar/sampleSchemas";
import { scriptBias } from "../helpers/script";
import { loadTinyModel, type LoadedTinyModel } from "../helpers/tinyModel";

const SEEDS = Number(process.env.GRAMMAR_SEEDS ?? 100);
const COMPARISON_SEEDS = Number(process.env.GRAMMAR_COMPARISON_SEEDS ?? 10);
const TOKEN_CAP = 300;
const HEADER = "<|start|>assistant<|channel|>commentary to=functions.read_file <|constrain|>json<|message|>";
const END = 200007 as Token;

const ReadFileArgs = z.object({
  path: z.string().max(64),
  start_line: z.number().int().min(1).optional(),
  end_line: z.number().int().min(1).optional(),
  mode: z.enum(["head", "tail", "full"]).optional(),
  flags: z.array(z.string().max(16)).max(4).optional(),
});
const READ_FILE_SCHEMA = z.toJSONSchema(ReadFileArgs, { io: "input" });

let tiny: LoadedTinyModel;
let context: LlamaContext;
let sequence: LlamaContextSequence;
let prompt: Token[];
let ours: LlamaGrammar;
let GrammarState: typeof import("node-llama-cpp", { with: { "resolution-mode": "import" } }).LlamaGrammarEvaluationState;

before(async () => {
  ({ LlamaGrammarEvaluationState: GrammarState } = await import("node-llama-cpp"));
  tiny = await loadTinyModel();
  // threads: 1 always; node-llama-cpp's default is ~200x slower on small machines.
  context = await tiny.model.createContext({ threads: 1, contextSize: 1024, sequences: 1 });
  sequence = context.getSequence();
  prompt = tiny.model.tokenize(HEADER, true);
  ours = await tiny.llama.createGrammar({ grammar: jsonSchemaToGbnf(READ_FILE_SCHEMA).grammar });
});

after(async () => {
  sequence?.dispose();
  await context?.dispose();
  await tiny?.dispose();
});

interface Generated {
  seed: number;
  text: string;
  tokens: number;
  stop: "complete" | "end token" | "cap";
}

/** The model writes arguments after the header, under `grammar`, until they are one JSON value. */
async function generateArguments(grammar: LlamaGrammar | undefined, seed: number, cap = TOKEN_CAP): Promise<Generated> {
  const { model } = tiny;
  await sequence.clearHistory();
  const grammarEvaluationState = grammar ? new GrammarState({ model, grammar }) : undefined;
  const tokens: Token[] = [];
  let text = "";
  let stop: Generated["stop"] = "cap";
  for await (const token of sequence.evaluate(prompt, { temperature: 1, topP: 1, seed, grammarEvaluationState, yieldEogToken: true })) {
    if (model.isEogToken(token)) {
      stop = "end token";
      break;
    }
    tokens.push(token);
    text = model.detokenize(tokens, true);
    if (isCompleteJsonValue(text)) {
      stop = "complete";
      break;
    }
    if (tokens.length >= cap) break;
  }
  return { seed, text, tokens: tokens.length, stop };
}

interface Run {
  results: Generated[];
  valid: number;
  tokens: number;
  seconds: number;
}

async function runSeeds(grammar: LlamaGrammar | undefined, seeds: number, cap = TOKEN_CAP): Promise<Run> {
  const results: Generated[] = [];
  const started = performance.now();
  for (let seed = 1; seed <= seeds; seed++) results.push(await generateArguments(grammar, seed, cap));
  const seconds = (performance.now() - started) / 1000;
  const valid = results.filter((r) => validates(r.text)).length;
  return { results, valid, tokens: results.reduce((sum, r) => sum + r.tokens, 0), seconds };
}

function validates(text: string): boolean {
  try {
    return ReadFileArgs.safeParse(JSON.parse(text)).success;
  } catch {
    return false;
  }
}

const describeRun = (name: string, run: Run) =>
  `# ${name}: ${run.valid}/${run.results.length} valid, ${run.tokens} tokens in ${run.seconds.toFixed(1)} s = ${(run.tokens / run.seconds).toFixed(0)} tok/s`;

let oursRun: Promise<Run> | undefined;
const runOurs = () => (oursRun ??= runSeeds(ours, SEEDS));

/**
 * Forces `text` token by token under `grammar` (a +1000 bias at temperature 0), then lets the
 * model pick one more token. `followed`: how many forced tokens came out before the grammar
 * refused one; `ended`: all came out and the free token is an end token (nothing else allowed).
 */
async function forceThrough(grammar: LlamaGrammar, text: string | Token[]): Promise<{ followed: number; ended: boolean }> {
  const { model } = tiny;
  await sequence.clearHistory();
  const script = await scriptBias(model, typeof text === "string" ? model.tokenize(text, false) : text);
  const grammarEvaluationState = new GrammarState({ model, grammar });
  let followed = 0;
  for await (const token of sequence.evaluate(prompt, { temperature: 0, grammarEvaluationState, tokenBias: script.tokenBias, yieldEogToken: true })) {
    if (followed === script.forced.length) return { followed, ended: model.isEogToken(token) };
    if (token !== script.forced[followed]) break;
    followed++;
  }
  return { followed, ended: false };
}

const grammarAllows = async (grammar: LlamaGrammar, text: string) => (await forceThrough(grammar, text)).ended;

test("llama.cpp parses the grammar of every sample schema, and the big ones quickly", async () => {
  const extra: Array<[string, unknown]> = [
    ["a 2,000-character string", { type: "string", maxLength: 2000 }],
    ["an open value", {}],
    ["every sample at once", { type: "object", properties: Object.fromEntries(sampleSchemas().map((s) => [s.name, s.schema])) }],
  ];
  for (const [name, schema] of [...sampleSchemas().map((s): [string, unknown] => [s.name, s.schema]), ...extra]) {
    for (const spaceAfterSeparators of [true, false]) {
      const { grammar } = jsonSchemaToGbnf(schema, { spaceAfterSeparators });
      const started = performance.now();
      await assert.doesNotReject(tiny.llama.createGrammar({ grammar }), `${name}: llama.cpp refused the grammar`);
      const ms = performance.now() - started;
      assert.ok(ms < 2000, `${name}: ${ms.toFixed(0)} ms to parse ${grammar.length} characters`);
    }
  }
});

test("llama.cpp allows exactly what the reference matcher accepts (texts forced through the real sampler)", async () => {
  const checked = sampleSchemas().filter((s) => ["read_file", "lengths", "numbers", "nullable_union_literal"].includes(s.name));
  for (const sample of checked) {
    const { grammar } = jsonSchemaToGbnf(sample.schema);
    const matcher = new GbnfMatcher(grammar);
    const llamaGrammar = await tiny.llama.createGrammar({ grammar });
    for (const text of [...sample.accepts, ...sample.refuses]) {
      assert.equal(await grammarAllows(llamaGrammar, text), matcher.accepts(text), `${sample.name}: ${text}`);
    }
  }
});

test("inside a string our grammar refuses the special tokens <|end|> and <|reserved_200017|>; node-llama-cpp's lets them through", async () => {
  const { model } = tiny;
  const before = model.tokenize('{"path":"a', false);
  const theirs = await tiny.llama.createGrammarForJsonSchema(READ_FILE_SCHEMA as never);
  for (const special of [END, 200017 as Token]) {
    const tokens = [...before, special, ...model.tokenize('"}', false)];
    assert.equal((await forceThrough(ours, tokens)).followed, before.length, "ours stops right at the special token");
    assert.ok((await forceThrough(theirs, tokens)).followed > before.length, "node-llama-cpp's grammar took it (if this fails, it was fixed upstream)");
  }
});

test("characters split over byte tokens: real text passes, invalid UTF-8 (overlong E0, F5 lead) is refused", async () => {
  const { model } = tiny;
  // Byte tokens of o200k: a lone E0 is 156, ED 169, F0 172, F5 177; 225, 101 and 222 are 0x83, 0xA8 and 0x80.
  const real = model.tokenize('{"path":"훨씬 😀 𠜎 𓀀"}', false);
  assert.ok(real.includes(169 as Token) && real.includes(172 as Token), "the text starts characters with lone ED and F0 byte tokens");
  assert.equal((await forceThrough(ours, real)).ended, true);
  const before = model.tokenize('{"path":"', false);
  for (const bytes of [[156, 225, 101], [177, 222, 222, 222]] as Token[][]) {
    assert.equal((await forceThrough(ours, [...before, ...bytes, ...model.tokenize('"}', false)])).followed, before.length, `bytes ${bytes}`);
  }
});

test(`random model under our grammar: at least 99% of ${SEEDS} argument objects parse and validate with zod`, async () => {
  const run = await runOurs();
  console.log(describeRun("our grammar", run));
  const invalid = run.results.filter((r) => !validates(r.text));
  for (const r of invalid.slice(0, 5)) console.log(`#   invalid (seed ${r.seed}, ${r.stop}, ${r.tokens} tokens): ${JSON.stringify(r.text.slice(0, 200))}`);
  assert.ok(run.valid >= Math.ceil(SEEDS * 0.99), `${run.valid}/${SEEDS} valid`);
});

test("random model under our grammar: every object ends by itself, and no text contains <|", async () => {
  const run = await runOurs();
  assert.deepEqual(run.results.filter((r) => r.stop !== "complete"), []);
  assert.deepEqual(run.results.filter((r) => r.text.includes("<|")), []);
});

test("when the model's own choice is valid (a trained model, mostly), the grammar costs little (printed)", async () => {
  const { model } = tiny;
  const code = "export function add(a: number, b: number): number {\n  return a < b ? b + a : a + b; // a <= b || a > b\n}\n".repeat(6);
  const text = JSON.stringify({ path: "src/math.ts", old_text: code, new_text: code.replace(/add/g, "sum") });
  const editFile = sampleSchemas().find((s) => s.name === "edit_file")!;
  const grammar = await tiny.llama.createGrammar({ grammar: jsonSchemaToGbnf(editFile.schema).grammar });
  const tokens = model.tokenize(text, false);
  const timed = async (withGrammar: boolean) => {
    await sequence.clearHistory();
    const script = await scriptBias(model, tokens);
    const grammarEvaluationState = withGrammar ? new GrammarState({ model, grammar }) : undefined;
    let count = 0;
    const started = performance.now();
    for await (const token of sequence.evaluate(prompt, { temperature: 1, seed: 1, grammarEvaluationState, tokenBias: script.tokenBias })) {
      assert.equal(token, tokens[count]);
      if (++count === tokens.length) break;
    }
    return count / ((performance.now() - started) / 1000);
  };
  const rates = { with: [] as number[], without: [] as number[] };
  for (let round = 0; round < 3; round++) {
    rates.without.push(await timed(false));
    rates.with.push(await timed(true));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[1]!;
  console.log(`# ${tokens.length} valid tokens forced: ${median(rates.with).toFixed(0)} tok/s under our grammar, ${median(rates.without).toFixed(0)} without (ratio ${(median(rates.with) / median(rates.without)).toFixed(2)})`);
});

test(`for comparison, on the first ${COMPARISON_SEEDS} seeds: node-llama-cpp's createGrammarForJsonSchema, and no grammar`, async () => {
  const oursAll = await runOurs();
  const theirs = await tiny.llama.createGrammarForJsonSchema(READ_FILE_SCHEMA as never);
  const theirsRun = await runSeeds(theirs, COMPARISON_SEEDS);
  // Without a grammar the random model never writes an object; 100 tokens show it as well as 300.
  const noneRun = await runSeeds(undefined, COMPARISON_SEEDS, 100);
  const oursFirst = oursAll.results.slice(0, COMPARISON_SEEDS).filter((r) => validates(r.text)).length;
  console.log(`# same seeds: ours ${oursFirst}/${COMPARISON_SEEDS}, node-llama-cpp's ${theirsRun.valid}/${COMPARISON_SEEDS}, none ${noneRun.valid}/${COMPARISON_SEEDS}`);
  console.log(describeRun("node-llama-cpp's grammar", theirsRun));
  for (const r of theirsRun.results.filter((x) => !validates(x.text)).slice(0, 3)) console.log(`#   invalid (${r.stop}): ${JSON.stringify(r.text.slice(0, 160))}`);
  console.log(describeRun("no grammar", noneRun));
  const speed = (run: Run) => run.tokens / run.seconds;
  console.log(`# tok/s under our grammar / without: ${(speed(oursAll) / speed(noneRun)).toFixed(2)}`);
  assert.ok(oursFirst >= theirsRun.valid && oursFirst >= noneRun.valid);
});
