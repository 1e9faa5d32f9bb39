// find_definition: where the symbol at a place in the code is defined, from its language server.
import * as z from "zod";
import type { Tool } from "../contract";
import { formatLocation, languageServicesOf, positionParameters, resolvePosition, visibleLocations } from "../languageTools";
import { capText, plural } from "../resultCap";

const parameters = z.object(positionParameters);
export type FindDefinitionParams = z.infer<typeof parameters>;

export const findDefinitionTool: Tool<FindDefinitionParams> = {
  name: "find_definition",
  description:
    "Finds where a symbol used in the code is defined (go to definition), through VS Code's language server, which knows imports and scopes better than a text search. " +
    "Give the file, the line, and the symbol's name as written on that line. Returns the definition's location(s) with the line's text.",
  parameters,
  risk: "read",
  needsLanguageServices: true,
  invocationMessage: ({ path, line, symbol }) => `Finding the definition of ${symbol ?? "the symbol"} at ${path}:${line}`,

  async run(params, { env, signal, maxResultChars }) {
    const services = languageServicesOf(env, "find_definition");
    const at = await resolvePosition(env, params);
    const found = visibleLocations(env, await services.definitions(at.file.absolute, at.line, at.column));
    signal.throwIfAborted();
    const what = params.symbol ? JSON.stringify(params.symbol) : "the symbol";
    const where = `${at.file.display}:${at.line}:${at.column}`;
    if (found.length === 0) {
      return { content: `No definition found for ${what} at ${where}. The language server may not know it; try search_text.`, summary: "No definition found" };
    }
    const body = `Definition${found.length > 1 ? "s" : ""} of ${what} (used at ${where}):\n${found.map((location) => formatLocation(location, env.paths)).join("\n")}`;
    const capped = capText(body, maxResultChars, "[The list was cut here to fit.]");
    return { content: capped.text, summary: plural(found.length, "definition"), ...(capped.truncated ? { truncated: true } : {}) };
  },
};
