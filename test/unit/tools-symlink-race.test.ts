// A symbolic link flipped in a tight loop (by a child process, as anything running in the
// workspace could) beside 200 read/edit/create calls through the real tools: the path policy
// checks a name and the open happens after, so before the descriptor checks (src/node/files/)
// edit_file and create_file wrote outside the workspace and read_file returned .env and an
// outside file's text. Every call must now be refused or act inside, on no secret.
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { after, test } from "node:test";
import type { AnyTool } from "../../src/core/tools/contract";
import { createFileTool } from "../../src/core/tools/definitions/createFile";
import { editFileTool } from "../../src/core/tools/definitions/editFile";
import { listDirectoryTool } from "../../src/core/tools/definitions/listDirectory";
import { readFileTool } from "../../src/core/tools/definitions/readFile";
import { callTool, makeWorkspace } from "./tools-fixture";

const ws = makeWorkspace(
  {
    ws: {
      "real/a.txt": "inside A\n",
      "notes.txt": "inside notes\n",
      ".env": "TOKEN=ENV-SECRET\n",
      // Start inside; the flipper moves them.
      flip: { link: "real" },
      "fileflip.txt": { link: "notes.txt" },
    },
  },
  { outside: { "outside/a.txt": "OUTSIDE-SECRET A\n", "outside/notes.txt": "OUTSIDE-SECRET notes\n" } },
);
const single = { ...ws.env, folders: [ws.folders[0]!] };
let flipper: ChildProcess | undefined;

// Atomic flips (a new link renamed over the old), as fast as the child can go: `flip` between a
// folder inside and one outside, `fileflip.txt` between a file inside, .env and a file outside.
const FLIPPER = `
const fs = require("fs");
const dir = process.argv[1];
const folders = ["real", "../outside"];
const files = ["notes.txt", ".env", "../outside/notes.txt"];
let i = 0;
for (;;) {
  i++;
  try {
    fs.symlinkSync(folders[i % 2], dir + "/.flip.tmp");
    fs.renameSync(dir + "/.flip.tmp", dir + "/flip");
    fs.symlinkSync(files[i % 3], dir + "/.fileflip.tmp");
    fs.renameSync(dir + "/.fileflip.tmp", dir + "/fileflip.txt");
  } catch {}
}`;

after(() => {
  flipper?.kill("SIGKILL");
  ws.remove();
});

test("the control: with the links still, the same calls act inside", async () => {
  assert.match((await callTool(readFileTool, single, { path: "flip/a.txt" })).content, /inside A/);
  assert.match((await callTool(readFileTool, single, { path: "fileflip.txt" })).content, /inside notes/);
  assert.match((await callTool(listDirectoryTool, single, { path: "flip" })).content, /a\.txt/);
  assert.match((await callTool(createFileTool, single, { path: "flip/control.txt", content: "x\n" })).content, /Created/);
  flipper = spawn(process.execPath, ["-e", FLIPPER, ws.dir], { stdio: "ignore" });
});

test("200 calls beside a flipping link never act outside the workspace or on a secret", { timeout: 120_000 }, async () => {
  const call = (tool: AnyTool, args: object) => callTool(tool, single, args);
  const results: string[] = [];
  let refused = 0;
  let done = 0;
  for (let i = 0; i < 200; i++) {
    const calls: Array<[AnyTool, object]> = [
      [readFileTool, { path: "flip/a.txt" }],
      [readFileTool, { path: "fileflip.txt" }],
      [editFileTool, { path: "flip/a.txt", edits: [{ old_text: "A", new_text: "B" }] }],
      [editFileTool, { path: "fileflip.txt", edits: [{ old_text: "notes", new_text: `notes ${i}` }] }],
      [createFileTool, { path: `flip/new-${i}.txt`, content: `created ${i}\n` }],
      [listDirectoryTool, { path: "flip" }],
    ];
    const [tool, args] = calls[i % calls.length]!;
    try {
      results.push((await call(tool, args)).content);
      done++;
    } catch (error) {
      results.push(String(error));
      refused++;
    }
  }

  for (const text of results) {
    assert.doesNotMatch(text, /OUTSIDE-SECRET|ENV-SECRET/, "an outside file or .env reached a result");
  }
  // Nothing outside was written, created or renamed; .env is as it was.
  assert.deepEqual(readdirSync(`${ws.root}/outside`).sort(), ["a.txt", "notes.txt"]);
  assert.equal(readFileSync(`${ws.root}/outside/a.txt`, "utf8"), "OUTSIDE-SECRET A\n");
  assert.equal(readFileSync(`${ws.root}/outside/notes.txt`, "utf8"), "OUTSIDE-SECRET notes\n");
  assert.equal(readFileSync(ws.path(".env"), "utf8"), "TOKEN=ENV-SECRET\n");
  // The race was run: the flipper moved links under the calls (how many got through inside
  // depends on the machine's timing).
  assert.ok(refused > 0, `done ${done}, refused ${refused}`);
  console.log(`# ${done} calls acted inside the workspace, ${refused} were refused`);
});
