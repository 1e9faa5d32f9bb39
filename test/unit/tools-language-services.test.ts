// The language-service tools: without VS Code (the command-line tool) they refuse with advice;
// with services they turn "line + symbol name" into a position, and keep secret files and the
// text of files outside the workspace out of their results. The services here are a recording
// stand-in; the real ones live in src/vscode and are exercised by the e2e tests.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import type { DiagnosticInfo, EditorContext, LanguageServices, SourceLocation, SymbolInfo, ToolEnvironment } from "../../src/core/tools/contract";
import { findDefinitionTool } from "../../src/core/tools/definitions/findDefinition";
import { findReferencesTool } from "../../src/core/tools/definitions/findReferences";
import { getDiagnosticsTool } from "../../src/core/tools/definitions/getDiagnostics";
import { getDocumentSymbolsTool } from "../../src/core/tools/definitions/getDocumentSymbols";
import { getEditorContextTool } from "../../src/core/tools/definitions/getEditorContext";
import { callTool, makeWorkspace, refusal } from "./tools-fixture";

const ws = makeWorkspace({
  app: {
    "src/a.ts": "const width = 10;\nconst area = width * id(width);\nthis.config.load();\n",
    "src/id.ts": "export function id<T>(x: T): T {\n  return x;\n}\n",
    ".env": "TOKEN=1\n",
  },
});
after(() => ws.remove());

interface Recorded {
  calls: { method: string; args: unknown[] }[];
}
function services(answers: Partial<{ locations: SourceLocation[]; diagnostics: DiagnosticInfo[]; symbols: SymbolInfo[]; editor: EditorContext }>): LanguageServices & Recorded {
  const calls: Recorded["calls"] = [];
  const record = <T>(method: string, value: T) => (...args: unknown[]) => (calls.push({ method, args }), Promise.resolve(value));
  return {
    calls,
    diagnostics: record("diagnostics", answers.diagnostics ?? []),
    documentSymbols: record("documentSymbols", answers.symbols ?? []),
    definitions: record("definitions", answers.locations ?? []),
    references: record("references", answers.locations ?? []),
    editorContext: record("editorContext", answers.editor),
  };
}
const withServices = (languageServices: LanguageServices): ToolEnvironment => ({ ...ws.env, languageServices });

for (const [tool, args] of [
  [getDiagnosticsTool, {}],
  [getDocumentSymbolsTool, { path: "src/a.ts" }],
  [findDefinitionTool, { path: "src/a.ts", line: 2, symbol: "id" }],
  [findReferencesTool, { path: "src/a.ts", line: 2, symbol: "id" }],
  [getEditorContextTool, {}],
] as const) {
  test(`${tool.name} without language services refuses and points to search_text`, async () => {
    const error = await refusal(callTool(tool, ws.env, args));
    assert.match(error.message, new RegExp(`^${tool.name} needs VS Code's language services, which are not available here .*Use search_text`));
  });
}

test("find_definition finds the symbol's column on the given line", async () => {
  const ls = services({ locations: [{ path: "src/id.ts", line: 1, column: 17, preview: "export function id<T>(x: T): T {" }] });
  const result = await callTool(findDefinitionTool, withServices(ls), { path: "src/a.ts", line: 2, symbol: "id" });
  assert.deepEqual(ls.calls, [{ method: "definitions", args: [ws.path("src/a.ts"), 2, 22] }]);
  assert.equal(result.content, 'Definition of "id" (used at src/a.ts:2:22):\nsrc/id.ts:1:17: export function id<T>(x: T): T {');
});

test("a symbol is found as a whole word, not inside a longer name", async () => {
  const ls = services({});
  await callTool(findReferencesTool, withServices(ls), { path: "src/a.ts", line: 1, symbol: "width" });
  await callTool(findReferencesTool, withServices(ls), { path: "src/a.ts", line: 2, symbol: "area" });
  assert.deepEqual(ls.calls.map((call) => call.args[2]), [7, 7]);
});

test("a member written with its object points at the member", async () => {
  const ls = services({});
  await callTool(findDefinitionTool, withServices(ls), { path: "src/a.ts", line: 3, symbol: "this.config.load" });
  assert.equal(ls.calls[0]!.args[2], 13);
});

test("a column is used as given when no symbol is named", async () => {
  const ls = services({});
  await callTool(findDefinitionTool, withServices(ls), { path: "src/a.ts", line: 2, column: 4 });
  assert.equal(ls.calls[0]!.args[2], 4);
});

test("a symbol not on the line is refused, naming the lines where it is", async () => {
  const error = await refusal(callTool(findDefinitionTool, withServices(services({})), { path: "src/a.ts", line: 3, symbol: "width" }));
  assert.match(error.message, /^"width" does not appear on line 3 of src\/a\.ts, which reads: "this\.config\.load\(\);"\. It appears on lines 2, 1; call again with one of them\.$/);
});

test("neither symbol nor column is refused with the line's text", async () => {
  const error = await refusal(callTool(findReferencesTool, withServices(services({})), { path: "src/a.ts", line: 1 }));
  assert.match(error.message, /^Give symbol: the name on line 1 of src\/a\.ts to look up/);
});

test("a line past the end is refused", async () => {
  const error = await refusal(callTool(findReferencesTool, withServices(services({})), { path: "src/a.ts", line: 9, symbol: "x" }));
  assert.match(error.message, /src\/a\.ts has 3 lines, so line 9 does not exist/);
});

test("references in secret files are dropped, and files outside the workspace lose their text", async () => {
  const ls = services({
    locations: [
      { path: "src/a.ts", line: 2, column: 7, preview: "const area = width * id(width);" },
      { path: ".env", line: 1, column: 1, preview: "TOKEN=1" },
      { path: "/usr/lib/node_modules/typescript/lib/lib.d.ts", line: 5, column: 3, preview: "private text" },
      { path: "/home/u/.ssh/id_rsa", line: 1, column: 1, preview: "KEY" },
    ],
  });
  const result = await callTool(findReferencesTool, withServices(ls), { path: "src/a.ts", line: 1, symbol: "width" });
  assert.equal(
    result.content,
    '2 references to "width" in 2 files:\n/usr/lib/node_modules/typescript/lib/lib.d.ts:5:3 (outside the workspace)\nsrc/a.ts:2:7: const area = width * id(width);',
  );
});

test("get_diagnostics lists errors first, one per line, with source and code", async () => {
  const ls = services({
    diagnostics: [
      { path: "src/a.ts", line: 3, column: 1, severity: "warning", message: "Unused.", source: "eslint" },
      { path: "src/a.ts", line: 2, column: 22, severity: "error", message: "Cannot find name 'id'.", source: "ts", code: "2304" },
      { path: ".env", line: 1, column: 1, severity: "error", message: "TOKEN=1 is odd" },
    ],
  });
  const result = await callTool(getDiagnosticsTool, withServices(ls), {});
  assert.equal(result.content, "1 error, 1 warning in the workspace:\nsrc/a.ts:2:22: error: Cannot find name 'id'. [ts 2304]\nsrc/a.ts:3:1: warning: Unused. [eslint]");
  assert.deepEqual(ls.calls, [{ method: "diagnostics", args: [undefined] }]);
});

test("get_diagnostics for one file asks for that file and says when it is clean", async () => {
  const ls = services({});
  const result = await callTool(getDiagnosticsTool, withServices(ls), { path: "src/a.ts" });
  assert.deepEqual(ls.calls, [{ method: "diagnostics", args: [ws.path("src/a.ts")] }]);
  assert.equal(result.content, "No problems reported in src/a.ts.");
});

test("get_diagnostics refuses a secret file like every tool", async () => {
  const error = await refusal(callTool(getDiagnosticsTool, withServices(services({})), { path: ".env" }));
  assert.match(error.message, /looks like a secret file/);
});

test("get_document_symbols outlines nested symbols with their lines", async () => {
  const ls = services({
    symbols: [
      { name: "Shape", kind: "Class", line: 1, endLine: 9, children: [{ name: "area", kind: "Method", line: 3, endLine: 5, detail: "(): number" }] },
      { name: "VERSION", kind: "Constant", line: 11, endLine: 11 },
    ],
  });
  const result = await callTool(getDocumentSymbolsTool, withServices(ls), { path: "src/a.ts" });
  assert.equal(result.content, "Symbols in src/a.ts:\nclass Shape (lines 1-9)\n  method area — (): number (lines 3-5)\nconstant VERSION (line 11)");
});

test("get_editor_context describes the active file and passes the selected text", async () => {
  const editor: EditorContext = {
    path: "src/a.ts",
    languageId: "typescript",
    visibleLines: { start: 1, end: 3 },
    selection: { start: { line: 2, column: 7 }, end: { line: 2, column: 11 }, text: "area" },
    dirty: true,
  };
  const result = await callTool(getEditorContextTool, withServices(services({ editor })), {});
  assert.equal(result.content, "Active file: src/a.ts (typescript), with unsaved changes.\nVisible lines: 1-3.\nSelected lines 2:7-2:11:\narea");
});

test("get_editor_context withholds the selected text of a secret file", async () => {
  const editor: EditorContext = {
    path: ".env",
    languageId: "dotenv",
    visibleLines: { start: 1, end: 1 },
    selection: { start: { line: 1, column: 1 }, end: { line: 1, column: 8 }, text: "TOKEN=1" },
    dirty: false,
  };
  const result = await callTool(getEditorContextTool, withServices(services({ editor })), {});
  assert.ok(!result.content.includes("TOKEN=1"));
  assert.match(result.content, /the text is withheld because this is a secret file \(it matches \.env\)/);
});

test("get_editor_context says when no editor is open", async () => {
  const result = await callTool(getEditorContextTool, withServices(services({})), {});
  assert.equal(result.content, "No file is open in an editor.");
});
