// search_text: lines containing a text (or regular expression) across the workspace, via
// ripgrep's JSON output (exact paths and line numbers whatever the file names hold). ripgrep is
// stopped as soon as there is one match more than asked for, so a common word costs no more
// than a rare one.
import { visibleName, visibleText } from "../visibleText";
import * as z from "zod";
import { ToolError, type Tool } from "../contract";
import { compileInclude, withIncludeArgs } from "../includeGlob";
import { secretFilterFor } from "../resolveForTool";
import { capText, clipLine, formatCount, plural } from "../resultCap";
import { commonRipgrepArgs, ripgrepFailure } from "../ripgrepArgs";
import { base64ToUtf8 } from "../utf8Bytes";
import { portablePath, relativeToFolder, scopeDisplay, searchScopes } from "../searchScope";

export const SEARCH_TEXT_DEFAULT_RESULTS = 100;
/** A matching line is cut to this around the match (minified files have megabyte lines). */
const MAX_MATCH_LINE_CHARS = 240;

const parameters = z.object({
  query: z.string().min(1).describe("The text to look for, within one line. Taken literally unless is_regex is true."),
  is_regex: z.boolean().default(false).describe("Treat query as a regular expression (ripgrep/Rust syntax, e.g. \"fn\\s+parse_\\w+\")."),
  case_sensitive: z.boolean().default(false).describe("Match upper and lower case exactly. By default case is ignored."),
  include: z.string().optional().describe('Glob limiting the files searched, as in find_files, e.g. "*.ts", "*.{ts,tsx}" or "src/**/*.py". Case is ignored.'),
  path: z.string().optional().describe("Folder (or file) to search, relative to the workspace folder. Default: the whole workspace."),
  max_results: z.number().int().min(1).max(500).default(SEARCH_TEXT_DEFAULT_RESULTS).describe("Most matching lines to return."),
});
export type SearchTextParams = z.infer<typeof parameters>;

interface Match {
  line: number;
  text: string;
}

export const searchTextTool: Tool<SearchTextParams> = {
  name: "search_text",
  description:
    "Searches the contents of the workspace's files for a text or regular expression, like grep. Use it to find where a name is defined or used, an error message, or a setting. " +
    'Returns matching lines as "path:line: text", grouped by file; files ignored by .gitignore or excluded in the settings, binary files and secret files are left out.',
  parameters,
  risk: "read",
  invocationMessage: ({ query, path }) => `Searching for ${JSON.stringify(query)}${path ? ` in ${path}` : ""}`,

  async run(params, { env, signal, maxResultChars }) {
    if (/[\r\n]/.test(params.query)) {
      throw new ToolError("search_text matches within one line, and the query has a line break. Search for one line of the text (its most distinctive part).");
    }
    const scopes = await searchScopes(env, params.path);
    const isSecret = secretFilterFor(env);
    const include = params.include === undefined ? undefined : compileInclude(params.include);
    const byFile = new Map<string, Match[]>();
    let count = 0;
    let more = false;

    await withIncludeArgs(env, include, (narrow) =>
      Promise.all(
        scopes.map(async (scope) => {
          const args = [...commonRipgrepArgs(env, isSecret), ...narrow, "--json", params.case_sensitive ? "--case-sensitive" : "--ignore-case"];
          if (!params.is_regex) args.push("--fixed-strings");
          args.push("--regexp", params.query);
          if (scope.file) args.push("--", scope.file);
          const outcome = await env.runRipgrep(env.ripgrepPath, args, {
            cwd: scope.cwd,
            signal,
            onLine: (line) => {
              // Only match events matter; the rest (begin, end, summary) are skipped unparsed.
              if (!line.startsWith('{"type":"match"')) return true;
              const event = parseMatch(line);
              if (!event) return true;
              if (include && !include.namesOnly && !include.matches(portablePath(event.path, scope.sep))) return true;
              const relative = relativeToFolder(scope, event.path);
              if (isSecret(relative)) return true;
              if (count >= params.max_results) {
                more = true;
                return false;
              }
              count++;
              const display = scopeDisplay(env, scope, relative);
              let list = byFile.get(display);
              if (!list) byFile.set(display, (list = []));
              list.push({ line: event.line, text: event.text });
              return true;
            },
          });
          const failure = ripgrepFailure(outcome, count > 0);
          if (failure) throw new ToolError(`The search failed: ${failure}${params.is_regex ? "\nCheck the regular expression, or set is_regex to false to search for the text literally." : ""}`);
        }),
      ),
    );

    const what = `${JSON.stringify(params.query)}${params.path ? ` in ${params.path}` : ""}${params.include ? ` (files matching ${params.include})` : ""}`;
    if (count === 0) {
      return { content: `No matches for ${what}.${noMatchHint(params)}`, summary: "No matches" };
    }
    const files = [...byFile.keys()].sort();
    const groups = files.map((file) =>
      byFile
        .get(file)!
        .sort((a, b) => a.line - b.line)
        .map((match) => `${visibleName(file)}:${match.line}: ${visibleText(match.text)}`)
        .join("\n"),
    );
    const header = more
      ? `Showing the first ${formatCount(count)} matching lines for ${what}; there are more. Narrow the query, or use include or path.`
      : `${plural(count, "matching line")} in ${plural(files.length, "file")} for ${what}:`;
    const capped = capText(`${header}\n\n${groups.join("\n\n")}`, maxResultChars, "[The results were cut here to fit. Narrow the query, or use include or path.]");
    return {
      content: capped.text,
      summary: `${more ? `${formatCount(count)}+` : formatCount(count)} matches in ${plural(files.length, "file")}`,
      ...(capped.truncated || more ? { truncated: true } : {}),
    };
  },
};

/** One `{"type":"match"}` event of `rg --json`: the path, line number and the line (trimmed, clipped). */
function parseMatch(jsonLine: string): { path: string; line: number; text: string } | undefined {
  let event: RipgrepMatchEvent;
  try {
    event = JSON.parse(jsonLine) as RipgrepMatchEvent;
  } catch {
    return undefined;
  }
  const path = textOf(event.data?.path);
  const raw = textOf(event.data?.lines);
  if (path === undefined || raw === undefined || typeof event.data?.line_number !== "number") return undefined;
  if (raw.includes("\u0000")) return undefined; // a binary file named explicitly: nothing readable
  const line = raw.replace(/\r?\n$/, "");
  const indent = line.length - line.trimStart().length;
  const focus = Math.max(0, (event.data.submatches?.[0]?.start ?? 0) - indent);
  return { path, line: event.data.line_number, text: clipLine(line.trim(), MAX_MATCH_LINE_CHARS, focus) };
}

/** ripgrep writes text that is not valid UTF-8 as base64 `bytes`. */
function textOf(value: { text?: string; bytes?: string } | undefined): string | undefined {
  if (!value) return undefined;
  if (typeof value.text === "string") return value.text;
  if (typeof value.bytes === "string") return base64ToUtf8(value.bytes);
  return undefined;
}

interface RipgrepMatchEvent {
  type: "match";
  data?: {
    path?: { text?: string; bytes?: string };
    lines?: { text?: string; bytes?: string };
    line_number?: number;
    submatches?: { start: number }[];
  };
}

function noMatchHint(params: SearchTextParams): string {
  const hints = [];
  if (!params.is_regex && /\\[bdswBDSW]|\.\*|\.\+|\[[^\]]+\]|\(\?|\|/.test(params.query)) {
    hints.push("The query was taken literally; set is_regex to true if it is a regular expression.");
  }
  if (params.case_sensitive) hints.push("The search matched case exactly; try case_sensitive false.");
  hints.push("Files ignored by .gitignore, excluded in the settings, binary or secret are not searched.");
  return ` ${hints.join(" ")}`;
}
