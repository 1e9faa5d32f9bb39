// The model's glob for which files find_files lists and search_text searches, matched with
// glob.ts's meaning (case ignored, any depth unless it starts with "/", braces expanded).
//
// It is not handed to ripgrep's --glob: a --glob match overrides .gitignore, so "**/*.ts" would
// bring back every node_modules/**/*.ts. ripgrep pre-selects instead, in ways that keep
// .gitignore: a file type for patterns on names alone ("*.ts", "*.{ts,tsx}"), else an extra
// ignore file ("ignore everything except folders and these paths"), which ripgrep ranks below
// .gitignore, so a git-ignored path stays out. The pre-selection may let a few more files through
// (a .gitignore "!" rule outranks it); `matches` has the last word.
import { ToolError, type FileAccess } from "./contract";
import { compileGlob } from "./glob";

export interface IncludeGlob {
  readonly pattern: string;
  /** Whether a path (relative to the searched folder, "/" separators) is included. */
  matches(relativePath: string): boolean;
  /** The pattern is about file names only: the ripgrep file type selects exactly these files. */
  readonly namesOnly: boolean;
  /** ripgrep arguments for a file type of the included names (namesOnly patterns). */
  readonly typeArgs: readonly string[];
  /** The text of an ignore file that leaves only the included paths (and every folder). */
  readonly ignoreFileText: string;
}

const MAX_ALTERNATIVES = 256;

/** "./src/*.{ts,tsx}" -> matches src/a.ts and src/b.tsx at any depth. */
export function compileInclude(pattern: string): IncludeGlob {
  const clean = pattern.trim().replace(/^(\.\/)+/, "").replace(/\/+$/, "");
  const alternatives = expandBraces(clean);
  // "{a,b}{a,b}{a,b}..." doubles with each pair of braces; past this many, it is not a file pattern.
  if (alternatives.length > MAX_ALTERNATIVES) {
    throw new ToolError(`The pattern ${JSON.stringify(pattern)} expands to more than ${MAX_ALTERNATIVES} alternatives. Use a simpler pattern, such as "*.{ts,tsx}".`);
  }
  const globs = alternatives.map((alternative) => compileGlob(alternative, { caseInsensitive: true }));
  return {
    pattern,
    matches: (relativePath) => {
      const segments = relativePath.split("/").filter((part) => part !== "" && part !== ".");
      return globs.some((glob) => glob.matches(segments));
    },
    namesOnly: alternatives.every((alternative) => !alternative.includes("/") && alternative !== "**"),
    typeArgs: [...alternatives.flatMap((alternative) => ["--type-add", `include:${foldCase(alternative)}`]), "--type", "include"],
    ignoreFileText: ["*", "!*/", ...alternatives.map((alternative) => `!${gitignoreForm(alternative)}`), ""].join("\n"),
  };
}

/**
 * Runs `work` with the ripgrep arguments that pre-select `include`'s files (none without one),
 * writing the ignore file it may need to a temporary file, removed afterwards.
 */
export async function withIncludeArgs<T>(env: Pick<FileAccess, "withTemporaryFile">, include: IncludeGlob | undefined, work: (args: readonly string[]) => Promise<T>): Promise<T> {
  if (!include) return work([]);
  if (include.namesOnly) return work(include.typeArgs);
  return env.withTemporaryFile(include.ignoreFileText, (file) => work(["--ignore-file", file]));
}

/** "a.{ts,tsx}" -> ["a.ts", "a.tsx"]; nested braces too. Unbalanced braces are kept literally. */
export function expandBraces(pattern: string, limit = MAX_ALTERNATIVES + 1): string[] {
  const open = findOpen(pattern);
  if (open < 0) return [pattern];
  let depth = 0;
  const commas: number[] = [];
  let close = -1;
  for (let i = open; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "\\") i++;
    else if (c === "{") depth++;
    else if (c === "}" && --depth === 0) {
      close = i;
      break;
    } else if (c === "," && depth === 1) commas.push(i);
  }
  if (close < 0) return [pattern];
  const head = pattern.slice(0, open);
  const tails = expandBraces(pattern.slice(close + 1), limit);
  const bounds = [open, ...commas, close];
  const options = bounds.slice(1).flatMap((end, k) => expandBraces(pattern.slice(bounds[k]! + 1, end), limit));
  // Stops growing past `limit` (the caller refuses such a pattern), so the work stays small.
  const out: string[] = [];
  for (const option of options) {
    for (const tail of tails) {
      out.push(head + option + tail);
      if (out.length >= limit) return out;
    }
  }
  return out;
}

function findOpen(pattern: string): number {
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i] === "\\") i++;
    else if (pattern[i] === "{") return i;
  }
  return -1;
}

/**
 * Our glob as a .gitignore line with the same reach: a pattern with an inner "/" is anchored in
 * .gitignore but not in ours, so it gets a leading "**\/"; case is folded by hand.
 */
function gitignoreForm(glob: string): string {
  const folded = foldCase(glob);
  const reach = glob.startsWith("/") || !glob.includes("/") || glob.startsWith("**/") ? folded : `**/${folded}`;
  return /^[!#]/.test(reach) ? `\\${reach}` : reach;
}

/** "*.ts" -> "*.[tT][sS]": ripgrep's types and ignore files match case exactly; our globs do not. */
function foldCase(glob: string): string {
  let out = "";
  let inClass = false;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === "\\" && i + 1 < glob.length) {
      out += c + glob[++i]!;
    } else if (inClass) {
      if (c === "]") inClass = false;
      out += c;
    } else if (c === "[") {
      inClass = true;
      out += c;
    } else if (c.toLowerCase() !== c.toUpperCase()) {
      out += `[${c.toLowerCase()}${c.toUpperCase()}]`;
    } else {
      out += c;
    }
  }
  return out;
}
