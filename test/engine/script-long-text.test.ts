// A scripted reply is tokenized through the same long-text cutting as the prompt: a 40,000
// character run of one letter crashed the whole process (SIGSEGV in llama.cpp's pre-tokenizer)
// when the script tokenizer skipped it. Real tiny model; a crash would kill this test process.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { compileScript, tokenizeScript } from "../../src/engine/scriptBias";
import { loadTinyModel, type LoadedTinyModel } from "../helpers/tinyModel";

let tiny: LoadedTinyModel;

before(async () => {
  tiny = await loadTinyModel();
});

after(async () => {
  await tiny?.dispose();
});

test("a scripted reply with a 40,000-character run of one letter compiles and reads back the same", async () => {
  const nlc = await import("node-llama-cpp");
  const body = "a".repeat(40_000);
  const text = `<|channel|>final<|message|>${body}<|return|>`;
  const turn = compileScript(nlc, tiny.model, { index: 0, text });
  assert.ok(turn.endToken !== undefined, "<|return|> is the end token");
  assert.equal(tiny.model.detokenize([...turn.forced], true), `<|channel|>final<|message|>${body}`);
});

test("ordinary script text keeps the tokens llama.cpp gives the whole text", () => {
  const text = "<|channel|>analysis<|message|>Let me look at the file first.<|end|><|start|>assistant<|channel|>final<|message|>It is fine.<|return|>";
  assert.deepEqual(tokenizeScript(tiny.model, text), tiny.model.tokenize(text, true));
});
