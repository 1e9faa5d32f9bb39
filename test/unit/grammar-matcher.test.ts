// The reference GBNF recognizer the grammar tests rely on: it reads llama.cpp's syntax and
// decides membership exactly.
import assert from "node:assert/strict";
import { test } from "node:test";
import { GbnfMatcher } from "../helpers/grammar/gbnfMatcher";

test("literals, classes, negation, ranges and escapes", () => {
  const m = new GbnfMatcher('root ::= "a\\"b" [x-z0] [^\\x00-\\x1F"] "\\n" [\\U0001F600]\n');
  assert.ok(m.accepts('a"bx!\n😀'));
  assert.ok(m.accepts('a"b0é\n😀'));
  assert.ok(!m.accepts('a"bw!\n😀'));
  assert.ok(!m.accepts('a"bx"\n😀'));
  assert.ok(!m.accepts('a"bx\t\n😀'));
});

test("repetitions: ? * + {m} {m,} {m,n}", () => {
  const m = (body: string) => new GbnfMatcher(`root ::= ${body}\n`);
  assert.deepEqual(["", "a", "aa"].map((t) => m('"a"?').accepts(t)), [true, true, false]);
  assert.deepEqual(["", "a", "aaa"].map((t) => m('"a"*').accepts(t)), [true, true, true]);
  assert.deepEqual(["", "a", "aaa"].map((t) => m('"a"+').accepts(t)), [false, true, true]);
  assert.deepEqual(["aa", "aaa", "aaaa"].map((t) => m('"a"{3}').accepts(t)), [false, true, false]);
  assert.deepEqual(["a", "aa", "aaaaa"].map((t) => m('"a"{2,}').accepts(t)), [false, true, true]);
  assert.deepEqual(["a", "aa", "aaa", "aaaa"].map((t) => m('"a"{2,3}').accepts(t)), [false, true, true, false]);
  assert.ok(m('( "a" | )* "b"').accepts("aab"), "a nullable body under * terminates");
});

test("rules, groups, alternatives, recursion, comments and multi-line groups", () => {
  const m = new GbnfMatcher(`# balanced brackets
root ::= list
list ::= ( "[" (
    list ("," list)*
  )? "]" ) | digit
digit ::= [0-9] # one digit
`);
  assert.ok(m.accepts("[[1,[2]],3]"));
  assert.ok(m.accepts("[]"));
  assert.ok(!m.accepts("[1,]"));
  assert.ok(!m.accepts("[[1]"));
});

test("undefined rules and syntax errors are reported", () => {
  assert.throws(() => new GbnfMatcher("root ::= foo\n"), /undefined rule "foo"/);
  assert.throws(() => new GbnfMatcher('root ::= ( "a"\n'), /expected "\)"/);
  assert.throws(() => new GbnfMatcher('root ::= "a\n'), /unterminated|parse error/);
});
