// Text streamed by a gpt-oss server: special-token spellings become whole pieces even when a chunk
// boundary cuts them, and a scripted response becomes a grammar that allows exactly its text.
import assert from "node:assert/strict";
import { test } from "node:test";
import { scriptGrammar } from "../../src/engine/server/scriptGrammar";
import { SpecialTextSplitter } from "../../src/engine/server/specialText";

function split(chunks: string[]): string[] {
  const splitter = new SpecialTextSplitter();
  return [...chunks.flatMap((chunk) => splitter.push(chunk)), ...splitter.flush()];
}

test("special spellings come out as pieces of their own, text around them as text", () => {
  assert.deepEqual(split(["<|channel|>final<|message|>Hi there<|end|>"]), ["<|channel|>", "final", "<|message|>", "Hi there", "<|end|>"]);
});

test("a special spelling cut between chunks is held back and joined", () => {
  assert.deepEqual(split(["Hello <|chan", "nel|>x"]), ["Hello ", "<|channel|>", "x"]);
  assert.deepEqual(split(["a<", "|", "message|>b"]), ["a", "<|message|>", "b"]);
});

test("text that only looks like the start of a special token is text once the stream ends", () => {
  assert.deepEqual(split(["if (a <"]), ["if (a ", "<"]);
  assert.equal(split(["if (a <"]).join(""), "if (a <");
  assert.deepEqual(split(["x <|notatoken|> y"]), ["x <|notatoken|> y"]);
});

test("every chunking of a stream gives back the same text", () => {
  const stream = "<|channel|>analysis<|message|>a<b and <|c<|end|><|start|>assistant<|channel|>final<|message|>ok";
  for (let cut = 0; cut <= stream.length; cut++) {
    assert.equal(split([stream.slice(0, cut), stream.slice(cut)]).join(""), stream, `cut at ${cut}`);
  }
});

test("a scripted response becomes a grammar of its text with special tokens by id, without its end token", () => {
  assert.equal(
    scriptGrammar('<|channel|>final<|message|>Say "hi"\\n\n<|return|>'),
    'root ::= <[200005]> "final" <[200008]> "Say \\"hi\\"\\\\n\\n"\n',
  );
  assert.equal(scriptGrammar("<|channel|>commentary to=functions.f <|constrain|>json<|message|>"), 'root ::= <[200005]> "commentary to=functions.f " <[200003]> "json" <[200008]>\n');
});
