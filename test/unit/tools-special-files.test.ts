// Special files in the workspace, through the real tools on a real folder: a named pipe, a socket
// and a character device are refused with a clear message (a FIFO used to hang read_file,
// search_text and edit_file forever), reads are capped even for what never ends, a name holding
// a newline or a right-to-left override cannot forge or disguise a line of output, and a glob
// that makes backtracking matchers take minutes is answered.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { openSync, closeSync } from "node:fs";
import { promises as fs } from "node:fs";
import { createServer, type Server } from "node:net";
import { after, before, test } from "node:test";
import type { AnyTool } from "../../src/core/tools/contract";
import { createFileTool } from "../../src/core/tools/definitions/createFile";
import { editFileTool } from "../../src/core/tools/definitions/editFile";
import { findFilesTool } from "../../src/core/tools/definitions/findFiles";
import { listDirectoryTool } from "../../src/core/tools/definitions/listDirectory";
import { readFileTool } from "../../src/core/tools/definitions/readFile";
import { runCommandTool } from "../../src/core/tools/definitions/runCommand";
import { searchTextTool } from "../../src/core/tools/definitions/searchText";
import { readCapped } from "../../src/node/files/verifiedOpen";
import { callTool, makeWorkspace, refusal } from "./tools-fixture";

const LONG_NAME = `${"a".repeat(200)}.txt`;
const FORGED = "forged.ts  (1 B)";
const RLO = "\u202e";
const ws = makeWorkspace({
  ws: {
    "src/app.ts": "export const hello = 1;\n",
    [`src/${LONG_NAME}`]: "hello\n",
    [`names/evil\n${FORGED}`]: "hello\n",
    [`names/invoice${RLO}fdp.exe`]: "hello\n",
  },
});
const single = { ...ws.env, folders: [ws.folders[0]!] };
let server: Server | undefined;
/** name -> the kind the refusal must name; the device only where mknod is allowed (root). */
const specials: Record<string, RegExp> = {};

before(async () => {
  execFileSync("mkfifo", [ws.path("pipe.txt")]);
  specials["pipe.txt"] = /pipe\.txt is a named pipe \(FIFO\), not a regular file/;
  server = createServer();
  await new Promise<void>((resolve) => server!.listen(ws.path("sock.txt"), resolve));
  specials["sock.txt"] = /sock\.txt is a socket, not a regular file/;
  try {
    execFileSync("mknod", [ws.path("zero.txt"), "c", "1", "5"], { stdio: "ignore" }); // /dev/zero
    specials["zero.txt"] = /zero\.txt is a character device, not a regular file/;
  } catch {
    // Not root: the device case runs where the suite has the right to make one (CI as root).
  }
});
after(async () => {
  await new Promise((resolve) => server?.close(resolve));
  ws.remove();
});

const call = (tool: AnyTool, args: object) => callTool(tool, single, args);
const LIMIT = { timeout: 20_000 };

test("read_file, edit_file, create_file, search_text, list_directory and run_command refuse each special file, naming its kind", LIMIT, async () => {
  assert.ok(Object.keys(specials).length >= 2);
  for (const [name, kind] of Object.entries(specials)) {
    assert.match((await refusal(call(readFileTool, { path: name }))).message, kind, `read_file ${name}`);
    assert.match((await refusal(call(editFileTool, { path: name, edits: [{ old_text: "a", new_text: "b" }] }))).message, kind, `edit_file ${name}`);
    assert.match((await refusal(call(searchTextTool, { query: "x", path: name }))).message, kind, `search_text ${name}`);
    assert.match((await refusal(call(listDirectoryTool, { path: name }))).message, kind, `list_directory ${name}`);
    assert.match((await refusal(call(createFileTool, { path: name, content: "x" }))).message, kind, `create_file ${name}`);
    assert.match((await refusal(call(runCommandTool, { command: "true", cwd: name }))).message, kind, `run_command ${name}`);
    assert.match((await refusal(call(findFilesTool, { pattern: "*", path: name }))).message, kind, `find_files ${name}`);
  }
});

test("the environment itself refuses a FIFO without blocking: readText, readDirectory, applyEdit", LIMIT, async () => {
  assert.match((await refusal(ws.env.readText(ws.path("pipe.txt")))).message, /named pipe/);
  assert.match((await refusal(ws.env.readDirectory(ws.path("pipe.txt")))).message, /named pipe/);
  const edit = { kind: "edit" as const, path: "pipe.txt", absolute: ws.path("pipe.txt"), before: "", after: "x", create: false };
  assert.match((await refusal(ws.env.applyEdit(edit))).message, /named pipe/);
});

test("searching and listing the whole workspace with special files in it finishes, leaving them out", LIMIT, async () => {
  const search = await call(searchTextTool, { query: "hello" });
  assert.match(search.content, /src\/app\.ts:1: export const hello = 1;/);
  assert.doesNotMatch(search.content, /pipe\.txt|sock\.txt|zero\.txt/);
  const found = await call(findFilesTool, { pattern: "*.txt" });
  assert.doesNotMatch(found.content, /pipe\.txt|sock\.txt|zero\.txt/);
  const listing = await call(listDirectoryTool, {});
  assert.match(listing.content, /^pipe\.txt {2}\(special file: tools do not open it\)$/m);
});

test("reads stop at the cap even for a file that says it is empty and never ends", LIMIT, async () => {
  // /dev/zero's size is 0 and it never ends: the cap, not the size, bounds the read.
  const fd = openSync("/dev/zero", "r");
  closeSync(fd);
  const handle = await fs.open("/dev/zero", "r");
  try {
    await assert.rejects(readCapped(handle, 0, 1024 * 1024, "zero"), /zero is too large to read \(over 1\.0 MB, and growing/);
  } finally {
    await handle.close();
  }
});

test("a file grown past the cap between stat and read is refused, not read whole", LIMIT, async () => {
  const file = ws.path("src/growing.log");
  await fs.writeFile(file, "x".repeat(10));
  const handle = await fs.open(file, "r");
  try {
    await fs.appendFile(file, "y".repeat(5000)); // after the size was taken
    await assert.rejects(readCapped(handle, 10, 1000, "growing.log"), /too large to read/);
  } finally {
    await handle.close();
  }
});

test("a newline in a file name cannot forge a line of list_directory, find_files or search_text output", LIMIT, async () => {
  const outputs = [
    (await call(listDirectoryTool, { path: "names" })).content,
    (await call(findFilesTool, { pattern: "names/*" })).content,
    (await call(searchTextTool, { query: "hello", path: "names" })).content,
  ];
  for (const output of outputs) {
    for (const line of output.split("\n")) assert.ok(!line.startsWith("forged.ts"), `a forged line in:\n${output}`);
    assert.ok(output.includes(`"names/evil\\n${FORGED}"`) || output.includes(`"evil\\n${FORGED}"`), output);
  }
});

test("a right-to-left override in a name is shown as an escape, not obeyed", LIMIT, async () => {
  const listing = (await call(listDirectoryTool, { path: "names" })).content;
  assert.ok(!listing.includes(RLO), "the raw override character reached the output");
  assert.match(listing, /"invoice\\u\{202E\}fdp\.exe"/);
});

test("find_files answers a catastrophic glob over a long name (no backtracking)", LIMIT, async () => {
  const none = await call(findFilesTool, { pattern: "**/*a*a*a*a*a*a*a*a*a*b" });
  assert.match(none.content, /^No files match/);
  const some = await call(findFilesTool, { pattern: "**/*a*a*a*a*a*a*a*a*a*.txt" });
  assert.match(some.content, new RegExp(`src/${LONG_NAME.replace(".", "\\.")}`));
});
