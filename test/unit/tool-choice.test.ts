// The tool picker's rules: what is off stays out of the prompt, and many tools draw a warning.
import assert from "node:assert/strict";
import { test } from "node:test";
import { ALL_TOOLS } from "../../src/core/tools/registry";
import { applyToolChoice, MANY_TOOLS, tooManyToolsWarning, toolPromptTokens } from "../../src/core/tools/toolChoice";

test("tools and whole sources turned off are left out", () => {
  const tools = [{ name: "a" }, { name: "b" }, { name: "c" }];
  const source = (t: { name: string }) => (t.name === "c" ? "mcp:x" : "builtin");
  assert.deepEqual(applyToolChoice(tools, { disabledTools: ["a"], disabledSources: [] }, source).map((t) => t.name), ["b", "c"]);
  assert.deepEqual(applyToolChoice(tools, { disabledTools: [], disabledSources: ["mcp:x"] }, source).map((t) => t.name), ["a", "b"]);
});

test("other extensions' tools are off until the user turns them on; a choice to turn them off again holds", () => {
  const tools = [{ name: "read_file" }, { name: "ext_search" }];
  const source = (t: { name: string }) => (t.name.startsWith("ext_") ? "extensions" : "builtin");
  assert.deepEqual(applyToolChoice(tools, { disabledTools: [], disabledSources: [] }, source).map((t) => t.name), ["read_file"]);
  assert.deepEqual(applyToolChoice(tools, { disabledTools: [], disabledSources: [], enabledSources: ["extensions"] }, source).map((t) => t.name), ["read_file", "ext_search"]);
  assert.deepEqual(applyToolChoice(tools, { disabledTools: [], disabledSources: ["extensions"], enabledSources: ["extensions"] }, source).map((t) => t.name), ["read_file"]);
});

test("our own tools fit without a warning; past the limit the picker warns with the prompt cost", () => {
  assert.equal(tooManyToolsWarning(ALL_TOOLS), undefined);
  const tokens = toolPromptTokens(ALL_TOOLS);
  assert.ok(tokens > 500 && tokens < 3000, String(tokens));
  const many = Array.from({ length: MANY_TOOLS + 1 }, (_, i) => ({ ...ALL_TOOLS[i % ALL_TOOLS.length]!, name: `tool_${i}` }));
  assert.match(tooManyToolsWarning(many)!, /^21 tools on \(~[\d,]+ tokens in every prompt\)/);
});
