// Cutting results to the model's budget: always within it, always saying so.
import assert from "node:assert/strict";
import { test } from "node:test";
import { capHeadTail, capText, clipLine, formatBytes, formatCount } from "../../src/core/tools/resultCap";

const lines = Array.from({ length: 1000 }, (_, i) => `line ${i}`).join("\n");

test("text that fits comes back unchanged", () => {
  assert.deepEqual(capText("short", 100, "[cut]"), { text: "short", truncated: false });
});

test("cut text fits the budget, ends at a line break and carries the note", () => {
  const capped = capText(lines, 300, "[cut: read more with start_line]");
  assert.ok(capped.text.length <= 300, `${capped.text.length} chars`);
  assert.match(capped.text, /\nline \d+\n\[cut: read more with start_line\]$/);
  assert.equal(capped.truncated, true);
});

test("head and tail are kept, the middle is dropped with its size", () => {
  const capped = capHeadTail(lines, 400);
  assert.ok(capped.text.length <= 400, `${capped.text.length} chars`);
  assert.ok(capped.text.startsWith("line 0\nline 1\n"));
  assert.ok(capped.text.endsWith("line 998\nline 999"));
  assert.match(capped.text, /\[… [\d,]+ characters of output cut here …\]/);
});

test("a long line is clipped around the focus, marking both ends", () => {
  const line = `${"a".repeat(500)}NEEDLE${"b".repeat(500)}`;
  const clipped = clipLine(line, 100, 500);
  assert.match(clipped, /^…a+NEEDLEb+ … \[[\d,]+ more characters\]$/);
  assert.ok(clipped.length < 140);
});

test("numbers and sizes read as people write them", () => {
  assert.equal(formatCount(2310), "2,310");
  assert.equal(formatBytes(512), "512 B");
  assert.equal(formatBytes(2048), "2.0 KB");
  assert.equal(formatBytes(5 * 1024 * 1024), "5.0 MB");
  assert.equal(formatBytes(300 * 1024), "300 KB");
});
