// VS Code's language services in the tools' terms: 1-based lines and columns, paths as the model
// writes them. Source previews are left out for secret files and files outside the workspace,
// which the tools may not show (a definition may well land in a .env or a system header).
import { promises as fs } from "node:fs";
import * as vscode from "vscode";
import type { DiagnosticInfo, EditorContext, LanguageServices, SourceLocation, SymbolInfo } from "../../core/tools/contract";
import type { SecretPolicy } from "../../core/tools/secrets";
import { createSecretFilter } from "../../core/tools/secrets";
import { findOpenDocument } from "./documents";
import { displayPath } from "./workspaceFolders";

export interface LanguageServicesOptions {
  secretPolicy(): SecretPolicy;
  /**
   * For a file nobody has open, how long to wait for its first diagnostics after opening it:
   * language servers check a file when it opens, not before (default 1.5 s). Some check only
   * files open in an editor tab (TypeScript does), which the tools do not open on their own: the
   * model's reading must not move the user's editors.
   */
  diagnosticsWaitMs?: number;
}

/** Selected text handed to the model at most (a whole selected file is rarely what is meant). */
const MAX_SELECTION_CHARS = 10_000;
/** Previews read per call at most; beyond that, locations come without one. */
const MAX_PREVIEW_FILES = 50;

const SEVERITY: Record<vscode.DiagnosticSeverity, DiagnosticInfo["severity"]> = {
  [vscode.DiagnosticSeverity.Error]: "error",
  [vscode.DiagnosticSeverity.Warning]: "warning",
  [vscode.DiagnosticSeverity.Information]: "information",
  [vscode.DiagnosticSeverity.Hint]: "hint",
};

function codeText(code: vscode.Diagnostic["code"]): string | undefined {
  if (code === undefined) return undefined;
  return typeof code === "object" ? String(code.value) : String(code);
}

/** Source lines of files, read once per call: open documents as shown, others from disk. */
class Previews {
  private readonly lines = new Map<string, Promise<string[] | undefined>>();

  constructor(private readonly isSecret: (relative: string) => boolean) {}

  async line(uri: vscode.Uri, zeroBasedLine: number): Promise<string | undefined> {
    const shown = displayPath(uri);
    if (shown.relative === undefined || this.isSecret(shown.relative)) return undefined;
    const key = uri.toString();
    let lines = this.lines.get(key);
    if (!lines) {
      if (this.lines.size >= MAX_PREVIEW_FILES) return undefined;
      lines = this.load(uri);
      this.lines.set(key, lines);
    }
    return (await lines)?.[zeroBasedLine]?.trim();
  }

  private async load(uri: vscode.Uri): Promise<string[] | undefined> {
    const open = findOpenDocument(uri.fsPath);
    const text = open ? open.getText() : await fs.readFile(uri.fsPath, "utf8").catch(() => undefined);
    return text?.split(/\r?\n/);
  }
}

async function toLocation(uri: vscode.Uri, range: vscode.Range, previews: Previews): Promise<SourceLocation> {
  const location: SourceLocation = {
    path: displayPath(uri).path,
    line: range.start.line + 1,
    column: range.start.character + 1,
  };
  if (!range.isEmpty) {
    location.endLine = range.end.line + 1;
    location.endColumn = range.end.character + 1;
  }
  const preview = await previews.line(uri, range.start.line);
  if (preview) location.preview = preview;
  return location;
}

function toSymbol(symbol: vscode.DocumentSymbol | vscode.SymbolInformation): SymbolInfo {
  const range = "range" in symbol ? symbol.range : symbol.location.range;
  const info: SymbolInfo = {
    name: symbol.name,
    kind: vscode.SymbolKind[symbol.kind] ?? "Unknown",
    line: range.start.line + 1,
    endLine: range.end.line + 1,
  };
  if ("detail" in symbol && symbol.detail) info.detail = symbol.detail;
  if ("children" in symbol && symbol.children.length > 0) info.children = symbol.children.map(toSymbol);
  return info;
}

export function createLanguageServices(options: LanguageServicesOptions): LanguageServices {
  const previews = () => {
    const filter = createSecretFilter(options.secretPolicy());
    return new Previews((relative) => filter(relative) !== undefined);
  };
  const position = (line: number, column: number) => new vscode.Position(Math.max(0, line - 1), Math.max(0, column - 1));

  return {
    async diagnostics(absolute) {
      const entries: Array<[vscode.Uri, readonly vscode.Diagnostic[]]> = absolute
        ? [[vscode.Uri.file(absolute), await diagnosticsOf(vscode.Uri.file(absolute), options.diagnosticsWaitMs ?? 1500)]]
        : vscode.languages.getDiagnostics();
      const shown = previews();
      const out: DiagnosticInfo[] = [];
      for (const [uri, diagnostics] of entries) {
        for (const diagnostic of diagnostics) {
          const info: DiagnosticInfo = {
            ...(await toLocation(uri, diagnostic.range, shown)),
            severity: SEVERITY[diagnostic.severity] ?? "error",
            message: diagnostic.message,
          };
          if (diagnostic.source) info.source = diagnostic.source;
          const code = codeText(diagnostic.code);
          if (code !== undefined) info.code = code;
          out.push(info);
        }
      }
      return out;
    },

    async documentSymbols(absolute) {
      const symbols = await vscode.commands.executeCommand<Array<vscode.DocumentSymbol | vscode.SymbolInformation> | undefined>(
        "vscode.executeDocumentSymbolProvider",
        vscode.Uri.file(absolute),
      );
      return (symbols ?? []).map(toSymbol);
    },

    async definitions(absolute, line, column) {
      const found = await vscode.commands.executeCommand<Array<vscode.Location | vscode.LocationLink> | undefined>(
        "vscode.executeDefinitionProvider",
        vscode.Uri.file(absolute),
        position(line, column),
      );
      const shown = previews();
      return Promise.all(
        (found ?? []).map((item) =>
          "targetUri" in item ? toLocation(item.targetUri, item.targetSelectionRange ?? item.targetRange, shown) : toLocation(item.uri, item.range, shown),
        ),
      );
    },

    async references(absolute, line, column) {
      const found = await vscode.commands.executeCommand<vscode.Location[] | undefined>(
        "vscode.executeReferenceProvider",
        vscode.Uri.file(absolute),
        position(line, column),
      );
      const shown = previews();
      return Promise.all((found ?? []).map((item) => toLocation(item.uri, item.range, shown)));
    },

    async editorContext() {
      const editor = vscode.window.activeTextEditor;
      if (!editor) return undefined;
      const { document, selection } = editor;
      const shown = displayPath(document.uri);
      const visible = editor.visibleRanges[0] ?? new vscode.Range(selection.active, selection.active);
      const context: EditorContext = {
        path: shown.path,
        languageId: document.languageId,
        visibleLines: { start: visible.start.line + 1, end: visible.end.line + 1 },
        dirty: document.isDirty,
      };
      if (!selection.isEmpty) {
        const secret = shown.relative !== undefined && createSecretFilter(options.secretPolicy())(shown.relative) !== undefined;
        const text = secret ? "" : document.getText(selection);
        context.selection = {
          start: { line: selection.start.line + 1, column: selection.start.character + 1 },
          end: { line: selection.end.line + 1, column: selection.end.character + 1 },
          text: text.length > MAX_SELECTION_CHARS ? `${text.slice(0, MAX_SELECTION_CHARS)}\n[... selection cut at ${MAX_SELECTION_CHARS} characters]` : text,
        };
      }
      return context;
    },
  };
}

/**
 * A file's diagnostics. Language servers report on files as they open, so for a file with none
 * yet, it is opened and its first report awaited (briefly: a clean file never reports).
 */
async function diagnosticsOf(uri: vscode.Uri, waitMs: number): Promise<readonly vscode.Diagnostic[]> {
  const now = vscode.languages.getDiagnostics(uri);
  if (now.length > 0 || waitMs <= 0) return now;
  const wasOpen = findOpenDocument(uri.fsPath) !== undefined;
  let listener: vscode.Disposable | undefined;
  let timer: NodeJS.Timeout | undefined;
  const reported = new Promise<void>((resolve) => {
    listener = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((changed) => changed.toString() === uri.toString())) resolve();
    });
    timer = setTimeout(resolve, wasOpen ? Math.min(waitMs, 500) : waitMs);
  });
  try {
    if (!wasOpen) await vscode.workspace.openTextDocument(uri);
    await reported;
  } finally {
    listener?.dispose();
    clearTimeout(timer);
  }
  return vscode.languages.getDiagnostics(uri);
}
