// The tools' VS Code environment, in the real editor: what the model reads is what the user sees,
// an edit is one undoable step that never overwrites the user's typing, and commands are captured,
// bounded and shown in the "gpt-oss" terminal.
import * as assert from "assert";
import { promises as fs } from "fs";
import * as path from "path";
import * as vscode from "vscode";
import { TERMINAL_NAME } from "../../../src/vscode/tools/commandTerminal";
import { createVscodeToolEnvironment, type VscodeToolEnvironment } from "../../../src/vscode/tools/vscodeToolEnvironment";
import { createScratchFolder, type ScratchFolder } from "./scratchFolder";

const limits = (signal = new AbortController().signal) => ({ timeoutMs: 20_000, maxOutputBytes: 64 * 1024, signal });

suite("tools: VS Code environment", () => {
  let scratch: ScratchFolder;
  let env: VscodeToolEnvironment;

  suiteSetup(async () => {
    scratch = await createScratchFolder("env");
    // The tool's own limit, not the 60-second setting: the timeout test must not wait a minute.
    env = createVscodeToolEnvironment({ commandTimeoutMs: (requested) => requested });
  });

  suiteTeardown(async () => {
    env?.dispose();
    await scratch?.dispose();
  });

  async function openInEditor(relative: string, text: string): Promise<{ absolute: string; editor: vscode.TextEditor }> {
    const absolute = await scratch.write(relative, text);
    const editor = await vscode.window.showTextDocument(vscode.Uri.file(absolute));
    return { absolute, editor };
  }

  function editChange(absolute: string, before: string, after: string) {
    return { kind: "edit" as const, path: scratch.display(absolute), absolute, before, after, create: false };
  }

  test("the workspace folder is the one on disk", () => {
    assert.deepStrictEqual(
      env.folders.map((folder) => folder.path),
      [scratch.workspace],
    );
  });

  test("readText sees an open editor's unsaved text", async () => {
    const { absolute, editor } = await openInEditor("unsaved.txt", "on disk\n");
    await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), "typed but unsaved, "));
    assert.strictEqual(await env.readText(absolute), "typed but unsaved, on disk\n");
    assert.strictEqual(await fs.readFile(absolute, "utf8"), "on disk\n");
  });

  test("readText reads a file nobody has open from disk, without its byte-order mark", async () => {
    const absolute = await scratch.write("bom.txt", "\uFEFFhello\n");
    assert.strictEqual(await env.readText(absolute), "hello\n");
  });

  test("applyEdit is one undoable edit, and saves a document that had no unsaved changes", async () => {
    const before = "const a = 1;\nconst b = 2;\n";
    const after = "const a = 1;\nconst b = 3;\nconst c = 4;\n";
    const { absolute, editor } = await openInEditor("undo.ts", before);
    await env.applyEdit(editChange(absolute, before, after));
    assert.strictEqual(editor.document.getText(), after);
    assert.strictEqual(editor.document.isDirty, false, "a clean document is saved after the edit");
    assert.strictEqual(await fs.readFile(absolute, "utf8"), after);

    await vscode.window.showTextDocument(editor.document);
    await vscode.commands.executeCommand("undo");
    assert.strictEqual(editor.document.getText(), before, "one Undo restores the text before the edit");
  });

  test("applyEdit leaves a document the user was editing unsaved", async () => {
    const { absolute, editor } = await openInEditor("dirty.txt", "one\ntwo\n");
    await editor.edit((edit) => edit.insert(new vscode.Position(2, 0), "three\n"));
    const before = editor.document.getText();
    await env.applyEdit(editChange(absolute, before, "one\nTWO\nthree\n"));
    assert.strictEqual(editor.document.getText(), "one\nTWO\nthree\n");
    assert.strictEqual(editor.document.isDirty, true);
    assert.strictEqual(await fs.readFile(absolute, "utf8"), "one\ntwo\n", "the disk keeps the last saved text");
  });

  test("applyEdit refuses when the document changed since the edit was proposed", async () => {
    const before = "let x = 1;\n";
    const { absolute, editor } = await openInEditor("changed.ts", before);
    // The user types after the tool read the file and computed its edit.
    await editor.edit((edit) => edit.insert(new vscode.Position(1, 0), "let y = 2;\n"));
    await assert.rejects(env.applyEdit(editChange(absolute, before, "let x = 42;\n")), (error: Error) => {
      assert.strictEqual(error.name, "ToolError");
      assert.match(error.message, /changed since the edit was proposed/);
      return true;
    });
    assert.strictEqual(editor.document.getText(), "let x = 1;\nlet y = 2;\n", "the user's text is untouched");
  });

  test("applyEdit creates a new file with its parent folders", async () => {
    const absolute = path.join(scratch.root, "made", "by", "tool.md");
    await env.applyEdit({ kind: "edit", path: scratch.display(absolute), absolute, before: "", after: "# New\n", create: true });
    assert.strictEqual(await fs.readFile(absolute, "utf8"), "# New\n");
  });

  test("applyEdit refuses to create a file that appeared meanwhile", async () => {
    const absolute = await scratch.write("appeared.txt", "someone else's\n");
    await assert.rejects(
      env.applyEdit({ kind: "edit", path: scratch.display(absolute), absolute, before: "", after: "mine\n", create: true }),
      /already exists/,
    );
    assert.strictEqual(await fs.readFile(absolute, "utf8"), "someone else's\n");
  });

  test("readDirectory lists names, types and file sizes", async () => {
    await scratch.write("listing/a.txt", "12345");
    await scratch.write("listing/sub/b.txt", "");
    const entries = await env.readDirectory(path.join(scratch.root, "listing"));
    assert.deepStrictEqual(entries, [
      { name: "a.txt", type: "file", size: 5 },
      { name: "sub", type: "directory" },
    ]);
  });

  test("runCommand captures output and exit code", async () => {
    const outcome = await env.runCommand("echo to-stdout; echo to-stderr 1>&2; exit 3", scratch.root, limits());
    assert.strictEqual(outcome.exitCode, 3);
    assert.match(outcome.output, /to-stdout/);
    assert.match(outcome.output, /to-stderr/);
    assert.strictEqual(outcome.timedOut, false);
    assert.strictEqual(outcome.truncated, false);
  });

  test("runCommand runs in the given folder", async () => {
    await fs.mkdir(path.join(scratch.root, "cwd-here"), { recursive: true });
    const outcome = await env.runCommand("pwd", path.join(scratch.root, "cwd-here"), limits());
    assert.strictEqual(outcome.output.trim(), path.join(scratch.root, "cwd-here"));
  });

  test("runCommand stops a command at its time limit", async () => {
    const outcome = await env.runCommand("sleep 20", scratch.root, { ...limits(), timeoutMs: 300 });
    assert.strictEqual(outcome.timedOut, true);
    assert.strictEqual(outcome.exitCode, null);
    assert.ok(outcome.durationMs < 5_000, `took ${outcome.durationMs} ms`);
  });

  test("runCommand stops when the run is cancelled", async () => {
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 300);
    const outcome = await env.runCommand("sleep 20", scratch.root, limits(abort.signal));
    assert.strictEqual(outcome.exitCode, null);
    assert.strictEqual(outcome.timedOut, false);
    assert.ok(outcome.durationMs < 5_000, `took ${outcome.durationMs} ms`);
  });

  test("runCommand keeps the head and tail of long output within the size limit", async () => {
    const outcome = await env.runCommand("seq 1 20000", scratch.root, { ...limits(), maxOutputBytes: 2_000 });
    assert.strictEqual(outcome.truncated, true);
    assert.ok(Buffer.byteLength(outcome.output) < 2_200, `${Buffer.byteLength(outcome.output)} bytes`);
    assert.match(outcome.output, /^1\n2\n/);
    assert.match(outcome.output, /\n20000\n$/);
    assert.match(outcome.output, /bytes of output omitted/);
  });

  test("runCommand shows the command in the gpt-oss terminal", () => {
    assert.ok(
      vscode.window.terminals.some((terminal) => terminal.name === TERMINAL_NAME),
      `terminals: ${vscode.window.terminals.map((t) => t.name).join(", ")}`,
    );
  });

  test("ripgrep is VS Code's own", async () => {
    assert.ok(path.isAbsolute(env.ripgrepPath), env.ripgrepPath);
    await fs.access(env.ripgrepPath);
  });

  test("files.exclude globs that are on become exclude globs", () => {
    // VS Code's defaults switch these on.
    assert.ok(env.excludeGlobs.includes("**/.git"), env.excludeGlobs.join(", "));
  });
});
