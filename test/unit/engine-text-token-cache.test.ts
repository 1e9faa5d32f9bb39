// The prompt-text token cache: a text tokenized once is not tokenized again while it is among the
// most recently used; the least recently used goes first.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { Token } from "node-llama-cpp" with { "resolution-mode": "import" };
import { TextTokenCache } from "../../src/engine/textTokenCache";

function counting() {
  const calls: string[] = [];
  const tokenize = (text: string): Token[] => {
    calls.push(text);
    return [...text].map((ch) => ch.charCodeAt(0) as Token);
  };
  return { calls, tokenize };
}

test("a text seen before is answered without tokenizing it again", () => {
  const cache = new TextTokenCache(4);
  const { calls, tokenize } = counting();
  const first = cache.tokens("user", tokenize);
  const second = cache.tokens("user", tokenize);
  assert.deepEqual(second, first);
  assert.deepEqual(calls, ["user"]);
});

test("the least recently used text is dropped first", () => {
  const cache = new TextTokenCache(2);
  const { calls, tokenize } = counting();
  cache.tokens("a", tokenize);
  cache.tokens("b", tokenize);
  cache.tokens("a", tokenize); // a is now the most recent
  cache.tokens("c", tokenize); // drops b
  cache.tokens("a", tokenize);
  cache.tokens("b", tokenize);
  assert.deepEqual(calls, ["a", "b", "c", "b"]);
  assert.equal(cache.size, 2);
});
