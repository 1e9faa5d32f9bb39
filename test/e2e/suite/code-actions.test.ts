// The light bulb's gpt-oss entries, inside the real extension host: what is offered where, with
// which kind and arguments. Building them is all that happens here: no model call until chosen.
import * as assert from "assert";
import * as vscode from "vscode";
import { EXPLAIN_COMMAND, EXPLAIN_KIND, FIX_COMMAND, GptOssCodeActions } from "../../../src/vscode/codeActions/codeActionProvider";
import type { FixTarget } from "../../../src/vscode/codeActions/fixTarget";

function contextWith(diagnostics: vscode.Diagnostic[], only?: vscode.CodeActionKind): vscode.CodeActionContext {
  return { diagnostics, only, triggerKind: vscode.CodeActionTriggerKind.Invoke };
}

suite("code actions", () => {
  let document: vscode.TextDocument;
  const provider = new GptOssCodeActions();

  suiteSetup(async () => {
    document = await vscode.workspace.openTextDocument({ language: "python", content: "def total(items):\n    return sum(item.price for item in items)\n" });
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand("workbench.action.closeAllEditors");
  });

  test("a selection is offered Explain, with the document and the range as arguments", () => {
    const range = new vscode.Range(0, 0, 1, 10);
    const actions = provider.provideCodeActions(document, range, contextWith([]));
    assert.deepStrictEqual(
      actions.map((a) => a.title),
      ["Explain this with gpt-oss"],
    );
    const [explain] = actions;
    assert.strictEqual(explain!.kind?.value, EXPLAIN_KIND.value);
    assert.strictEqual(explain!.command?.command, EXPLAIN_COMMAND);
    assert.strictEqual((explain!.command?.arguments?.[0] as vscode.Uri).toString(), document.uri.toString());
    assert.ok((explain!.command?.arguments?.[1] as vscode.Range).isEqual(range));
  });

  test("an empty range with no problem is offered nothing", () => {
    assert.deepStrictEqual(provider.provideCodeActions(document, new vscode.Range(1, 4, 1, 4), contextWith([])), []);
  });

  test("an error is offered a quick fix listed with it, never preferred, its target as plain data", () => {
    const error = new vscode.Diagnostic(new vscode.Range(1, 15, 1, 25), "\"price\" is not a known attribute", vscode.DiagnosticSeverity.Error);
    error.source = "Pylance";
    error.code = "reportAttributeAccessIssue";
    const [fix] = provider.provideCodeActions(document, new vscode.Range(1, 16, 1, 16), contextWith([error]));
    assert.ok(fix);
    assert.strictEqual(fix.title, "Fix this with gpt-oss");
    assert.strictEqual(fix.kind?.value, vscode.CodeActionKind.QuickFix.value);
    assert.strictEqual(fix.isPreferred, false);
    assert.deepStrictEqual(fix.diagnostics, [error]);
    assert.strictEqual(fix.command?.command, FIX_COMMAND);
    const target = fix.command?.arguments?.[0] as FixTarget;
    assert.deepStrictEqual(target, {
      uri: document.uri.toString(),
      range: [1, 15, 1, 25],
      message: "\"price\" is not a known attribute",
      severity: "error",
      source: "Pylance reportAttributeAccessIssue",
    });
  });

  test("hints and information are not offered a fix; several problems each name theirs", () => {
    const range = new vscode.Range(1, 0, 1, 40);
    const hint = new vscode.Diagnostic(range, "unused", vscode.DiagnosticSeverity.Hint);
    assert.deepStrictEqual(provider.provideCodeActions(document, new vscode.Range(1, 0, 1, 0), contextWith([hint])), []);
    const a = new vscode.Diagnostic(range, "first problem", vscode.DiagnosticSeverity.Error);
    const b = new vscode.Diagnostic(range, "second problem", vscode.DiagnosticSeverity.Warning);
    const titles = provider.provideCodeActions(document, new vscode.Range(1, 0, 1, 0), contextWith([a, b])).map((x) => x.title);
    assert.deepStrictEqual(titles, ['Fix "first problem" with gpt-oss', 'Fix "second problem" with gpt-oss']);
  });

  test("an `only` filter is honoured: refactorings asked for, nothing of ours", () => {
    const error = new vscode.Diagnostic(new vscode.Range(1, 0, 1, 5), "broken", vscode.DiagnosticSeverity.Error);
    const actions = provider.provideCodeActions(document, new vscode.Range(0, 0, 1, 5), contextWith([error], vscode.CodeActionKind.Refactor));
    assert.deepStrictEqual(actions, []);
  });

  test("the registered provider answers for any language through VS Code", async () => {
    await vscode.commands.executeCommand("gptOss.openChat"); // activates the extension (as opening a file would)
    const editor = await vscode.window.showTextDocument(document);
    editor.selection = new vscode.Selection(0, 0, 1, 10);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>("vscode.executeCodeActionProvider", document.uri, editor.selection);
    assert.ok(
      actions.some((a) => a.title === "Explain this with gpt-oss"),
      `offered: ${actions.map((a) => a.title).join(", ")}`,
    );
  });
});
