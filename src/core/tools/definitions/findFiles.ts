// find_files: workspace files whose path matches a glob, listed by `rg --files` (fast, honours
// .gitignore and the user's excludes) and matched here (see includeGlob.ts), sorted so the same
// question gets the same answer.
import { visibleName } from "../visibleText";
import * as z from "zod";
import type { Tool } from "../contract";
import { compileInclude, withIncludeArgs } from "../includeGlob";
import { secretFilterFor } from "../resolveForTool";
import { capText, formatCount, plural } from "../resultCap";
import { relativeToFolder, scopeDisplay, scopeFiles, searchScopes } from "../searchScope";

export const FIND_FILES_DEFAULT_RESULTS = 200;
// Past this many matches the list is not worth sorting; ripgrep is stopped and the count is "more than".
const COLLECT_LIMIT = 20_000;

const parameters = z.object({
  pattern: z
    .string()
    .min(1)
    .describe(
      'Glob for the files to find, e.g. "*.test.ts", "components/**/*.css", "*.{ts,tsx}" or "package.json". Like .gitignore, a pattern matches at any depth ("test/*.ts": .ts files directly in any folder named test); a leading "/" anchors it to the searched folder. Case is ignored.',
    ),
  path: z.string().optional().describe("Folder to search in, relative to the workspace folder. Default: the whole workspace."),
  max_results: z.number().int().min(1).max(1000).default(FIND_FILES_DEFAULT_RESULTS).describe("Most paths to return."),
});
export type FindFilesParams = z.infer<typeof parameters>;

export const findFilesTool: Tool<FindFilesParams> = {
  name: "find_files",
  description:
    "Finds files in the workspace by name or path with a glob pattern. Use it when you know (part of) a file name but not where it is. " +
    "Returns matching paths relative to the workspace folder, sorted; files ignored by .gitignore or excluded in the settings are left out.",
  parameters,
  risk: "read",
  invocationMessage: ({ pattern, path }) => `Finding files matching ${pattern}${path ? ` in ${path}` : ""}`,

  async run(params, { env, signal, maxResultChars }) {
    const include = compileInclude(params.pattern);
    const isSecret = secretFilterFor(env);
    const scopes = await searchScopes(env, params.path);
    const keep = (portable: string, relative: string) => include.matches(portable) && !isSecret(relative);
    const lists = await withIncludeArgs(env, include, (narrow) =>
      Promise.all(
        scopes.map(async (scope) => {
          const { files, more } = await scopeFiles(env, scope, signal, keep, COLLECT_LIMIT, narrow);
          return { more, files: files.map((printed) => scopeDisplay(env, scope, relativeToFolder(scope, printed))) };
        }),
      ),
    );
    const found = lists.flatMap((list) => list.files);
    const more = lists.some((list) => list.more);

    const where = params.path ? ` in ${params.path}` : "";
    const quoted = JSON.stringify(params.pattern);
    if (found.length === 0) {
      return {
        content: `No files match ${quoted}${where} (files ignored by .gitignore, excluded in the settings or secret are left out).`,
        summary: "No files found",
      };
    }
    found.sort();
    const shown = found.slice(0, params.max_results);
    const total = more ? `More than ${formatCount(found.length)}` : formatCount(found.length);
    const header =
      shown.length < found.length || more
        ? `${total} files match ${quoted}${where}; showing the first ${formatCount(shown.length)}. Use a narrower pattern or a path to see others.`
        : `${plural(found.length, "file")} ${found.length === 1 ? "matches" : "match"} ${quoted}${where}:`;
    const capped = capText(`${header}\n${shown.map(visibleName).join("\n")}`, maxResultChars, "[The list was cut here to fit. Use a narrower pattern or a path to see others.]");
    return {
      content: capped.text,
      summary: `${more ? total.toLowerCase() : plural(found.length, "file")} found`,
      ...(capped.truncated || shown.length < found.length || more ? { truncated: true } : {}),
    };
  },
};
