// What the language-service tools share: the refusal when there are none (the command-line tool),
// turning "line + symbol name" into a column (models count columns badly, names well), and
// keeping secret files, and the text of files outside the workspace, out of their results.
import * as z from "zod";
import { ToolError, type LanguageServices, type PathSyntax, type SourceLocation, type ToolEnvironment } from "./contract";
import { resolveForTool, secretFilterFor, type ToolPath } from "./resolveForTool";
import { clipLine, formatCount } from "./resultCap";
import { splitLines } from "./textLines";

export function languageServicesOf(env: ToolEnvironment, toolName: string): LanguageServices {
  if (env.languageServices) return env.languageServices;
  throw new ToolError(
    `${toolName} needs VS Code's language services, which are not available here (the command-line tool has none). ` +
      `Use search_text to find definitions and uses by name, and read_file to read them.`,
  );
}

export const positionParameters = {
  path: z.string().describe("The file, relative to the workspace folder, e.g. src/index.ts."),
  line: z.number().int().min(1).describe("The 1-based line where the symbol appears."),
  symbol: z.string().optional().describe("The symbol's name as written on that line, e.g. parseConfig. Preferred over column."),
  column: z.number().int().min(1).optional().describe("1-based column of the symbol, if you know it exactly. Not needed when symbol is given."),
};

export interface ResolvedPosition {
  file: ToolPath;
  line: number;
  column: number;
  lineText: string;
}

const WORD = /[\p{L}\p{N}_$]/u;

/** The position of `symbol` on `line` (its first whole-word occurrence), or `column` as given. */
export async function resolvePosition(
  env: ToolEnvironment,
  params: { path: string; line: number; symbol?: string | undefined; column?: number | undefined },
): Promise<ResolvedPosition> {
  const file = await resolveForTool(env, params.path, { mustExist: true });
  const lines = splitLines(await env.readText(file.absolute));
  if (params.line > lines.length) {
    throw new ToolError(`${file.display} has ${formatCount(lines.length)} lines, so line ${params.line} does not exist.`);
  }
  const lineText = lines[params.line - 1]!;
  const symbol = params.symbol?.trim();
  if (symbol) {
    const index = wordIndex(lineText, symbol);
    if (index >= 0) return { file, line: params.line, column: index + lastWordOffset(symbol) + 1, lineText };
    const elsewhere = lines.flatMap((text, i) => (wordIndex(text, symbol) >= 0 ? [i + 1] : []));
    elsewhere.sort((a, b) => Math.abs(a - params.line) - Math.abs(b - params.line));
    const hint = elsewhere.length
      ? ` It appears on line${elsewhere.length > 1 ? "s" : ""} ${elsewhere.slice(0, 5).join(", ")}; call again with one of them.`
      : ` It does not appear anywhere in ${file.display}; check the name with search_text.`;
    throw new ToolError(`${JSON.stringify(symbol)} does not appear on line ${params.line} of ${file.display}, which reads: ${JSON.stringify(clipLine(lineText.trim(), 200))}.${hint}`);
  }
  if (params.column !== undefined) {
    if (params.column > lineText.length + 1) {
      throw new ToolError(`Line ${params.line} of ${file.display} has ${lineText.length} characters, so column ${params.column} is past its end. Give symbol (the name) instead.`);
    }
    return { file, line: params.line, column: params.column, lineText };
  }
  throw new ToolError(`Give symbol: the name on line ${params.line} of ${file.display} to look up (that line reads: ${JSON.stringify(clipLine(lineText.trim(), 200))}).`);
}

/** First occurrence of `symbol` in `text` not inside a longer name ("id" is not found in "width"); else any occurrence. */
function wordIndex(text: string, symbol: string): number {
  let any = -1;
  for (let i = text.indexOf(symbol); i !== -1; i = text.indexOf(symbol, i + 1)) {
    if (any < 0) any = i;
    const before = text[i - 1];
    const after = text[i + symbol.length];
    const startsWord = !WORD.test(symbol[0]!) || before === undefined || !WORD.test(before);
    const endsWord = !WORD.test(symbol[symbol.length - 1]!) || after === undefined || !WORD.test(after);
    if (startsWord && endsWord) return i;
  }
  return any;
}

/** "this.config.load" -> the offset of "load": the member the model means. */
function lastWordOffset(symbol: string): number {
  const words = [...symbol.matchAll(/[\p{L}\p{N}_$]+/gu)];
  return words[words.length - 1]?.index ?? 0;
}

/**
 * Drops locations in secret files (their preview is the secret's text) and the preview of files
 * outside the workspace (a library's .d.ts is fine to name, but tools only show workspace text).
 */
export function visibleLocations<T extends SourceLocation>(env: ToolEnvironment, locations: readonly T[]): T[] {
  const isSecret = secretFilterFor(env);
  return locations.flatMap((location) => {
    const portable = location.path.split(env.paths.sep).join("/");
    if (isSecret(portable)) return [];
    if (env.paths.isAbsolute(location.path)) {
      const { preview: _preview, ...rest } = location;
      return [rest as T];
    }
    return [location];
  });
}

/** "src/a.ts:12:5: const x = 1" */
export function formatLocation(location: SourceLocation, paths: Pick<PathSyntax, "isAbsolute">): string {
  const where = `${location.path}:${location.line}:${location.column}`;
  if (paths.isAbsolute(location.path)) return `${where} (outside the workspace)`;
  return location.preview ? `${where}: ${clipLine(location.preview.trim(), 200)}` : where;
}
