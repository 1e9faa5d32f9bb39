// The model's glob for which files find_files lists and search_text searches. It is matched here
// (glob.ts, case ignored) rather than handed to ripgrep's --glob, because ripgrep lets a --glob
// match override .gitignore: "**/*.ts" would bring back every node_modules/**/*.ts. Patterns on
// file names alone ("*.ts", "*.{ts,tsx}") become a ripgrep file type instead, which keeps
// .gitignore and lets ripgrep skip the other files without opening them.
import { compileGlob } from "./glob";

export interface IncludeGlob {
  readonly pattern: string;
  /** Whether a path (relative to the searched folder, "/" separators) is included. */
  matches(relativePath: string): boolean;
  /**
   * ripgrep arguments selecting files by name: exactly the included files when `namesOnly`, else
   * a superset (the pattern's last segment) that spares listing every file; undefined when the
   * pattern ends in "**" and says nothing about names.
   */
  readonly ripgrepTypeArgs: string[] | undefined;
  /** The pattern is about file names only, so `ripgrepTypeArgs` alone selects the right files. */
  readonly namesOnly: boolean;
}

/** "./src/*.{ts,tsx}" -> matches src/a.ts and src/b.tsx at any depth. */
export function compileInclude(pattern: string): IncludeGlob {
  const clean = pattern.trim().replace(/^(\.\/)+/, "");
  const alternatives = expandBraces(clean);
  const globs = alternatives.map((alternative) => compileGlob(alternative, { caseInsensitive: true }));
  const namesOnly = alternatives.every((alternative) => !alternative.includes("/"));
  const names = alternatives.map((alternative) => alternative.split("/").filter((part) => part !== "").pop() ?? "**");
  const byName = names.every((name) => !name.includes("**"));
  return {
    pattern,
    matches: (relativePath) => {
      const segments = relativePath.split("/").filter((part) => part !== "" && part !== ".");
      return globs.some((glob) => glob.matches(segments));
    },
    ripgrepTypeArgs: byName ? [...names.flatMap((name) => ["--type-add", `include:${foldCase(name)}`]), "--type", "include"] : undefined,
    namesOnly: namesOnly && byName,
  };
}

/** "a.{ts,tsx}" -> ["a.ts", "a.tsx"]; nested braces too. Unbalanced braces are kept literally. */
export function expandBraces(pattern: string): string[] {
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
  const tails = expandBraces(pattern.slice(close + 1));
  const bounds = [open, ...commas, close];
  const options = bounds.slice(1).flatMap((end, k) => expandBraces(pattern.slice(bounds[k]! + 1, end)));
  return options.flatMap((option) => tails.map((tail) => head + option + tail));
}

function findOpen(pattern: string): number {
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i] === "\\") i++;
    else if (pattern[i] === "{") return i;
  }
  return -1;
}

/** "*.ts" -> "*.[tT][sS]": ripgrep's file types match case exactly; our globs ignore case. */
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
