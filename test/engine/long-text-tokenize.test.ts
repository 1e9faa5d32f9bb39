// llama.cpp's tokenizer kills the process on one ~32,000-character pre-token (a run of one
// letter, punctuation mark or whitespace). The engine's tokenizer cuts long text so that such
// input (a pasted log, a generated file read by a tool) is tokenized instead of crashing VS Code's
// extension host, and ordinary long text keeps exactly the tokens it had.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { MAX_TOKENIZER_PIECE, splitLongText, tokenizeTextSafely } from "../../src/engine/safeTokenizer";
import { loadTinyModel, type LoadedTinyModel } from "../helpers/tinyModel";

let tiny: LoadedTinyModel;

before(async () => {
  tiny = await loadTinyModel();
});

after(async () => {
  await tiny?.dispose();
});

for (const [name, unit] of [["equals signs", "="], ["one letter", "a"], ["spaces", " "], ["accented letters", "é"], ["emoji", "😀"]] as const) {
  test(`40,000 ${name} in a row tokenize without crashing and read back the same`, () => {
    const text = `before ${unit.repeat(40_000)} after`;
    const tokens = tokenizeTextSafely(tiny.model, text);
    assert.ok(tokens.length > 0);
    assert.equal(tiny.model.detokenize(tokens, false), text);
  });
}

test("ordinary long text is cut only where words start, so its tokens are exactly the whole text's", () => {
  const words = ["function", "return", "value", "const", "the", "model", "tokens", "évaluer", "数据", "42", "=>", "{", "}", "\n", "\t"];
  let text = "";
  for (let i = 0; text.length < 60_000; i++) text += words[(i * 7) % words.length] + (i % 11 === 0 ? "\n" : " ");
  assert.ok(splitLongText(text).length > 10);
  assert.ok(splitLongText(text).every((piece) => piece.length <= MAX_TOKENIZER_PIECE));
  assert.equal(splitLongText(text).join(""), text);
  assert.deepEqual(tokenizeTextSafely(tiny.model, text), tiny.model.tokenize(text, false));
});
