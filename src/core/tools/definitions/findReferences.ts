// find_references: every use of the symbol at a place in the code, from its language server.
import * as z from "zod";
import type { Tool } from "../contract";
import { formatLocation, languageServicesOf, positionParameters, resolvePosition, visibleLocations } from "../languageTools";
import { capText, formatCount, plural } from "../resultCap";

const MAX_REFERENCES = 300;

const parameters = z.object(positionParameters);
export type FindReferencesParams = z.infer<typeof parameters>;

export const findReferencesTool: Tool<FindReferencesParams> = {
  name: "find_references",
  description:
    "Finds every place a symbol is used (find all references), through VS Code's language server: only real uses of that symbol, not other things with the same name. " +
    'Give the file, the line, and the symbol\'s name as written on that line. Returns one reference per line: "path:line:column: the line\'s text".',
  parameters,
  risk: "read",
  needsLanguageServices: true,
  invocationMessage: ({ path, line, symbol }) => `Finding references to ${symbol ?? "the symbol"} at ${path}:${line}`,

  async run(params, { env, signal, maxResultChars }) {
    const services = languageServicesOf(env, "find_references");
    const at = await resolvePosition(env, params);
    const found = visibleLocations(env, await services.references(at.file.absolute, at.line, at.column));
    signal.throwIfAborted();
    const what = params.symbol ? JSON.stringify(params.symbol) : "the symbol";
    const where = `${at.file.display}:${at.line}:${at.column}`;
    if (found.length === 0) {
      return { content: `No references found for ${what} at ${where}. The language server may not know it; try search_text.`, summary: "No references" };
    }
    found.sort((a, b) => a.path.localeCompare(b.path) || a.line - b.line || a.column - b.column);
    const shown = found.slice(0, MAX_REFERENCES);
    const files = new Set(found.map((location) => location.path)).size;
    const more = found.length - shown.length;
    const body =
      `${plural(found.length, "reference")} to ${what} in ${plural(files, "file")}:\n${shown.map((location) => formatLocation(location, env.paths)).join("\n")}` +
      (more > 0 ? `\n[… and ${formatCount(more)} more not shown.]` : "");
    const capped = capText(body, maxResultChars, "[The list was cut here to fit.]");
    return {
      content: capped.text,
      summary: `${plural(found.length, "reference")} in ${plural(files, "file")}`,
      ...(capped.truncated || more > 0 ? { truncated: true } : {}),
    };
  },
};
