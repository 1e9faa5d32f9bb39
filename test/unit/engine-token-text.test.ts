// Generated tokens to text: a character split over several tokens is held back until it is
// complete, so the stream never shows U+FFFD for it; a run that never completes still comes out.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { Token } from "node-llama-cpp" with { "resolution-mode": "import" };
import { TokenTextDecoder } from "../../src/engine/tokenText";

// A byte-level vocabulary, like o200k's: each token is some bytes; decoding joins and decodes them.
const vocabulary = new Map<number, number[]>([
  [1, [0x48, 0x69]], // "Hi"
  [2, [0x20, 0xf0, 0x9f]], // " " + first half of 👍 (F0 9F 91 8D)
  [3, [0x91, 0x8d]], // second half
  [4, [0xe4]], // first byte of 你 (E4 BD A0)
  [5, [0xbd]],
  [6, [0xa0]],
  [7, [0xff]], // never valid
]);
const decoder = new TextDecoder();
const detokenize = (tokens: Token[]) => decoder.decode(Uint8Array.from(tokens.flatMap((t) => vocabulary.get(t)!)));

test("a character split over tokens comes out whole with the token that completes it", () => {
  const text = new TokenTextDecoder(detokenize);
  assert.deepEqual([1, 2, 3].map((t) => text.push(t as Token)), ["Hi", "", " 👍"]);
  assert.deepEqual([4, 5, 6].map((t) => text.push(t as Token)), ["", "", "你"]);
});

test("an incomplete character is released by flush (before a special token) as U+FFFD", () => {
  const text = new TokenTextDecoder(detokenize);
  assert.equal(text.push(4 as Token), "");
  assert.equal(text.lastHeld, 4);
  assert.equal(text.flush(), "\uFFFD");
  assert.equal(text.flush(), "");
});

test("bytes that can never complete are not held forever", () => {
  const text = new TokenTextDecoder(detokenize);
  const out = [7, 7, 7, 7].map((t) => text.push(t as Token));
  assert.deepEqual(out, ["", "", "", "\uFFFD\uFFFD\uFFFD\uFFFD"]);
});
