// create_file: a new file (and its folders), never an existing one; the change is proposed in
// full before anything is written.
import assert from "node:assert/strict";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, test } from "node:test";
import { createFileTool } from "../../src/core/tools/definitions/createFile";
import { callTool, makeWorkspace, prepareTool, refusal, type TestWorkspace } from "./tools-fixture";

let ws: TestWorkspace;
beforeEach(() => {
  ws = makeWorkspace({ app: { "README.md": "# app\n", "src/index.ts": "", "dangling.txt": { link: "src/not-yet.txt" } } });
});
afterEach(() => ws.remove());
const create = (path: string, content = "hello\n") => callTool(createFileTool, ws.env, { path, content });

test("prepare proposes the new file and writes nothing", async () => {
  const change = await prepareTool(createFileTool, ws.env, { path: "src/new.ts", content: "export {};\n" });
  assert.deepEqual(change, { kind: "edit", path: "src/new.ts", absolute: ws.path("src/new.ts"), before: "", after: "export {};\n", create: true });
  assert.ok(!existsSync(ws.path("src/new.ts")));
});

test("run creates the file with exactly the given content and says how big it is", async () => {
  const result = await create("notes/todo.md", "- one\n- two\n");
  assert.equal(ws.read("notes/todo.md"), "- one\n- two\n");
  assert.equal(result.content, "Created notes/todo.md (2 lines, 12 B).");
  assert.equal(result.summary, "Created notes/todo.md (2 lines)");
});

test("missing parent folders are created", async () => {
  await create("a/b/c/deep.txt");
  assert.equal(ws.read("a/b/c/deep.txt"), "hello\n");
});

test("an existing file is refused with a pointer to edit_file, and left alone", async () => {
  const error = await refusal(create("README.md", "overwritten"));
  assert.match(error.message, /^README\.md already exists\. Use edit_file to change it/);
  assert.equal(ws.read("README.md"), "# app\n");
});

test("an existing folder is refused", async () => {
  const error = await refusal(create("src"));
  assert.match(error.message, /^src is an existing folder/);
});

test("a file that appears between prepare and run is not overwritten", async () => {
  const params = createFileTool.parameters.parse({ path: "late.txt", content: "mine\n" });
  const context = { env: ws.env, signal: new AbortController().signal, maxResultChars: 20_000 };
  const change = await createFileTool.prepare!(params, context);
  ws.write("late.txt", "the user's\n");
  const error = await refusal(createFileTool.run(params, context, change));
  assert.match(error.message, /^late\.txt already exists \(it appeared after the change was prepared\)\. Use edit_file/);
  assert.equal(ws.read("late.txt"), "the user's\n");
});

test("a path under an existing file is refused, naming the file in the way", async () => {
  const error = await refusal(create("README.md/inner.txt"));
  assert.match(error.message, /README\.md\/inner\.txt cannot be created: README\.md is a file, not a folder\./);
});

test("a dangling symbolic link in the way is refused rather than written through", async () => {
  const error = await refusal(create("dangling.txt"));
  assert.match(error.message, /dangling\.txt already exists/);
  assert.ok(!existsSync(join(ws.dir, "src/not-yet.txt")));
});

test("no temporary file is left beside the new one", async () => {
  await create("src/clean.ts");
  assert.deepEqual(readdirSync(ws.path("src")).sort(), ["clean.ts", "index.ts"]);
});
