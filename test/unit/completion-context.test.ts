// The completion windows: what the model sees of the file before and after the cursor, and the
// line that the window before starts on, which must not move with every line typed.
import assert from "node:assert/strict";
import { test } from "node:test";
import { completionContext, linesOf, windowStart, type WindowLimits } from "../../src/core/completion/index";

const file = { path: "src/a.ts", languageId: "typescript" };
const limits: WindowLimits = { beforeLines: 10, beforeChars: 10_000, afterLines: 3, afterChars: 10_000, anchorStep: 4 };

function numbered(count: number): string {
  return Array.from({ length: count }, (_, i) => `line ${i}`).join("\n");
}

test("the cursor's line is split at the cursor; the lines before and after are whole", () => {
  const context = completionContext(linesOf("a\nb\nconst x = f(|);\nc\nd"), { line: 2, character: 12 }, file);
  assert.equal(context.before, "a\nb\n");
  assert.equal(context.linePrefix, "const x = f(");
  assert.equal(context.lineSuffix, "|);");
  assert.equal(context.after, "c\nd");
});

test("the window before starts on a step and stays put while lines are added below it", () => {
  const doc = linesOf(numbered(100));
  const starts = [40, 41, 42, 43].map((line) => windowStart(doc, line, limits));
  assert.deepEqual(starts, [32, 32, 32, 36]);
  for (const start of starts) assert.equal(start % limits.anchorStep, 0);
  const context = completionContext(doc, { line: 41, character: 0 }, file, limits);
  assert.equal(context.beforeStartLine, 32);
  assert.ok(context.before.startsWith("line 32\n") && context.before.endsWith("line 40\n"));
});

test("the window before holds at most beforeLines lines and starts at the file's start when it can", () => {
  const doc = linesOf(numbered(100));
  assert.equal(windowStart(doc, 5, limits), 0);
  const context = completionContext(doc, { line: 57, character: 0 }, file, limits);
  assert.ok(57 - context.beforeStartLine <= limits.beforeLines);
  assert.ok(57 - context.beforeStartLine > limits.beforeLines - limits.anchorStep);
});

test("a character limit moves the window start by whole steps, then cuts at a line start", () => {
  const long = Array.from({ length: 40 }, (_, i) => `${i}`.padEnd(99, "x")).join("\n");
  const context = completionContext(linesOf(long), { line: 39, character: 0 }, file, { ...limits, beforeLines: 40, beforeChars: 1_000 });
  assert.ok(context.before.length <= 1_000, `${context.before.length} characters`);
  assert.equal(context.beforeStartLine % 4, 0);
  const huge = completionContext(linesOf(`${"y".repeat(5_000)}\nz`), { line: 1, character: 1 }, file, { ...limits, beforeChars: 1_000 });
  assert.equal(huge.before, "", "a single line over the limit is left out rather than cut mid-line");
});

test("the window after stops at afterLines lines, and a very long line is cut", () => {
  const context = completionContext(linesOf(numbered(20)), { line: 2, character: 6 }, file, limits);
  assert.equal(context.after, "line 3\nline 4\nline 5");
  const minified = completionContext(linesOf(`x\n${"m".repeat(5_000)}`), { line: 0, character: 1 }, file, { ...limits, afterChars: 100 });
  assert.equal(minified.after.length, 100);
});

test("mid-line and after code the mode is line; on a blank line or after an opener it is block", () => {
  const at = (text: string, line: number, character: number) => completionContext(linesOf(text), { line, character }, file);
  assert.equal(at("foo(bar)", 0, 4).mode, "line");
  assert.equal(at("const x = ", 0, 10).mode, "line");
  const blank = at("function f() {\n    \n}", 1, 4);
  assert.equal(blank.mode, "block");
  assert.equal(blank.blockIndent, 4);
  const opener = at("  if (x) {", 0, 10);
  assert.equal(opener.mode, "block");
  assert.equal(opener.blockIndent, 2, "after an opener the block may close at the line's own indentation");
  assert.equal(at("def f():", 0, 8).mode, "block");
});
