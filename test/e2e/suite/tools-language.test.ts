// The language services the tools read, from VS Code's own TypeScript support on the sample
// workspace (src/invoice.ts has a deliberate type error on line 24). The TypeScript server starts
// when a TypeScript file opens and takes a while on a small machine, hence the generous waits.
import * as assert from "assert";
import * as path from "path";
import * as vscode from "vscode";
import type { DiagnosticInfo } from "../../../src/core/tools/contract";
import { createVscodeToolEnvironment, type VscodeToolEnvironment } from "../../../src/vscode/tools/vscodeToolEnvironment";
import { eventually } from "./scratchFolder";

const TS_READY_MS = 60_000;

suite("tools: language services", () => {
  let env: VscodeToolEnvironment;
  let workspace: string;
  const file = (relative: string) => path.join(workspace, relative);

  suiteSetup(function () {
    if (!vscode.extensions.getExtension("vscode.typescript-language-features")) this.skip();
    workspace = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    env = createVscodeToolEnvironment({ showCommands: false });
  });

  suiteTeardown(async () => {
    env?.dispose();
    await vscode.commands.executeCommand("workbench.action.closeAllEditors");
  });

  test("diagnostics report the sample workspace's deliberate type error", async function () {
    this.timeout(TS_READY_MS + 10_000);
    // TypeScript checks only files open in an editor tab, as a user would have it.
    await vscode.window.showTextDocument(vscode.Uri.file(file("src/invoice.ts")));
    const error = await eventually(async () => {
      const found = await env.languageServices.diagnostics(file("src/invoice.ts"));
      return found.find((d: DiagnosticInfo) => d.severity === "error");
    }, TS_READY_MS, 500);
    assert.ok(error, "no error reported for src/invoice.ts within a minute");
    assert.strictEqual(error.path, "src/invoice.ts");
    assert.strictEqual(error.line, 24);
    assert.strictEqual(error.source, "ts");
    assert.strictEqual(error.code, "2345");
    assert.match(error.message, /string.*number/);
    assert.match(error.preview ?? "", /applyDiscount\(invoice\.total, discountPercent\)/);
  });

  test("diagnostics for the whole workspace include that error", async () => {
    const all = await env.languageServices.diagnostics(undefined);
    assert.ok(all.some((d) => d.path === "src/invoice.ts" && d.line === 24), JSON.stringify(all));
  });

  test("documentSymbols outlines a file, nested", async function () {
    this.timeout(TS_READY_MS);
    const symbols = await eventually(async () => {
      const found = await env.languageServices.documentSymbols(file("src/cart.ts"));
      return found.length > 0 ? found : undefined;
    }, TS_READY_MS - 5_000);
    const cart = symbols?.find((s) => s.name === "Cart");
    assert.ok(cart, JSON.stringify(symbols));
    assert.strictEqual(cart.kind, "Class");
    assert.strictEqual(cart.line, 8);
    assert.ok(cart.children?.some((child) => child.name === "add" && child.kind === "Method"), JSON.stringify(cart.children));
  });

  test("definitions go from a call to the function, 1-based", async () => {
    // Line 24: `  const discounted = applyDiscount(invoice.total, discountPercent);`
    const found = await env.languageServices.definitions(file("src/invoice.ts"), 24, 22);
    assert.ok(
      found.some((location) => location.path === "src/invoice.ts" && location.line === 12),
      JSON.stringify(found),
    );
  });

  test("references find the uses of a function across files", async () => {
    // tax.ts line 12: `export function totalTax(...)`; invoice.ts imports and calls it.
    const found = await env.languageServices.references(file("src/tax.ts"), 12, 17);
    const paths = new Set(found.map((location) => location.path));
    assert.ok(paths.has("src/tax.ts") && paths.has("src/invoice.ts"), JSON.stringify(found));
    assert.ok(found.every((location) => location.line >= 1 && location.column >= 1));
  });

  test("editorContext describes the active editor and its selection, 1-based", async () => {
    const editor = await vscode.window.showTextDocument(vscode.Uri.file(file("src/cart.ts")));
    editor.selection = new vscode.Selection(new vscode.Position(7, 13), new vscode.Position(7, 17));
    const context = await env.languageServices.editorContext();
    assert.ok(context);
    assert.strictEqual(context.path, "src/cart.ts");
    assert.strictEqual(context.languageId, "typescript");
    assert.deepStrictEqual(context.selection, { start: { line: 8, column: 14 }, end: { line: 8, column: 18 }, text: "Cart" });
    assert.strictEqual(context.dirty, false);
    assert.ok(context.visibleLines.start >= 1 && context.visibleLines.end >= context.visibleLines.start);
  });
});
