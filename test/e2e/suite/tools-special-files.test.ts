// Special files and hostile names through the VS Code tool environment, in the real extension
// host: a named pipe used to block the host's event loop for ever (reading it waits for a
// writer), which froze every extension. Now each tool refuses it at once, naming what it is; a
// file name holding a newline cannot forge a line of a listing.
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as path from "path";
import { handleToolCall } from "../../../src/core/agent/toolCall";
import { ALL_TOOLS } from "../../../src/core/tools/registry";
import { createVscodeToolEnvironment, type VscodeToolEnvironment } from "../../../src/vscode/tools/vscodeToolEnvironment";
import { createScratchFolder, type ScratchFolder } from "./scratchFolder";

suite("tools: special files in VS Code", () => {
  let scratch: ScratchFolder;
  let env: VscodeToolEnvironment;
  let fifo: string;

  suiteSetup(async function () {
    if (process.platform === "win32") this.skip();
    scratch = await createScratchFolder("special");
    env = createVscodeToolEnvironment({ showCommands: false });
    fifo = path.join(scratch.root, "pipe.txt");
    execFileSync("mkfifo", [fifo]);
    await scratch.write("names/evil\nforged.ts  (1 B)", "x\n");
  });

  suiteTeardown(async () => {
    env?.dispose();
    await scratch?.dispose();
  });

  const call = (name: string, args: object) =>
    handleToolCall({
      call: { recipient: `functions.${name}`, name, arguments: JSON.stringify(args) },
      callId: `special-${name}`,
      tools: ALL_TOOLS,
      approve: async () => ({ approved: true }),
      context: { env, signal: new AbortController().signal, maxResultChars: 10_000 },
      emit: () => undefined,
    });

  test("the environment refuses a FIFO at once: readText and readDirectory", async () => {
    await assert.rejects(env.readText(fifo), /is a named pipe \(FIFO\), not a regular file/);
    await assert.rejects(env.readDirectory(fifo), /is a named pipe \(FIFO\)/);
  });

  test("read_file, edit_file, search_text, the language tools and list_directory on a FIFO come back as errors, without hanging", async () => {
    const shown = scratch.display(fifo);
    for (const [name, args] of [
      ["read_file", { path: shown }],
      ["edit_file", { path: shown, edits: [{ old_text: "a", new_text: "b" }] }],
      ["search_text", { query: "x", path: shown }],
      ["get_document_symbols", { path: shown }],
      ["get_diagnostics", { path: shown }],
      ["list_directory", { path: shown }],
    ] as const) {
      const { result } = await call(name, args);
      assert.strictEqual(result.isError, true, `${name}: ${result.content}`);
      assert.match(result.content, /named pipe \(FIFO\)/, `${name}: ${result.content}`);
    }
  });

  test("a newline in a file name is escaped in list_directory, not a line of its own", async () => {
    const { result } = await call("list_directory", { path: scratch.display(path.join(scratch.root, "names")) });
    assert.ok(!result.content.split("\n").some((line) => line.startsWith("forged.ts")), result.content);
    assert.match(result.content, /"evil\\nforged\.ts {2}\(1 B\)"/);
  });
});
