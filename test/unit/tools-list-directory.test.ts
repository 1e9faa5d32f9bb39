// list_directory: one folder's entries, folders first, sizes for files, secret files marked,
// the workspace's folders when it has several.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { after, test } from "node:test";
import { listDirectoryTool } from "../../src/core/tools/definitions/listDirectory";
import { callTool, makeWorkspace, refusal } from "./tools-fixture";

const ws = makeWorkspace(
  {
    app: {
      "README.md": "# app\n",
      "src/index.ts": "x".repeat(2048),
      "src/util.ts": "",
      "docs/guide.md": "",
      ".env": "TOKEN=1\n",
      ".git/config": "[core]\n",
      "link.md": { link: "README.md" },
      "many/keep": "",
    },
    lib: { "lib.ts": "" },
  },
);
for (let i = 0; i < 300; i++) ws.write(`many/file-${String(i).padStart(3, "0")}.txt`, "");
mkdirSync(ws.path("empty"));
after(() => ws.remove());
const single = { ...ws.env, folders: [ws.folders[0]!], ripgrepPath: "rg" };
const list = (args: object, maxResultChars?: number) => callTool(listDirectoryTool, single, args, maxResultChars ? { maxResultChars } : {});

test("folders come first with a trailing slash, then files with their sizes", async () => {
  const result = await list({ path: "src" });
  assert.equal(result.content, "src/ holds 0 folders and 2 files:\nindex.ts  (2.0 KB)\nutil.ts  (0 B)");
});

test("without a path the workspace folder itself is listed", async () => {
  const result = await list({});
  const lines = result.content.split("\n");
  assert.equal(lines[0], "The workspace folder holds 5 folders and 3 files:");
  assert.deepEqual(lines.slice(1, 6), [".git/  [secret: tools may not open it]", "docs/", "empty/", "many/", "src/"]);
});

test("secret files are listed but marked, so the model knows not to open them", async () => {
  const result = await list({ path: "." });
  assert.match(result.content, /^\.env  \(8 B\)  \[secret: tools may not open it\]$/m);
  assert.match(result.content, /^README\.md  \(6 B\)$/m);
});

test("symbolic links are shown as links", async () => {
  const result = await list({});
  assert.match(result.content, /^link\.md  \(symbolic link\)$/m);
});

test("in a multi-root workspace, no path lists the workspace's folders", async () => {
  const result = await callTool(listDirectoryTool, ws.env, {});
  assert.equal(result.content, "The workspace has 2 folders. Start paths with a folder's name, such as app/src:\napp/\nlib/");
});

test("in a multi-root workspace, a folder-prefixed path lists inside that folder", async () => {
  const result = await callTool(listDirectoryTool, ws.env, { path: "lib" });
  assert.equal(result.content, "lib/ holds 0 folders and 1 file:\nlib.ts  (0 B)");
});

test("a file is refused with a pointer to read_file", async () => {
  const error = await refusal(list({ path: "README.md" }));
  assert.match(error.message, /README\.md is a file, not a folder\. Use read_file/);
});

test("a secret folder cannot be listed", async () => {
  const error = await refusal(list({ path: ".git" }));
  assert.match(error.message, /\.git looks like a secret file \(it matches \.git\/\*\*\)/);
});

test("an empty folder is reported as empty", async () => {
  const result = await list({ path: "empty" });
  assert.equal(result.content, "empty/ is empty.");
});

test("a long listing is cut to maxResultChars with a note on how to narrow down", async () => {
  const result = await list({ path: "many" }, 800);
  assert.ok(result.content.length <= 800, `content is ${result.content.length} chars`);
  assert.match(result.content, /^many\/ holds 0 folders and 301 files:\nfile-000\.txt/);
  assert.match(result.content, /\[The list was cut here to fit\. Use find_files with a pattern to narrow down\.\]$/);
  assert.equal(result.truncated, true);
});
