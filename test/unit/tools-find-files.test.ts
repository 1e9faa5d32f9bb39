// find_files: globs over the workspace through ripgrep, sorted, honouring .gitignore and the
// user's excludes, never listing secret files, capped with a count.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { findFilesTool } from "../../src/core/tools/definitions/findFiles";
import { callTool, makeWorkspace, refusal } from "./tools-fixture";

const ws = makeWorkspace(
  {
    app: {
      ".gitignore": "build/\n*.log\n",
      "src/index.ts": "",
      "src/util.ts": "",
      "src/deep/nested/thing.ts": "",
      "src/App.TSX": "",
      "test/index.test.ts": "",
      "build/out.ts": "",
      "debug.log": "",
      "dist/bundle.js": "",
      "vendor/lib.js": "",
      ".github/workflows/ci.yml": "",
      ".env": "",
      ".env.example": "",
      "keys/id_rsa": "",
      "keys/server.pem": "",
      ".git/HEAD": "",
      "linked.ts": { link: "../outside/far.ts" },
      "env-link.ts": { link: ".env" },
    },
    lib: { "src/lib.ts": "" },
  },
  { outside: { "outside/far.ts": "" }, env: { excludeGlobs: ["**/dist/**", "vendor"] } },
);
for (let i = 0; i < 30; i++) ws.write(`gen/file-${String(i).padStart(2, "0")}.ts`, "");
after(() => ws.remove());
const single = { ...ws.env, folders: [ws.folders[0]!] };
const find = (args: object, maxResultChars?: number) => callTool(findFilesTool, single, args, maxResultChars ? { maxResultChars } : {});
const paths = (content: string) => content.split("\n").slice(1);

test("a pattern without a slash matches file names at any depth, sorted, relative to the folder", async () => {
  const result = await find({ pattern: "*.ts", path: "src" });
  assert.deepEqual(paths(result.content), ["src/deep/nested/thing.ts", "src/index.ts", "src/util.ts"]);
  assert.match(result.content, /^3 files match "\*\.ts" in src:/);
});

test("a pattern with a slash matches at any depth, as in .gitignore", async () => {
  const result = await find({ pattern: "nested/*.ts" });
  assert.deepEqual(paths(result.content), ["src/deep/nested/thing.ts"]);
});

test("a leading slash anchors the pattern to the searched folder", async () => {
  assert.match((await find({ pattern: "/nested/*.ts" })).content, /^No files match/);
  assert.deepEqual(paths((await find({ pattern: "/src/*.ts" })).content), ["src/index.ts", "src/util.ts"]);
});

test("braces give alternatives", async () => {
  const result = await find({ pattern: "index.{ts,test.ts}" });
  assert.deepEqual(paths(result.content), ["src/index.ts", "test/index.test.ts"]);
});

test("a pattern that would match an ignored folder does not bring it back", async () => {
  const result = await find({ pattern: "**", max_results: 1000 });
  assert.ok(!result.content.includes("build/"), result.content);
  assert.ok(result.content.includes("src/index.ts"));
});

test("case is ignored in patterns", async () => {
  const result = await find({ pattern: "app.tsx" });
  assert.deepEqual(paths(result.content), ["src/App.TSX"]);
});

test("files ignored by .gitignore are left out, even outside a git repository", async () => {
  const result = await find({ pattern: "*", max_results: 1000 });
  assert.ok(!result.content.includes("build/out.ts"));
  assert.ok(!result.content.includes("debug.log"));
  assert.ok(result.content.includes("src/index.ts"));
});

test("a path pattern naming git-ignored files or folders does not bring them back", async () => {
  assert.match((await find({ pattern: "build/*.ts" })).content, /^No files match/);
  assert.match((await find({ pattern: "/debug.log" })).content, /^No files match/);
  assert.match((await find({ pattern: "debug.log" })).content, /^No files match/);
});

test("the environment's exclude globs are left out, even when the pattern names them", async () => {
  const result = await find({ pattern: "*.js" });
  assert.match(result.content, /^No files match "\*\.js"/);
});

test("hidden files that are not secret are found", async () => {
  const result = await find({ pattern: "*.yml" });
  assert.deepEqual(paths(result.content), [".github/workflows/ci.yml"]);
});

test("secret files are never listed, even when the pattern names them", async () => {
  const result = await find({ pattern: "*env*" });
  assert.deepEqual(paths(result.content), [".env.example"]);
  for (const pattern of ["id_rsa", "*.pem", "HEAD", "keys/*"]) {
    const other = await find({ pattern });
    assert.match(other.content, /^No files match/, `${pattern}: ${other.content}`);
  }
});

test("symbolic links are not followed, so links out of the workspace or to .env are not listed", async () => {
  const result = await find({ pattern: "*link*" });
  assert.match(result.content, /^No files match/);
});

test("max_results caps the list and says how many matched", async () => {
  const result = await find({ pattern: "file-*.ts", max_results: 5 });
  assert.equal(
    result.content,
    '30 files match "file-*.ts"; showing the first 5. Use a narrower pattern or a path to see others.\ngen/file-00.ts\ngen/file-01.ts\ngen/file-02.ts\ngen/file-03.ts\ngen/file-04.ts',
  );
  assert.equal(result.truncated, true);
});

test("a list over maxResultChars is cut with a note", async () => {
  const result = await find({ pattern: "*.ts" }, 200);
  assert.ok(result.content.length <= 200);
  assert.match(result.content, /\[The list was cut here to fit/);
});

test("no match says what was left out", async () => {
  const result = await find({ pattern: "*.rs" });
  assert.equal(result.content, 'No files match "*.rs" (files ignored by .gitignore, excluded in the settings or secret are left out).');
});

test("in a multi-root workspace, paths start with their folder's name", async () => {
  const result = await callTool(findFilesTool, ws.env, { pattern: "*.ts", max_results: 1000 });
  assert.ok(result.content.includes("\napp/src/index.ts"));
  assert.ok(result.content.includes("\nlib/src/lib.ts"));
});

test("a path outside the workspace is refused", async () => {
  const error = await refusal(find({ pattern: "*.ts", path: "../outside" }));
  assert.match(error.message, /outside the workspace folder 'app'/);
});

test("a cancelled call stops with the abort", async () => {
  const controller = new AbortController();
  controller.abort(new Error("stop"));
  await assert.rejects(callTool(findFilesTool, single, { pattern: "*" }, { signal: controller.signal }), /stop/);
});
