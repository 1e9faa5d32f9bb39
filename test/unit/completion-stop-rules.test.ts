// When a completion stops, decided on the text so far after every token, and what is inserted
// in the end: the model's restatements of code already in the file are trimmed away.
import assert from "node:assert/strict";
import { test } from "node:test";
import { completionContext, completionText, cutCompletion, finishCompletion, linesOf, MAX_BLOCK_LINES } from "../../src/core/completion/index";

const file = { path: "src/a.ts", languageId: "typescript" };
/** `|` marks the cursor. */
function at(textWithCursor: string) {
  const offset = textWithCursor.indexOf("|");
  const text = textWithCursor.slice(0, offset) + textWithCursor.slice(offset + 1);
  const before = text.slice(0, offset).split("\n");
  return completionContext(linesOf(text), { line: before.length - 1, character: before.at(-1)!.length }, file);
}

test("a line completion stops at the end of its line", () => {
  const context = at("const total = |");
  assert.deepEqual(cutCompletion("price * qty", context, false), { text: "price * qty", done: false });
  assert.deepEqual(cutCompletion("price * qty;\nconsole.log", context, false), { text: "price * qty;", done: true });
});

test("a block completion stops before a line indented less than the block", () => {
  const context = at("function f() {\n  |\n}");
  assert.equal(cutCompletion("const a = 1;\n  return a;\n}", context, false).text, "const a = 1;\n  return a;");
  assert.equal(cutCompletion("const a = 1;\n  return a;\n}", context, false).done, true);
});

test("a block completion decides on an unfinished line once its indentation is known", () => {
  const context = at("function f() {\n  |\n}");
  assert.equal(cutCompletion("a();\n  ", context, false).done, false, "only spaces so far: the line may still be deeper");
  assert.equal(cutCompletion("a();\n}", context, false).done, true);
});

test("a blank line followed by code at the block's level ends the block; deeper code goes on", () => {
  const context = at("|");
  assert.deepEqual(cutCompletion("const a = 1;\n\nconst b = 2;", context, false), { text: "const a = 1;", done: true });
  const opener = at("function f() {|");
  const body = "\n  const a = 1;\n\n  return a;\n}\n\nfunction g() {";
  assert.deepEqual(cutCompletion(body, opener, false), { text: "\n  const a = 1;\n\n  return a;\n}", done: true });
});

test(`a block stops after ${MAX_BLOCK_LINES} lines`, () => {
  const context = at("|");
  const many = Array.from({ length: 40 }, (_, i) => `call(${i});`).join("\n  ");
  const cut = cutCompletion(`x();\n  ${many}`, { mode: "block", blockIndent: 0 }, false);
  assert.equal(cut.done, true);
  assert.equal(cut.text.split("\n").length, MAX_BLOCK_LINES);
  assert.ok(context.mode === "block");
});

test("Markdown fences are dropped and a closing fence stops", () => {
  const context = at("const x = |");
  assert.deepEqual(cutCompletion("```ts", context, false), { text: "", done: false });
  assert.deepEqual(cutCompletion("```ts\n42;\n```", context, false), { text: "42;", done: true });
  const block = at("|");
  assert.deepEqual(cutCompletion("```\na();\n```\nMore text", block, false), { text: "a();", done: true });
});

test("the cursor marker in the answer stops it", () => {
  assert.deepEqual(cutCompletion("42;<CURSOR>", at("const x = |"), false), { text: "42;", done: true });
});

test("a finished answer keeps its last line", () => {
  assert.deepEqual(cutCompletion("a();\nb();", at("|"), true), { text: "a();\nb();", done: true });
});

test("a closing bracket already after the cursor is not inserted again", () => {
  assert.equal(completionText("a, b)", at("foo(|)")), "a, b");
  assert.equal(completionText("a, b);", at("foo(|);")), "a, b");
  assert.equal(completionText("a, b", at("foo(|)")), "a, b");
});

test("lines already following the cursor are not inserted again", () => {
  assert.equal(completionText("return 1;\n}", at("function f() {\n|\n}\n")), "return 1;");
  assert.equal(completionText("  if (x) {\n    y();\n  }\n}", at("function f() {\n  |\n  }\n}")), "if (x) {\n    y();");
});

test("a restated line start is trimmed", () => {
  assert.equal(completionText("const total = price * qty;", at("  const total = |")), "price * qty;");
  assert.equal(completionText("x = 5", at("x = |")), "5");
  assert.equal(completionText("price * qty;", at("const total = pri|")), "ce * qty;", "the word being typed, restated");
  assert.equal(completionText("ce * qty;", at("const total = pri|")), "ce * qty;");
});

test("the model's indentation on the first line does not double the editor's", () => {
  assert.equal(completionText("    return 1;", at("function f() {\n    |\n}")), "return 1;");
  assert.equal(completionText("return 1;", at("function f() {\n    |\n}")), "return 1;");
});

test("a block cut at the token limit loses its unfinished last line", () => {
  const context = at("function f() {\n  |\n}");
  assert.equal(finishCompletion("a();\n  b();\n  c(1,", context, { truncated: true }), "a();\n  b();");
  assert.equal(finishCompletion("price * qty", at("x = |"), { truncated: true }), "price * qty", "a line keeps what it has");
});

test("an answer of only whitespace inserts nothing", () => {
  assert.equal(completionText("   \n  ", at("|")), "");
});
