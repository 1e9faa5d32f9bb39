// Runs inside the real extension host (see index.ts). The extension must cost nothing until it
// is used: not active at startup, activated by its commands, every contributed command registered.
import * as assert from "assert";
import * as vscode from "vscode";

const EXTENSION_ID = "gpt-oss-local.gpt-oss-local";

function extension(): vscode.Extension<unknown> {
  const found = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(found, `${EXTENSION_ID} is not loaded; loaded: ${vscode.extensions.all.map((e) => e.id).join(", ")}`);
  return found;
}

suite("activation", () => {
  test("the extension under development is present", () => {
    assert.strictEqual(extension().packageJSON.name, "gpt-oss-local");
  });

  test("it is not active before it is used", () => {
    assert.strictEqual(extension().isActive, false);
  });

  test("running gptOss.openChat activates it", async () => {
    await vscode.commands.executeCommand("gptOss.openChat");
    assert.strictEqual(extension().isActive, true);
  });

  test("every command it contributes is registered", async () => {
    const contributed: Array<{ command: string }> = extension().packageJSON.contributes?.commands ?? [];
    assert.ok(contributed.length > 0, "package.json contributes no commands");
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.map((c) => c.command).filter((id) => !registered.has(id));
    assert.deepStrictEqual(missing, [], `contributed but not registered: ${missing.join(", ")}`);
  });

  test("openChat, showLogs and openSettings are among them", async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const id of ["gptOss.openChat", "gptOss.showLogs", "gptOss.openSettings"]) {
      assert.ok(registered.has(id), `${id} is not registered`);
    }
  });
});
