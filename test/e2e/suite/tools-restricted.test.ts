// Restricted Mode (an untrusted folder): no tool may change anything, and the folder's own
// settings cannot unlock secrets. Runs only in an untrusted window: test/e2e/ui/tools-restricted.test.ts
// opens one and selects this suite; in the usual (trusted) run it is skipped.
import * as assert from "assert";
import * as vscode from "vscode";
import { TOOL_SETTING_KEYS, readToolSettings } from "../../../src/vscode/tools/toolSettings";
import { createVscodeToolEnvironment } from "../../../src/vscode/tools/vscodeToolEnvironment";

const EXTENSION_ID = "gpt-oss-local.gpt-oss-local";
const CHANGING = ["edit_file", "create_file", "run_command"];

suite("tools: restricted mode", () => {
  suiteSetup(async function () {
    if (vscode.workspace.isTrusted) this.skip();
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
  });

  test("the changing tools are not offered to other chats, the read-only ones are", async () => {
    // Registration is asynchronous: wait for a read-only tool to show up first.
    const deadline = Date.now() + 10_000;
    while (!vscode.lm.tools.some((tool) => tool.name === "read_file") && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    const names = vscode.lm.tools.map((tool) => tool.name);
    assert.ok(names.includes("read_file"), names.join(", "));
    for (const name of CHANGING) assert.ok(!names.includes(name), `${name} is offered in Restricted Mode`);
  });

  test("a changing tool invoked anyway refuses and changes nothing", async () => {
    // Not listed, so VS Code refuses the call before it reaches the extension; either way nothing runs.
    const outcome = await Promise.resolve(vscode.lm.invokeTool("run_command", { input: { command: "echo ran" }, toolInvocationToken: undefined })).then(
      (result) => result.content.map((part) => (part instanceof vscode.LanguageModelTextPart ? part.value : "")).join(""),
      (error: Error) => `refused: ${error.message}`,
    );
    assert.doesNotMatch(outcome, /^ran/m);
    assert.match(outcome, /refused|Restricted Mode/);
  });

  test("the secret allow-list is ignored", async () => {
    const config = vscode.workspace.getConfiguration();
    await config.update(TOOL_SETTING_KEYS.secretAllowList, [".env"], vscode.ConfigurationTarget.Global);
    try {
      assert.deepStrictEqual(readToolSettings().secretAllowList, []);
      const env = createVscodeToolEnvironment({ showCommands: false });
      assert.deepStrictEqual(env.secretPolicy.allow, []);
      env.dispose();
    } finally {
      await config.update(TOOL_SETTING_KEYS.secretAllowList, undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
