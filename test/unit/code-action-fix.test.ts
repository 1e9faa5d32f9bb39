// "Fix this with gpt-oss": the prompt names the problem and the lines to rewrite; the answer's
// code block becomes an edit of exactly those lines, or a clear reason why nothing is usable.
import assert from "node:assert/strict";
import { test } from "node:test";
import { renderConversation, segmentsToText } from "../../src/core/harmony/index";
import { codeBlocks, minimalReplacement, proposeFix, replaceLines } from "../../src/vscode/codeActions/fixAnswer";
import { fixConversation, type FixProblem, type FixRegion } from "../../src/vscode/codeActions/fixPrompt";

const problem: FixProblem = {
  path: "src/invoice.ts",
  languageId: "typescript",
  severity: "error",
  message: "Argument of type 'string' is not assignable to parameter of type 'number'.",
  source: "ts 2345",
  line: 24,
  endLine: 24,
};
const region: FixRegion = {
  startLine: 22,
  endLine: 26,
  text: [
    "export function formatTotal(invoice: Invoice, discountPercent: string): string {",
    "  // Deliberate type error: discountPercent is a string, applyDiscount wants a number.",
    "  const discounted = applyDiscount(invoice.total, discountPercent);",
    "  return `${invoice.number}: ${(discounted / 100).toFixed(2)} EUR`;",
    "}",
  ].join("\n"),
};
const fixed = region.text.replace("applyDiscount(invoice.total, discountPercent)", "applyDiscount(invoice.total, Number(discountPercent))");

test("the prompt names the problem, shows the region and asks for one fenced block", () => {
  const text = segmentsToText(renderConversation(fixConversation(problem, region, { tools: [], folders: ["app"], date: "2026-01-02" })));
  assert.match(text, /Fix this error in src\/invoice\.ts, line 24 \(ts 2345\):\nArgument of type 'string'/);
  assert.match(text, /Lines 22-26 of src\/invoice\.ts:\n```typescript\nexport function formatTotal/);
  assert.match(text, /Answer with the corrected lines 22-26 in one ```typescript block\./);
  assert.match(text, /you cannot change files/);
  assert.match(text, /Reasoning: low/);
});

test("a fence in the code gets a longer fence around it", () => {
  const withFence = { ...region, text: "const md = `\n```\n`;" };
  const text = segmentsToText(renderConversation(fixConversation(problem, withFence, { tools: [], folders: [], date: "2026-01-02" })));
  assert.match(text, /````typescript\nconst md/);
});

test("the corrected region replaces the region", () => {
  const proposal = proposeFix(`The discount is a string; convert it.\n\n\`\`\`ts\n${fixed}\n\`\`\``, region, problem);
  assert.deepEqual(proposal, { kind: "edit", startLine: 22, endLine: 26, text: fixed, explanation: "The discount is a string; convert it." });
});

test("the last complete block wins (the broken code is often shown first)", () => {
  const proposal = proposeFix(`Before:\n\`\`\`ts\n${region.text}\n\`\`\`\nAfter:\n\`\`\`ts\n${fixed}\n\`\`\``, region, problem);
  assert.equal(proposal.kind === "edit" && proposal.text, fixed);
});

test("only the problem's line, answered alone, replaces only that line", () => {
  const proposal = proposeFix("```ts\n  const discounted = applyDiscount(invoice.total, Number(discountPercent));\n```", region, problem);
  assert.deepEqual(proposal.kind === "edit" && [proposal.startLine, proposal.endLine, proposal.text], [24, 24, "  const discounted = applyDiscount(invoice.total, Number(discountPercent));"]);
});

test("lost indentation is put back; copied line numbers are dropped", () => {
  const flat = fixed.split("\n").map((line) => line.replace(/^ {2}/, "")).join("\n");
  const dedented = proposeFix("```ts\n" + "  " + flat.split("\n").join("\n  ") + "\n```", { ...region, text: region.text.split("\n").map((l) => `  ${l}`).join("\n") }, problem);
  assert.ok(dedented.kind === "edit");
  const numbered = fixed.split("\n").map((line, i) => `${22 + i}| ${line}`).join("\n");
  const proposal = proposeFix("```ts\n" + numbered + "\n```", region, problem);
  assert.equal(proposal.kind === "edit" && proposal.text, fixed);
  const lostIndent = proposeFix("```ts\nconst discounted = applyDiscount(invoice.total, Number(discountPercent));\n```", region, problem);
  assert.equal(lostIndent.kind === "edit" && lostIndent.text, "  const discounted = applyDiscount(invoice.total, Number(discountPercent));");
});

test("nothing usable: no block, a cut-off block, an empty block, no change, or code that cannot be placed", () => {
  const reason = (answer: string) => {
    const proposal = proposeFix(answer, region, problem);
    return proposal.kind === "none" ? proposal.reason : "an edit";
  };
  assert.equal(reason("I am not sure what is wrong here."), "it has no code block");
  assert.equal(reason("```ts\nexport function formatTotal("), "its code block was cut off");
  assert.equal(reason("```ts\n\n```"), "its code block is empty");
  assert.equal(reason("```ts\n" + region.text + "\n```"), "it proposes no change");
  assert.equal(reason("```ts\nimport { x } from 'y';\nimport { z } from 'w';\nimport { v } from 'u';\n```"), "its code could not be matched to the lines it should replace");
});

test("the explanation leaves the code out", () => {
  const proposal = proposeFix("It needs a number.\n```ts\n" + fixed + "\n```\nThat is all.", region, problem);
  assert.equal(proposal.explanation, "It needs a number. That is all.");
});

test("code blocks: tildes, longer fences and an unclosed block", () => {
  assert.deepEqual(codeBlocks("~~~py\nx = 1\n~~~"), [{ info: "py", text: "x = 1", closed: true }]);
  assert.deepEqual(codeBlocks("````md\n```\ninner\n```\n````"), [{ info: "md", text: "```\ninner\n```", closed: true }]);
  assert.deepEqual(codeBlocks("```\nopen"), [{ info: "", text: "open", closed: false }]);
});

test("the edit applied is the smallest replacement", () => {
  assert.deepEqual(minimalReplacement("abcXdef", "abcYYdef"), { start: 3, end: 4, text: "YY" });
  assert.deepEqual(minimalReplacement("same", "same"), { start: 4, end: 4, text: "" });
  assert.deepEqual(minimalReplacement("aaa", "aaaa"), { start: 3, end: 3, text: "a" });
  assert.deepEqual(minimalReplacement("line1\nline2\n", "line1\n"), { start: 6, end: 12, text: "" });
});

test("replacing lines keeps the other lines and the file's line ends", () => {
  const text = "a\nb\nc\nd\n";
  assert.equal(replaceLines(text, 2, 3, "B\nc", "\n").after, "a\nB\nc\nd\n");
  assert.deepEqual(replaceLines(text, 2, 3, "B\nc", "\n"), { start: 2, end: 3, text: "B", after: "a\nB\nc\nd\n" });
  assert.equal(replaceLines("a\r\nb\r\nc", 2, 3, "x\ny", "\r\n").after, "a\r\nx\r\ny");
  assert.equal(replaceLines("a\nb", 2, 2, "b\nextra", "\n").after, "a\nb\nextra", "the last line, without a final newline");
  assert.equal(replaceLines("a\nb\nc", 1, 1, "z", "\n").after, "z\nb\nc");
});
