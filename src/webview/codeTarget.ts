// Which file a code block in an answer is meant for, so its Apply button can offer that file:
// a path after the language in the fence (```ts src/a.ts), a leading comment that names one
// (// src/a.ts, # file: app.py, <!-- index.html -->), or none, when the block may still fit the
// active editor by its language. Pure (no DOM), so it is tested in plain Node.

export interface CodeTarget {
  /** The file the block names, as written (workspace-relative as a rule); undefined if none. */
  path: string | undefined;
  /** The code to apply: without the leading path comment, which is a label, not content. */
  code: string;
}

/** A relative path with a file name and an extension; no spaces, no URL scheme. */
const pathLike = /^(?![a-z][\w+.-]*:)(?:\.{0,2}\/)?[\w@.-]+(?:\/[\w@.-]+)*\.[\w-]+$/i;
/** key=value or key:value forms some models write in the fence's info string. */
const infoKey = /^(?:file(?:name|path)?|path|title)[=:]["']?(.+?)["']?$/i;
const leadingComment = /^\s*(?:\/\/|#|--|;|\/\*|<!--)\s*(?:(?:file(?:name|path)?|path)\s*:\s*)?(\S+?)\s*(?:\*\/|-->)?\s*$/i;

/** The path named in a fence's info string after its language ("ts src/a.ts", "python file=app.py"). */
export function pathFromInfo(info: string): string | undefined {
  for (const word of info.trim().split(/\s+/).slice(1)) {
    const value = infoKey.exec(word)?.[1] ?? word;
    if (pathLike.test(value)) return value;
  }
  return undefined;
}

export function codeTarget(info: string, code: string): CodeTarget {
  const named = pathFromInfo(info);
  if (named) return { path: named, code };
  const newline = code.indexOf("\n");
  const first = newline < 0 ? code : code.slice(0, newline);
  const commented = leadingComment.exec(first)?.[1];
  // A one-line block is all comment: nothing would be left to apply.
  if (commented && newline >= 0 && pathLike.test(commented) && !/^\d/.test(commented)) {
    return { path: commented, code: code.slice(newline + 1) };
  }
  return { path: undefined, code };
}

const languageFamilies: string[][] = [
  ["ts", "typescript", "mts", "cts"],
  ["tsx", "typescriptreact"],
  ["js", "javascript", "mjs", "cjs", "node"],
  ["jsx", "javascriptreact"],
  ["py", "python", "python3"],
  ["sh", "bash", "shell", "zsh", "shellscript"],
  ["rs", "rust"],
  ["go", "golang"],
  ["rb", "ruby"],
  ["cs", "csharp", "c#"],
  ["cpp", "c++", "cc", "cxx", "hpp"],
  ["md", "markdown"],
  ["yml", "yaml"],
  ["json", "jsonc"],
  ["kt", "kotlin"],
  ["ps1", "powershell"],
];

/** Whether a fence's language is the editor's language (VS Code ids vs. what models write). */
export function languageFits(fenceLanguage: string, languageId: string | undefined): boolean {
  if (!languageId) return false;
  const a = fenceLanguage.trim().toLowerCase();
  const b = languageId.toLowerCase();
  if (!a) return false;
  if (a === b) return true;
  return languageFamilies.some((family) => family.includes(a) && family.includes(b));
}
