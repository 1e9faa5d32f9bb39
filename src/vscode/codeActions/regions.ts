// Which lines a code action is about: the innermost function (or other symbol) around the code,
// as the language server outlines the file, when it is short enough to send whole; otherwise a
// few lines around it. Whole functions make better prompts than arbitrary line windows, and the
// model rewrites a unit it can understand.
import * as vscode from "vscode";

/** Longest symbol sent whole. */
const MAX_REGION_LINES = 60;
/** Lines either side of the code when no symbol fits. */
const AROUND = 6;
/** The outline comes from a language server that may still be starting: do not wait longer. */
const OUTLINE_WAIT_MS = 2_000;

const FUNCTION_LIKE = new Set([
  vscode.SymbolKind.Function,
  vscode.SymbolKind.Method,
  vscode.SymbolKind.Constructor,
  vscode.SymbolKind.Property,
  vscode.SymbolKind.Field,
  vscode.SymbolKind.Variable,
  vscode.SymbolKind.Constant,
]);

/** 0-based, inclusive. */
export interface LineSpan {
  start: number;
  end: number;
}

async function outline(uri: vscode.Uri): Promise<vscode.DocumentSymbol[]> {
  const request = Promise.resolve(vscode.commands.executeCommand<Array<vscode.DocumentSymbol | vscode.SymbolInformation> | undefined>("vscode.executeDocumentSymbolProvider", uri)).catch(
    () => undefined,
  );
  let expire = () => {};
  const timeout = new Promise<undefined>((resolve) => (expire = () => resolve(undefined)));
  const timer = setTimeout(expire, OUTLINE_WAIT_MS);
  const symbols = await Promise.race([request, timeout]).finally(() => clearTimeout(timer));
  // SymbolInformation (flat, no ranges of children) says too little: only DocumentSymbols count.
  return (symbols ?? []).filter((s): s is vscode.DocumentSymbol => "children" in s);
}

/** Symbols containing `range`, outermost first. */
function containing(symbols: readonly vscode.DocumentSymbol[], range: vscode.Range): vscode.DocumentSymbol[] {
  for (const symbol of symbols) {
    if (symbol.range.contains(range)) return [symbol, ...containing(symbol.children, range)];
  }
  return [];
}

export async function enclosingLines(document: vscode.TextDocument, range: vscode.Range): Promise<LineSpan> {
  const chain = containing(await outline(document.uri), range).reverse();
  const fits = chain.filter((s) => s.range.end.line - s.range.start.line + 1 <= MAX_REGION_LINES);
  const symbol = fits.find((s) => FUNCTION_LIKE.has(s.kind)) ?? fits[0];
  if (symbol) return { start: symbol.range.start.line, end: symbol.range.end.line };
  return aroundLines(document, range);
}

/** A few lines either side, without blank lines at the edges. */
export function aroundLines(document: vscode.TextDocument, range: vscode.Range): LineSpan {
  let start = Math.max(0, range.start.line - AROUND);
  let end = Math.min(document.lineCount - 1, range.end.line + AROUND);
  while (start < range.start.line && document.lineAt(start).isEmptyOrWhitespace) start++;
  while (end > range.end.line && document.lineAt(end).isEmptyOrWhitespace) end--;
  return { start, end };
}

/** The text of whole lines, "\n" line ends. */
export function spanText(document: vscode.TextDocument, span: LineSpan): string {
  const lines: string[] = [];
  for (let line = span.start; line <= span.end; line++) lines.push(document.lineAt(line).text);
  return lines.join("\n");
}

/** As the model and the chat read paths: workspace-relative, or the untitled editor's name. */
export function displayPathOf(document: vscode.TextDocument): string {
  return document.uri.scheme === "untitled" ? document.fileName : vscode.workspace.asRelativePath(document.uri).replace(/\\/g, "/");
}
