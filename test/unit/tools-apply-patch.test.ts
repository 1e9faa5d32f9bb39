// apply_patch on a real temporary workspace: the format (add, update with each matching tier,
// delete, move, anchors, End of File), the wrappers models send, the failures (a hunk found
// nowhere or twice, with the message the model acts on), several files at once, and the path
// and secret policy. A failed patch changes nothing.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { afterEach, beforeEach, test } from "node:test";
import { extractPatch, parsePatch } from "../../src/core/tools/applyPatch/parse";
import { applyHunks } from "../../src/core/tools/applyPatch/applyHunks";
import { applyPatchTool } from "../../src/core/tools/applyPatch/tool";
import { runsCodeReason } from "../../src/core/tools/runsCode";
import { callTool, makeWorkspace, prepareTool, refusal, type TestWorkspace } from "./tools-fixture";

const APP = ["class Greeter:", "    def greet(self):", '        print("Hi")', "", "    def bye(self):", '        print("Bye")', ""].join("\n");
let ws: TestWorkspace;
beforeEach(() => {
  ws = makeWorkspace({ app: { "app.py": APP, "notes.txt": "one\ntwo\nthree\n", "old/name.txt": "keep me\n", ".env": "SECRET=1\n" } }, { outside: { "outside.txt": "x\n" } });
});
afterEach(() => ws.remove());

const patch = (...body: string[]) => ["*** Begin Patch", ...body, "*** End Patch"].join("\n");
const apply = (text: string) => callTool(applyPatchTool, ws.env, { input: text });

test("Add File creates the file with the + lines (missing folders too)", async () => {
  const result = await apply(patch("*** Add File: src/new/hello.py", "+def hello():", "+    return 1"));
  assert.equal(ws.read("src/new/hello.py"), "def hello():\n    return 1\n");
  assert.equal(result.content, "Success. Updated the following files:\nA src/new/hello.py (2 lines)");
});

test("Update File with an exact hunk changes only those lines", async () => {
  await apply(patch("*** Update File: app.py", "@@", "     def greet(self):", '-        print("Hi")', '+        print("Hello")', ""));
  assert.equal(ws.read("app.py"), APP.replace('print("Hi")', 'print("Hello")'));
});

test("each matching tier: trailing whitespace, surrounding whitespace, Unicode punctuation", () => {
  const hunk = (old: string[], added: string[]) => parsePatch(patch("*** Update File: f", "@@", ...old.map((l) => `-${l}`), ...added.map((l) => `+${l}`)))[0];
  const hunks = (op: ReturnType<typeof hunk>) => (op?.type === "update" ? op.hunks : []);
  assert.deepEqual(applyHunks("a = 1   \nb\n", hunks(hunk(["a = 1"], ["a = 2"])), "f"), { after: "a = 2\nb\n", tiers: ["trailing-whitespace"] });
  assert.deepEqual(applyHunks("    a = 1\nb\n", hunks(hunk(["a = 1"], ["    a = 2"])), "f"), { after: "    a = 2\nb\n", tiers: ["surrounding-whitespace"] });
  assert.deepEqual(applyHunks("say(“hi” – now)\u00a0x\n", hunks(hunk(['say("hi" - now) x'], ["say('ok')"])), "f"), { after: "say('ok')\n", tiers: ["unicode-punctuation"] });
  assert.deepEqual(applyHunks("x\n", hunks(hunk(["x"], ["y"])), "f"), { after: "y\n", tiers: ["exact"] });
});

test("an @@ anchor picks the place among repeated lines", async () => {
  await apply(patch("*** Update File: app.py", "@@ def bye(self):", '-        print("Bye")', '+        print("Ciao")'));
  assert.equal(ws.read("app.py"), APP.replace('print("Bye")', 'print("Ciao")'));
});

test("Delete File removes the file", async () => {
  const result = await apply(patch("*** Delete File: notes.txt"));
  assert.equal(existsSync(ws.path("notes.txt")), false);
  assert.equal(result.content, "Success. Updated the following files:\nD notes.txt");
});

test("Update File with Move to renames the file and applies its hunks", async () => {
  const result = await apply(patch("*** Update File: old/name.txt", "*** Move to: new/place.txt", "@@", "-keep me", "+kept and moved"));
  assert.equal(existsSync(ws.path("old/name.txt")), false);
  assert.equal(ws.read("new/place.txt"), "kept and moved\n");
  assert.match(result.content, /M new\/place\.txt \(moved from old\/name\.txt\)/);
});

test("several files in one patch are prepared together and applied together", async () => {
  const change = await prepareTool(applyPatchTool, ws.env, {
    input: patch("*** Update File: notes.txt", "@@", " one", "-two", "+2", "*** Add File: b.txt", "+b", "*** Delete File: old/name.txt"),
  });
  assert.equal(change.kind, "patch");
  assert.deepEqual(
    change.kind === "patch" ? change.files.map((f) => [f.action, f.path, f.after]) : [],
    [["update", "notes.txt", "one\n2\nthree\n"], ["add", "b.txt", "b\n"], ["delete", "old/name.txt", ""]],
  );
  assert.equal(ws.read("notes.txt"), "one\ntwo\nthree\n", "prepare writes nothing");
  await applyPatchTool.run({ input: "" }, { env: ws.env, signal: new AbortController().signal, maxResultChars: 10_000 }, change);
  assert.equal(ws.read("notes.txt"), "one\n2\nthree\n");
  assert.equal(ws.read("b.txt"), "b\n");
  assert.equal(existsSync(ws.path("old/name.txt")), false);
});

test("a hunk that matches nowhere fails the whole patch with the file, hunk, lines looked for and nearest lines", async () => {
  const error = await refusal(apply(patch("*** Add File: c.txt", "+c", "*** Update File: app.py", "@@", "     def greet(self, name):", '-        print("Hi")', '+        print("Hello")')));
  assert.match(error.message, /^app\.py, hunk 1 of 1 \(patch line 5\): these lines were not found in the file/);
  assert.match(error.message, /\n {6}def greet\(self, name\):\n {10}print\("Hi"\)\n/);
  assert.match(error.message, /The nearest lines in the file are:\n {4}1\tclass Greeter:\n {4}2\t {4}def greet\(self\):\n {4}3\t {8}print\("Hi"\)/);
  assert.match(error.message, /Nothing was changed\./);
  assert.equal(existsSync(ws.path("c.txt")), false, "no file of a failed patch is written");
});

test("a hunk that matches more than once fails, naming the places", async () => {
  ws.write("dup.txt", "x = 1\ny\nx = 1\n");
  const error = await refusal(apply(patch("*** Update File: dup.txt", "@@", "-x = 1", "+x = 2")));
  assert.match(error.message, /^dup\.txt, hunk 1 of 1 \(patch line 3\): these lines occur 2 times in the file \(starting at lines 1, 3\)/);
  assert.equal(ws.read("dup.txt"), "x = 1\ny\nx = 1\n");
});

test("paths that leave the workspace, absolute paths and secrets are refused", async () => {
  assert.match((await refusal(apply(patch("*** Add File: ../outside2.txt", "+x")))).message, /outside/);
  assert.match((await refusal(apply(patch("*** Update File: ../outside.txt", "@@", "-x", "+y")))).message, /outside/);
  assert.match((await refusal(apply(patch("*** Delete File: /etc/passwd")))).message, /absolute path; apply_patch takes paths relative/);
  assert.match((await refusal(apply(patch("*** Update File: .env", "@@", "-SECRET=1", "+SECRET=2")))).message, /secret/i);
  assert.equal(ws.read(".env"), "SECRET=1\n");
});

test("Add File over an existing file and a file named twice are refused", async () => {
  assert.match((await refusal(apply(patch("*** Add File: notes.txt", "+x")))).message, /already exists\. Use "\*\*\* Update File: notes\.txt"/);
  assert.match((await refusal(apply(patch("*** Delete File: notes.txt", "*** Delete File: notes.txt")))).message, /appears twice/);
});

test("End of File, pure additions and a first hunk without @@", async () => {
  await apply(patch("*** Update File: notes.txt", " two", "-three", "+3", "*** End of File"));
  assert.equal(ws.read("notes.txt"), "one\ntwo\n3\n");
  await apply(patch("*** Update File: notes.txt", "@@", "+four"));
  assert.equal(ws.read("notes.txt"), "one\ntwo\n3\nfour\n");
});

test("CRLF files keep their line endings", async () => {
  ws.write("win.txt", "a\r\nb\r\n");
  await apply(patch("*** Update File: win.txt", "@@", "-b", "+c"));
  assert.equal(ws.read("win.txt"), "a\r\nc\r\n");
});

test("syntax errors name the patch line", () => {
  assert.throws(() => parsePatch("*** Update File: a\n"), /line 1\): a patch starts with the line "\*\*\* Begin Patch"/);
  assert.throws(() => parsePatch(patch("*** Update File: a", "@@", "?x")), /line 4\): each line of a hunk starts with " " \(context\), "-" \(removed\) or "\+" \(added\)/);
  assert.throws(() => parsePatch(patch("*** Add File: a", "x")), /line 3\): every line of an added file starts with "\+"/);
  assert.throws(() => parsePatch(patch("*** Frobnicate: a")), /line 2\): expected/);
});

test("what models send: the tool's JSON, {patch}, a raw patch, a heredoc, bash -lc", () => {
  const p = patch("*** Add File: a", "+x");
  assert.equal(extractPatch(JSON.stringify({ input: p })), p);
  assert.equal(extractPatch(JSON.stringify({ patch: p })), p);
  assert.equal(extractPatch(p), p);
  assert.equal(extractPatch(`apply_patch <<'EOF'\n${p}\nEOF\n`), p);
  assert.equal(extractPatch(JSON.stringify({ cmd: ["bash", "-lc", `apply_patch <<'PATCH'\n${p}\nPATCH`] })), p);
  assert.equal(extractPatch('{"input": "no patch here"}'), undefined);
  assert.deepEqual(applyPatchTool.readArguments?.(p), { input: p });
});

test("a patch touching a file that configures code to run is asked whatever Always allow says (either end of a move too)", async () => {
  const file = (path: string, movedFrom?: string) => ({ action: "update" as const, path, absolute: `/w/${path}`, before: "{}\n", after: '{"x":1}\n', ...(movedFrom ? { movedFrom: { path: movedFrom, absolute: `/w/${movedFrom}` } } : {}) });
  assert.match(runsCodeReason({ kind: "patch", files: [file("notes.txt"), file(".vscode/tasks.json")] }) ?? "", /\.vscode\/tasks\.json configures code to run/);
  assert.match(runsCodeReason({ kind: "patch", files: [file("tasks-backup.json", ".vscode/tasks.json")] }) ?? "", /configures code to run/);
  assert.equal(runsCodeReason({ kind: "patch", files: [file("notes.txt")] }), undefined);
});
