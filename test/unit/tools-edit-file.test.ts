// edit_file: exact-match replacements, computed in full by prepare() and applied by run(); each
// old_text must occur exactly once, overlapping edits are refused, and a failed call changes
// nothing.
import assert from "node:assert/strict";
import { lstatSync, readlinkSync } from "node:fs";
import { afterEach, beforeEach, test } from "node:test";
import { editFileTool } from "../../src/core/tools/definitions/editFile";
import { callTool, makeWorkspace, prepareTool, refusal, type TestWorkspace } from "./tools-fixture";

const SOURCE = ["function add(a, b) {", "  return a + b;", "}", "", "function sub(a, b) {", "  return a - b;", "}", ""].join("\n");
let ws: TestWorkspace;
beforeEach(() => {
  ws = makeWorkspace({ app: { "src/math.js": SOURCE, "windows.txt": "one\r\ntwo\r\nthree\r\n", "alias.js": { link: "src/math.js" } } });
});
afterEach(() => ws.remove());
const edit = (edits: { old_text: string; new_text: string }[], path = "src/math.js") => callTool(editFileTool, ws.env, { path, edits });

test("prepare computes the whole new text and writes nothing", async () => {
  const change = await prepareTool(editFileTool, ws.env, { path: "src/math.js", edits: [{ old_text: "a + b", new_text: "a + b + 0" }] });
  assert.deepEqual(change, {
    kind: "edit",
    path: "src/math.js",
    absolute: ws.path("src/math.js"),
    before: SOURCE,
    after: SOURCE.replace("a + b", "a + b + 0"),
    create: false,
  });
  assert.equal(ws.read("src/math.js"), SOURCE);
});

test("run applies the change and summarises lines added and removed", async () => {
  const result = await edit([{ old_text: "  return a + b;\n", new_text: "  const sum = a + b;\n  log(sum);\n  return sum;\n" }]);
  assert.equal(ws.read("src/math.js"), SOURCE.replace("  return a + b;\n", "  const sum = a + b;\n  log(sum);\n  return sum;\n"));
  assert.equal(result.summary, "+3 −1 lines in src/math.js");
  assert.match(result.content, /^Edited src\/math\.js: 3 lines added, 1 removed\./);
});

test("the result shows the edited lines with their new numbers, so the model can edit on", async () => {
  const result = await edit([{ old_text: "a - b", new_text: "a - b - 0" }]);
  assert.match(result.content, /^Edited src\/math\.js: 1 line added, 1 removed\. The edited part now reads:\n4\| \n5\| function sub\(a, b\) \{\n6\|   return a - b - 0;\n7\| \}$/);
});

test("several edits are applied together", async () => {
  await edit([
    { old_text: "function add", new_text: "export function add" },
    { old_text: "function sub", new_text: "export function sub" },
  ]);
  assert.equal(ws.read("src/math.js"), SOURCE.replace("function add", "export function add").replace("function sub", "export function sub"));
});

test("old_text that is not in the file is refused, naming the most similar line", async () => {
  const error = await refusal(edit([{ old_text: "  return a * b;", new_text: "x" }]));
  assert.match(error.message, /^old_text was not found in src\/math\.js\. Nothing was changed\. The most similar line is 2: "return a \+ b;"\. Read the file again/);
});

test("old_text that differs only in whitespace is refused with the line it matches loosely", async () => {
  const error = await refusal(edit([{ old_text: "function sub(a,b) {\n    return a - b;", new_text: "x" }]));
  assert.match(error.message, /matches line 5 only when spaces and indentation are ignored; copy old_text exactly/);
});

test("old_text copied with read_file's line numbers is refused with a hint to drop them", async () => {
  const error = await refusal(edit([{ old_text: "2|   return a + b;\n3| }", new_text: "x" }]));
  assert.match(error.message, /line-number prefixes \("12\| "\), which are not part of the file; leave them out/);
});

test("old_text that occurs more than once is refused with the lines where it occurs", async () => {
  const error = await refusal(edit([{ old_text: "(a, b) {", new_text: "(x, y) {" }]));
  assert.match(error.message, /^old_text occurs 2 times in src\/math\.js \(lines 1, 5\)\. Include more surrounding lines in old_text so that it occurs exactly once\. Nothing was changed\.$/);
});

test("overlapping occurrences count as several", async () => {
  ws.write("aaa.txt", "aaa\n");
  const error = await refusal(edit([{ old_text: "aa", new_text: "b" }], "aaa.txt"));
  assert.match(error.message, /occurs 2 times/);
});

test("when one of several edits fails, none is applied and the failing one is named", async () => {
  const error = await refusal(edit([
    { old_text: "function add", new_text: "export function add" },
    { old_text: "function mul", new_text: "export function mul" },
  ]));
  assert.match(error.message, /^old_text of edit 2 was not found in src\/math\.js\. Nothing was changed\./);
  assert.equal(ws.read("src/math.js"), SOURCE);
});

test("overlapping edits are refused", async () => {
  const error = await refusal(edit([
    { old_text: "function add(a, b) {\n  return", new_text: "x" },
    { old_text: "return a + b;", new_text: "y" },
  ]));
  assert.match(error.message, /^Edits 1 and 2 overlap in src\/math\.js \(both change line 2\)\. Merge them into one edit\. Nothing was changed\.$/);
  assert.equal(ws.read("src/math.js"), SOURCE);
});

test("an empty old_text is refused with what to do instead", async () => {
  const error = await refusal(edit([{ old_text: "", new_text: "header\n" }]));
  assert.match(error.message, /old_text is empty\. To add text, put a nearby line in old_text .*use create_file/);
});

test("edits that change nothing are refused", async () => {
  const error = await refusal(edit([{ old_text: "a + b", new_text: "a + b" }]));
  assert.match(error.message, /The edits change nothing/);
});

test("in a Windows file, old_text and new_text written with \\n match and keep \\r\\n", async () => {
  await edit([{ old_text: "one\ntwo", new_text: "one\n1.5\ntwo" }], "windows.txt");
  assert.equal(ws.read("windows.txt"), "one\r\n1.5\r\ntwo\r\nthree\r\n");
});

test("a file changed after prepare is not overwritten: the apply is refused", async () => {
  const change = await prepareTool(editFileTool, ws.env, { path: "src/math.js", edits: [{ old_text: "a + b", new_text: "b + a" }] });
  ws.write("src/math.js", SOURCE + "// typed by the user\n");
  const params = editFileTool.parameters.parse({ path: "src/math.js", edits: [{ old_text: "a + b", new_text: "b + a" }] });
  const error = await refusal(editFileTool.run(params, { env: ws.env, signal: new AbortController().signal, maxResultChars: 20_000 }, change));
  assert.match(error.message, /src\/math\.js changed since this edit was prepared, so it was not applied\. Read the file again and redo the edit\./);
  assert.equal(ws.read("src/math.js"), SOURCE + "// typed by the user\n");
});

test("editing through a symbolic link inside the workspace changes the target and keeps the link", async () => {
  await edit([{ old_text: "a - b", new_text: "b - a" }], "alias.js");
  assert.ok(lstatSync(ws.path("alias.js")).isSymbolicLink());
  assert.equal(readlinkSync(ws.path("alias.js")), "src/math.js");
  assert.equal(ws.read("src/math.js"), SOURCE.replace("a - b", "b - a"));
});

test("the text edited is env.readText's, so unsaved editor changes are the base", async () => {
  const env = { ...ws.env, readText: async () => "unsaved buffer\n" };
  const change = await prepareTool(editFileTool, env, { path: "src/math.js", edits: [{ old_text: "unsaved", new_text: "edited" }] });
  assert.equal(change.kind === "edit" && change.after, "edited buffer\n");
});

test("a missing file is refused with advice, not created", async () => {
  const error = await refusal(edit([{ old_text: "a", new_text: "b" }], "src/none.js"));
  assert.match(error.message, /src\/none\.js does not exist/);
});
