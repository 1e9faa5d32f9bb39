// The command-line tool's environment: finding ripgrep (with the fix named when it is missing),
// plain-file reads and listings, and atomic writes that refuse to overwrite a changed file.
import assert from "node:assert/strict";
import { chmodSync, mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, test } from "node:test";
import { ToolError } from "../../src/core/tools/contract";
import { createNodeToolEnvironment, findRipgrep } from "../../src/node/tools/nodeEnvironment";
import { makeWorkspace, refusal } from "./tools-fixture";

const ws = makeWorkspace({ app: { "a.txt": "before\n", "script.sh": "#!/bin/sh\necho hi\n", "dir/inner.txt": "x", "link.txt": { link: "a.txt" } } });
chmodSync(ws.path("script.sh"), 0o755);
const bin = join(ws.root, "bin");
mkdirSync(bin);
writeFileSync(join(bin, "rg"), "#!/bin/sh\n");
chmodSync(join(bin, "rg"), 0o755);
writeFileSync(join(bin, "not-executable"), "");
after(() => ws.remove());

test("findRipgrep takes GPT_OSS_RIPGREP when it points at a program", () => {
  assert.equal(findRipgrep({ GPT_OSS_RIPGREP: join(bin, "rg"), PATH: "" }), join(bin, "rg"));
});

test("findRipgrep refuses a GPT_OSS_RIPGREP that is not runnable, naming the variable", () => {
  assert.throws(() => findRipgrep({ GPT_OSS_RIPGREP: join(bin, "not-executable"), PATH: bin }), (error: unknown) => {
    assert.ok(error instanceof ToolError);
    assert.match(error.message, /GPT_OSS_RIPGREP is set to .*not-executable, but no runnable program is there/);
    return true;
  });
});

test("findRipgrep finds rg on PATH", () => {
  assert.equal(findRipgrep({ PATH: ["/nonexistent", bin].join(":") }, "linux"), join(bin, "rg"));
});

test("findRipgrep without rg says how to install it", () => {
  assert.throws(() => findRipgrep({ PATH: "/nonexistent" }, "linux"), /ripgrep \(rg\) was not found on PATH.*apt-get install ripgrep.*GPT_OSS_RIPGREP/);
});

test("the environment looks ripgrep up only when a search needs it", () => {
  const previous = process.env.PATH;
  process.env.PATH = "/nonexistent";
  try {
    const env = createNodeToolEnvironment({ folders: ws.folders });
    assert.throws(() => env.ripgrepPath, /ripgrep \(rg\) was not found/);
  } finally {
    process.env.PATH = previous;
  }
});

test("readDirectory reports files with sizes, folders and links", async () => {
  const entries = await ws.env.readDirectory(ws.dir);
  const byName = Object.fromEntries(entries.map((entry) => [entry.name, entry]));
  assert.deepEqual(byName["a.txt"], { name: "a.txt", type: "file", size: 7 });
  assert.deepEqual(byName["dir"], { name: "dir", type: "directory" });
  assert.deepEqual(byName["link.txt"], { name: "link.txt", type: "symlink" });
});

test("applyEdit replaces the text when the file still holds `before`, keeping its permissions", async () => {
  await ws.env.applyEdit({ kind: "edit", path: "script.sh", absolute: ws.path("script.sh"), before: "#!/bin/sh\necho hi\n", after: "#!/bin/sh\necho bye\n", create: false });
  assert.equal(ws.read("script.sh"), "#!/bin/sh\necho bye\n");
  assert.equal(statSync(ws.path("script.sh")).mode & 0o777, 0o755);
});

test("applyEdit refuses when the file changed since the edit was computed", async () => {
  const error = await refusal(ws.env.applyEdit({ kind: "edit", path: "a.txt", absolute: ws.path("a.txt"), before: "stale\n", after: "mine\n", create: false }));
  assert.match(error.message, /a\.txt changed since this edit was prepared/);
  assert.equal(ws.read("a.txt"), "before\n");
});

test("applyEdit refuses when the file was deleted meanwhile", async () => {
  const error = await refusal(ws.env.applyEdit({ kind: "edit", path: "gone.txt", absolute: ws.path("gone.txt"), before: "x", after: "y", create: false }));
  assert.match(error.message, /^gone\.txt no longer exists since this edit was prepared, so it was not applied/);
});

test("applyEdit leaves no temporary files behind", async () => {
  await ws.env.applyEdit({ kind: "edit", path: "dir/inner.txt", absolute: ws.path("dir/inner.txt"), before: "x", after: "y", create: false });
  await ws.env.applyEdit({ kind: "edit", path: "dir/new.txt", absolute: ws.path("dir/new.txt"), before: "", after: "z", create: true });
  assert.deepEqual(readdirSync(ws.path("dir")).sort(), ["inner.txt", "new.txt"]);
});

test("readText reads the file as UTF-8", async () => {
  writeFileSync(ws.path("utf8.txt"), "héllo ✓\n");
  assert.equal(await ws.env.readText(ws.path("utf8.txt")), "héllo ✓\n");
});
