// Inline completions on the real engine (tiny model, scripted answers): the prefilled final
// channel makes every generated token insert text; the stop rules end generation early; and the
// prompt's layout lets typing at the cursor of a long file evaluate only a few new tokens, counted
// by node-llama-cpp's token meter.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { buildCompletionPrompt, completionContext, completionText, cutCompletion, linesOf } from "../../src/core/completion/index";
import { generateCompletion } from "../../src/engine/completionTurns";
import { loadEngine, type Engine, type EngineSequence } from "../../src/engine/index";
import { tinyModelPath } from "../helpers/tinyModel";

let engine: Engine;

before(async () => {
  engine = await loadEngine({ modelPath: await tinyModelPath(), gpu: false, threads: 1, contextSize: 8192, sequences: 1, script: false });
});

after(async () => {
  await engine?.dispose();
});

const file = { path: "src/long.ts", languageId: "typescript" };

/** A 2,000-line TypeScript file. */
function longFile(lines = 2_000): string[] {
  return Array.from({ length: lines }, (_, i) => (i % 5 === 4 ? "" : `export function step${i}(value: number): number { return value * ${i % 7} + ${i}; }`));
}

async function complete(sequence: EngineSequence, lines: string[], line: number, character: number, script: string) {
  const context = completionContext(linesOf(lines.join("\n")), { line, character }, file);
  const generation = await generateCompletion(sequence, {
    segments: buildCompletionPrompt(context).segments,
    maxTokens: 32,
    shouldStop: (text) => cutCompletion(text, context, false).done,
    script,
  });
  return { generation, text: completionText(generation.text, context, { truncated: generation.stopReason === "max-tokens" }) };
}

async function withSequence(body: (sequence: EngineSequence) => Promise<void>): Promise<void> {
  const sequence = engine.openSequence();
  try {
    await body(sequence);
  } finally {
    await sequence.dispose();
  }
}

test("the answer is the text to insert: no reasoning, no header", async () => {
  await withSequence(async (sequence) => {
    const { generation, text } = await complete(sequence, ["const answer = "], 0, 15, "42;<|return|>");
    assert.equal(generation.text, "42;");
    assert.equal(generation.stopReason, "return");
    assert.equal(text, "42;");
  });
});

test("a line completion stops generating at the end of its line", async () => {
  await withSequence(async (sequence) => {
    const { generation, text } = await complete(sequence, ["const answer = "], 0, 15, "compute(6, 7);\nconsole.log(answer);\nexport default answer;<|return|>");
    assert.equal(generation.stopReason, "rule");
    assert.equal(text, "compute(6, 7);");
    assert.ok(generation.stats.generatedTokens <= 8, `stopped after the newline: ${generation.stats.generatedTokens} tokens generated`);
  });
});

test("typing at the end of a 2,000-line file evaluates only a few new tokens per keystroke", async () => {
  await withSequence(async (sequence) => {
    const lines = longFile();
    lines.push("");
    const typed = "export const total = step1(2);";
    const last = lines.length - 1;
    const first = await complete(sequence, lines, last, 0, "export const x = 1;<|return|>");
    assert.ok(first.generation.stats.promptEvaluatedTokens > 500, `the first request reads the window: ${first.generation.stats.promptEvaluatedTokens} tokens`);

    const perKeystroke: number[] = [];
    for (let i = 1; i <= typed.length; i += 3) {
      lines[last] = typed.slice(0, i);
      const { generation } = await complete(sequence, lines, last, i, "x;<|return|>");
      perKeystroke.push(generation.stats.evaluatedTokens);
      assert.ok(generation.stats.reusedTokens > 500, `keystroke ${i}: ${generation.stats.reusedTokens} tokens reused`);
    }
    // A new line: the finished line joins the stable block at its end.
    lines[last] = typed;
    lines.push("");
    const { generation } = await complete(sequence, lines, last + 1, 0, "x;<|return|>");
    perKeystroke.push(generation.stats.evaluatedTokens);
    const worst = Math.max(...perKeystroke);
    assert.ok(worst <= 64, `tokens evaluated per keystroke (prompt and generation): ${perKeystroke.join(", ")}`);
  });
});

test("typing in the middle of the file re-evaluates the cursor's line and the window after it, not the file before", async () => {
  await withSequence(async (sequence) => {
    const lines = longFile();
    const line = 1_000;
    lines.splice(line, 0, "");
    const first = await complete(sequence, lines, line, 0, "x;<|return|>");
    lines[line] = "export const mid";
    const second = await complete(sequence, lines, line, lines[line]!.length, "dle = 1;<|return|>");
    assert.equal(second.text, "dle = 1;");
    assert.ok(second.generation.stats.reusedTokens > first.generation.stats.promptTokens / 2, `reused ${second.generation.stats.reusedTokens}`);
    assert.ok(second.generation.stats.promptEvaluatedTokens < 500, `evaluated ${second.generation.stats.promptEvaluatedTokens} (the window after the cursor and the tail)`);
  });
});

test("an abort stops the completion within a token", async () => {
  await withSequence(async (sequence) => {
    const abort = new AbortController();
    const lines = ["const answer = "];
    const context = completionContext(linesOf(lines.join("\n")), { line: 0, character: 15 }, file);
    let pieces = 0;
    const generation = await generateCompletion(sequence, {
      segments: buildCompletionPrompt(context).segments,
      maxTokens: 200,
      signal: abort.signal,
      shouldStop: () => {
        if (++pieces === 3) abort.abort();
        return false;
      },
      script: false,
    });
    assert.equal(generation.stopReason, "abort");
    assert.ok(generation.stats.generatedTokens <= 5, `${generation.stats.generatedTokens} tokens`);
  });
});
