// get_document_symbols: a file's outline (classes, functions, methods...) from its language server.
import * as z from "zod";
import { ToolError, type SymbolInfo, type Tool } from "../contract";
import { languageServicesOf } from "../languageTools";
import { resolveForTool } from "../resolveForTool";
import { capText, plural } from "../resultCap";

const parameters = z.object({
  path: z.string().describe("The file to outline, relative to the workspace folder, e.g. src/index.ts."),
});
export type GetDocumentSymbolsParams = z.infer<typeof parameters>;

export const getDocumentSymbolsTool: Tool<GetDocumentSymbolsParams> = {
  name: "get_document_symbols",
  description:
    "Outlines one file: its classes, functions, methods, variables and so on, nested as in the code, with their line ranges. Use it to find your way around a long file before reading parts of it with read_file. " +
    'Returns one symbol per line, e.g. "function parseConfig (lines 12-40)".',
  parameters,
  risk: "read",
  needsLanguageServices: true,
  invocationMessage: ({ path }) => `Outlining ${path}`,

  async run(params, { env, signal, maxResultChars }) {
    const services = languageServicesOf(env, "get_document_symbols");
    const file = await resolveForTool(env, params.path, { mustExist: true });
    const symbols = await services.documentSymbols(file.absolute);
    signal.throwIfAborted();
    if (symbols.length === 0) {
      throw new ToolError(`No symbols were found in ${file.display} (its language may have no outline support). Use read_file or search_text instead.`);
    }
    const lines: string[] = [];
    const walk = (list: readonly SymbolInfo[], depth: number) => {
      for (const symbol of [...list].sort((a, b) => a.line - b.line)) {
        const range = symbol.endLine > symbol.line ? `lines ${symbol.line}-${symbol.endLine}` : `line ${symbol.line}`;
        lines.push(`${"  ".repeat(depth)}${symbol.kind.toLowerCase()} ${symbol.name}${symbol.detail ? ` — ${symbol.detail}` : ""} (${range})`);
        if (symbol.children?.length) walk(symbol.children, depth + 1);
      }
    };
    walk(symbols, 0);
    const capped = capText(`Symbols in ${file.display}:\n${lines.join("\n")}`, maxResultChars, "[The outline was cut here to fit. Read the rest of the file with read_file.]");
    return { content: capped.text, summary: `${plural(lines.length, "symbol")} in ${file.display}`, ...(capped.truncated ? { truncated: true } : {}) };
  },
};
