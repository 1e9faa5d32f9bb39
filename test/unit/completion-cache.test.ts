// The suggestion cache: typing the characters of a shown suggestion keeps the rest of it without
// a model call; anything else (other text after the cursor, another document, a character that
// differs) asks the model again.
import assert from "node:assert/strict";
import { test } from "node:test";
import { SuggestionCache } from "../../src/core/completion/index";

const doc = "file:///w/a.ts";
const entry = { document: doc, beforeStartLine: 0, before: "const x = ", after: "\n// end", text: "compute(6, 7);" };
const query = (before: string, after = "\n// end", document = doc) => ({ document, after, textBefore: () => before });

test("the same spot gets the whole suggestion back", () => {
  const cache = new SuggestionCache();
  cache.store(entry);
  assert.equal(cache.lookup(query("const x = ")), "compute(6, 7);");
});

test("typing the suggestion's first characters leaves the rest", () => {
  const cache = new SuggestionCache();
  cache.store(entry);
  assert.equal(cache.lookup(query("const x = c")), "ompute(6, 7);");
  assert.equal(cache.lookup(query("const x = compute(6")), ", 7);");
});

test("a character that differs from the suggestion, or typing all of it, misses", () => {
  const cache = new SuggestionCache();
  cache.store(entry);
  assert.equal(cache.lookup(query("const x = d")), undefined);
  assert.equal(cache.lookup(query("const x = compute(6, 7);")), undefined, "typed through: time for the next suggestion");
});

test("other text after the cursor, or another document, misses", () => {
  const cache = new SuggestionCache();
  cache.store(entry);
  assert.equal(cache.lookup(query("const x = ", "\n// changed")), undefined);
  assert.equal(cache.lookup(query("const x = ", "\n// end", "file:///w/b.ts")), undefined);
});

test("an empty answer is remembered for its exact spot only", () => {
  const cache = new SuggestionCache();
  cache.store({ ...entry, text: "" });
  assert.equal(cache.lookup(query("const x = ")), "");
  assert.equal(cache.lookup(query("const x = 1")), undefined);
});

test("the text before is read from the entry's own window start", () => {
  const cache = new SuggestionCache();
  cache.store({ ...entry, beforeStartLine: 32, before: "line 32\nconst x = " });
  const lines: number[] = [];
  const hit = cache.lookup({ document: doc, after: entry.after, textBefore: (line) => (lines.push(line), line === 32 ? "line 32\nconst x = co" : "other") });
  assert.equal(hit, "mpute(6, 7);");
  assert.deepEqual(lines, [32]);
});

test("the least recently used entry goes first when full", () => {
  const cache = new SuggestionCache(2);
  cache.store({ ...entry, before: "a" });
  cache.store({ ...entry, before: "b" });
  assert.ok(cache.lookup(query("a")) !== undefined, "a is now the most recently used");
  cache.store({ ...entry, before: "c" });
  assert.equal(cache.size, 2);
  assert.equal(cache.lookup(query("b")), undefined);
  assert.ok(cache.lookup(query("a")) !== undefined);
  cache.forget(doc);
  assert.equal(cache.size, 0);
});
