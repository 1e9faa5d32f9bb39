// read_file: numbered lines, pages of at most 400 lines that say how to read on, cuts that fit the
// result budget, and clear refusals for what is not a readable text file.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { ToolError } from "../../src/core/tools/contract";
import { readFileTool } from "../../src/core/tools/definitions/readFile";
import { callTool, makeWorkspace, refusal } from "./tools-fixture";

const numbered = (n: number) => Array.from({ length: n }, (_, i) => `line ${i + 1}`).join("\n") + "\n";
const ws = makeWorkspace({
  app: {
    "src/small.ts": "const a = 1;\nconst b = 2;\n",
    "long.txt": numbered(2310),
    "empty.txt": "",
    "windows.txt": "one\r\ntwo\r\n",
    "image.png": Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]),
    "minified.js": `var x="${"a".repeat(5000)}";\n`,
  },
});
after(() => ws.remove());
const read = (args: object, maxResultChars?: number) => callTool(readFileTool, ws.env, args, maxResultChars ? { maxResultChars } : {});

test("a small file comes back whole, each line prefixed with its number, with no paging note", async () => {
  const result = await read({ path: "src/small.ts" });
  assert.equal(result.content, "1| const a = 1;\n2| const b = 2;");
  assert.equal(result.truncated, undefined);
  assert.equal(result.summary, "Read src/small.ts (2 lines)");
});

test("a long file is paged at 400 lines and the note names the start_line that reads on", async () => {
  const result = await read({ path: "long.txt" });
  const lines = result.content.split("\n");
  assert.equal(lines[0], "  1| line 1");
  assert.equal(lines[399], "400| line 400");
  assert.ok(!result.content.includes("line 401"));
  assert.match(result.content, /Showing lines 1-400 of 2,310\. Call read_file with start_line=401 to read on\./);
  assert.equal(result.truncated, true);
});

test("start_line reads on from where the previous page ended", async () => {
  const result = await read({ path: "long.txt", start_line: 401 });
  assert.ok(result.content.startsWith("401| line 401\n"));
  assert.match(result.content, /Showing lines 401-800 of 2,310\. Call read_file with start_line=801/);
});

test("the last page says which lines it shows and asks for nothing more", async () => {
  const result = await read({ path: "long.txt", start_line: 2201 });
  assert.match(result.content, /2310\| line 2310\n\n\[Showing lines 2,201-2,310 of 2,310\.\]$/);
  assert.equal(result.truncated, undefined);
});

test("start_line and end_line select an inclusive range", async () => {
  const result = await read({ path: "long.txt", start_line: 10, end_line: 12 });
  assert.equal(result.content, "10| line 10\n11| line 11\n12| line 12\n\n[Showing lines 10-12 of 2,310.]");
  assert.equal(result.summary, "Read lines 10-12 of long.txt");
});

test("a range longer than 400 lines is paged too", async () => {
  const result = await read({ path: "long.txt", start_line: 1, end_line: 1000 });
  assert.match(result.content, /Showing lines 1-400 of 2,310\. Call read_file with start_line=401/);
});

test("a start_line past the end is refused with the file's line count", async () => {
  const error = await refusal(read({ path: "src/small.ts", start_line: 5 }));
  assert.match(error.message, /has 2 lines, so start_line=5 is past its end/);
});

test("an end_line before start_line is refused", async () => {
  const error = await refusal(read({ path: "long.txt", start_line: 20, end_line: 10 }));
  assert.match(error.message, /end_line=10 is before start_line=20/);
});

test("a page that would exceed maxResultChars is cut at a whole line, fits, and names the next start_line", async () => {
  const result = await read({ path: "long.txt" }, 1000);
  assert.ok(result.content.length <= 1000, `content is ${result.content.length} chars`);
  const lastShown = Number(/(\d+)\| line \d+\n\n\[/.exec(result.content)?.[1]);
  assert.ok(lastShown > 10 && lastShown < 400, `last shown line ${lastShown}`);
  assert.match(result.content, new RegExp(`Showing lines 1-${lastShown} of 2,310\\. Call read_file with start_line=${lastShown + 1} to read on`));
  assert.equal(result.truncated, true);
});

test("a binary file is refused as not text", async () => {
  const error = await refusal(read({ path: "image.png" }));
  assert.match(error.message, /image\.png is a binary file \(12 B\), not text/);
});

test("a folder is refused with a pointer to list_directory", async () => {
  const error = await refusal(read({ path: "src" }));
  assert.match(error.message, /src is a folder, not a file\. Use list_directory/);
});

test("a missing file is refused with advice to check the name", async () => {
  const error = await refusal(read({ path: "src/missing.ts" }));
  assert.match(error.message, /src\/missing\.ts does not exist/);
});

test("an empty file is reported as empty", async () => {
  const result = await read({ path: "empty.txt" });
  assert.equal(result.content, "empty.txt is empty.");
});

test("Windows line endings do not show up in the lines", async () => {
  const result = await read({ path: "windows.txt" });
  assert.equal(result.content, "1| one\n2| two");
});

test("a very long line is cut and the note says so", async () => {
  const result = await read({ path: "minified.js" });
  assert.ok(result.content.length < 2300, `content is ${result.content.length} chars`);
  assert.match(result.content, /… \[3,00\d more characters\]/);
  assert.match(result.content, /One long line was cut/);
});

test("the text comes from env.readText, so unsaved editor changes are what the model reads", async () => {
  const env = { ...ws.env, ripgrepPath: "rg", readText: async () => "unsaved text\n" };
  const result = await callTool(readFileTool, env, { path: "src/small.ts" });
  assert.equal(result.content, "1| unsaved text");
});

test("a cancelled call stops with the abort instead of a result", async () => {
  const controller = new AbortController();
  controller.abort(new Error("user cancelled"));
  await assert.rejects(callTool(readFileTool, ws.env, { path: "long.txt" }, { signal: controller.signal }), (error: unknown) => {
    assert.ok(!(error instanceof ToolError));
    assert.equal((error as Error).message, "user cancelled");
    return true;
  });
});
