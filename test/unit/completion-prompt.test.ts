// The completion prompt: a harmony chat turn whose answer is begun on the final channel (no
// reasoning), with the part that stays the same while typing first and in segments of its own.
import assert from "node:assert/strict";
import { test } from "node:test";
import { buildCompletionPrompt, completionContext, CURSOR_MARKER, linesOf } from "../../src/core/completion/index";
import { segmentsToText } from "../../src/core/harmony/index";

const file = { path: "src/math.ts", languageId: "typescript" };
const source = ["export function add(a: number, b: number): number {", "  return a + b;", "}", "", "export const ANSWER = ", "// end"].join("\n");

function promptAt(text: string, line: number, character: number) {
  return buildCompletionPrompt(completionContext(linesOf(text), { line, character }, file));
}

test("the prompt ends inside an assistant message prefilled on the final channel", () => {
  const text = segmentsToText(promptAt(source, 4, 22).segments);
  assert.ok(text.startsWith("<|start|>system<|message|>"));
  assert.ok(text.endsWith("<|end|><|start|>assistant<|channel|>final<|message|>"), text.slice(-80));
  assert.match(text, /Reasoning: low/);
  assert.doesNotMatch(text, /Current date/, "no date: the prefix must not change at midnight");
});

test("the file is shown with the cursor marked where the text goes", () => {
  const text = segmentsToText(promptAt(source, 4, 22).segments);
  assert.match(text, /<file path="src\/math\.ts" language="typescript">\nexport function add/);
  assert.ok(text.includes(`export const ANSWER = ${CURSOR_MARKER}\n// end\n</file>`));
  assert.match(text, /complete that line only/);
});

test("typing on the cursor's line changes nothing before it: the stable segments are identical", () => {
  const a = promptAt(source, 4, 22);
  const typed = source.replace("ANSWER = ", "ANSWER = 4");
  const b = promptAt(typed, 4, 23);
  assert.equal(a.stableSegments, b.stableSegments);
  assert.deepEqual(a.segments.slice(0, a.stableSegments), b.segments.slice(0, b.stableSegments));
  assert.notDeepEqual(a.segments.slice(a.stableSegments), b.segments.slice(b.stableSegments));
});

test("a new line typed extends the stable block at its end only", () => {
  const a = promptAt(source, 4, 22);
  const b = promptAt(source.replace("ANSWER = ", "ANSWER = 42;\n"), 5, 0);
  const blockA = a.segments[a.stableSegments - 1];
  const blockB = b.segments[b.stableSegments - 1];
  assert.ok(blockA?.kind === "text" && blockB?.kind === "text");
  assert.ok(blockB.text.startsWith(blockA.text), "the old block is a prefix of the new one");
  assert.ok(blockB.text.endsWith("export const ANSWER = 42;\n"));
});

test("a blank line asks for a block", () => {
  const text = segmentsToText(promptAt("function f() {\n  \n}", 1, 2).segments);
  assert.match(text, /at most one short block/);
  assert.ok(text.includes(`function f() {\n  ${CURSOR_MARKER}\n}`));
});

test("quotes and newlines in the path cannot break the file tag", () => {
  const context = completionContext(linesOf("x"), { line: 0, character: 1 }, { path: 'a"b\nc.ts', languageId: "typescript" });
  const text = segmentsToText(buildCompletionPrompt(context).segments);
  assert.match(text, /<file path="a&quot;b c\.ts"/);
});
