// The tools as VS Code language-model tools: registered by the extension under the names
// package.json declares, and invoked through vscode.lm.invokeTool with the same path and secret
// policy as our own agent.
import * as assert from "assert";
import { promises as fs } from "fs";
import * as path from "path";
import * as vscode from "vscode";
import { confirmationFor } from "../../../src/vscode/tools/languageModelTools";
import { TOOL_SETTING_KEYS } from "../../../src/vscode/tools/toolSettings";
import { createScratchFolder, eventually, type ScratchFolder } from "./scratchFolder";

const EXTENSION_ID = "gpt-oss-local.gpt-oss-local";

function declaredToolNames(): string[] {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not loaded`);
  return (extension.packageJSON.contributes?.languageModelTools ?? []).map((tool: { name: string }) => tool.name);
}

async function invoke(name: string, input: object): Promise<string> {
  const result = await vscode.lm.invokeTool(name, { input, toolInvocationToken: undefined });
  return result.content.map((part) => (part instanceof vscode.LanguageModelTextPart ? part.value : "")).join("");
}

suite("tools: language model tools", () => {
  let scratch: ScratchFolder;

  suiteSetup(async () => {
    scratch = await createScratchFolder("lm");
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
  });

  suiteTeardown(async () => {
    await scratch?.dispose();
  });

  test("every tool package.json declares is registered in vscode.lm.tools", async () => {
    const declared = declaredToolNames();
    assert.strictEqual(declared.length, 12);
    const missing = await eventually(() => {
      const registered = new Set(vscode.lm.tools.map((tool) => tool.name));
      const left = declared.filter((name) => !registered.has(name));
      return left.length === 0 ? left : undefined;
    }, 10_000);
    const registered = vscode.lm.tools.map((tool) => tool.name);
    assert.deepStrictEqual(missing, [], `registered: ${registered.join(", ")}`);
    const readFile = vscode.lm.tools.find((tool) => tool.name === "read_file");
    assert.deepStrictEqual(readFile?.tags, ["gpt-oss"]);
  });

  test("read_file invoked through vscode.lm returns the file's numbered lines", async () => {
    const text = await invoke("read_file", { path: "src/cart.ts" });
    assert.match(text, /8\| export class Cart \{/);
  });

  test("the path policy applies: a path outside the workspace is refused", async () => {
    const text = await invoke("read_file", { path: "/etc/passwd" });
    assert.match(text, /outside the workspace folder/);
    assert.doesNotMatch(text, /root:/);
  });

  test("the secret policy applies: a .env file is refused", async () => {
    await scratch.write(".env", "API_KEY=do-not-leak\n");
    const text = await invoke("read_file", { path: `${scratch.display(scratch.root)}/.env` });
    assert.match(text, /looks like a secret/);
    assert.doesNotMatch(text, /do-not-leak/);
  });

  test("invalid input is reported, not run", async () => {
    const text = await invoke("read_file", { start_line: 3 });
    assert.match(text, /invalid arguments for read_file/i);
  });

  test("a changing tool's confirmation shows the diff or the command", () => {
    const edit = confirmationFor({ kind: "edit", path: "src/a.ts", absolute: "/w/src/a.ts", before: "a\nb\n", after: "a\nB\n", create: false });
    assert.strictEqual(edit.title, "Edit src/a.ts?");
    const body = (edit.message as vscode.MarkdownString).value;
    assert.match(body, /`src\/a\.ts` \(\+1 −1\)/);
    assert.match(body, /```diff\n@@ line 2 @@\n-b\n\+B\n```/);
    const command = confirmationFor({ kind: "command", command: "npm test", cwd: "/w", cwdLabel: "." });
    assert.strictEqual(command.title, "Run this command?");
    assert.match((command.message as vscode.MarkdownString).value, /```sh\nnpm test\n```/);
  });

  test("edit_file through vscode.lm applies the edit when the user always allows it", async () => {
    // Always-allowed: no confirmation dialog (which a test could not click).
    const settingsDir = path.join(scratch.workspace, ".vscode");
    const hadSettingsDir = await fs.stat(settingsDir).then(() => true, () => false);
    const config = () => vscode.workspace.getConfiguration();
    const file = await scratch.write("lm-edit.ts", "export const greeting = 'hello';\n");
    try {
      await config().update(TOOL_SETTING_KEYS.alwaysAllow, ["edit_file"], vscode.ConfigurationTarget.Global);
      const text = await invoke("edit_file", {
        path: scratch.display(file),
        edits: [{ old_text: "'hello'", new_text: "'hi'" }],
      });
      assert.doesNotMatch(text, /^Error/, text);
      assert.strictEqual(await fs.readFile(file, "utf8"), "export const greeting = 'hi';\n");
    } finally {
      await config().update(TOOL_SETTING_KEYS.alwaysAllow, undefined, vscode.ConfigurationTarget.Global);
      if (!hadSettingsDir) await fs.rm(settingsDir, { recursive: true, force: true });
    }
  });
});
