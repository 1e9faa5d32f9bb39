// What the highlighter knows about each language: comment and string syntax and a few word
// lists. Families share one grammar (C, Java, C#... read alike at this level of detail).

export interface CodeGrammar {
  kind: "code";
  lineComments: string[];
  blockComment?: [string, string];
  /** String delimiters; such a string ends at the line's end if unclosed. */
  quotes: string;
  /** Delimiters whose strings may span lines (JavaScript template literals, shell quotes). */
  multilineQuotes: string;
  tripleQuotes?: boolean;
  keywords: Set<string>;
  /** Control-flow words, coloured apart from declarations as VS Code's default themes do. */
  control: Set<string>;
  literals: Set<string>;
  identifier: RegExp;
  ignoreCase?: boolean;
  capitalizedTypes?: boolean;
  /** `@name` (decorators, annotations, CSS at-rules). */
  decorators?: boolean;
  /** `$name` and `${...}`. */
  variables?: boolean;
  /** `#` at a line's start is a directive (C's `#include`). */
  preprocessor?: boolean;
  /** `#` starts a comment only after whitespace (shell: `${#list}` is not one). */
  hashNeedsSpace?: boolean;
  /** `name!(` is a call (Rust macros). */
  macros?: boolean;
  properties?: "json" | "yaml" | "ini" | "css";
}

export type Grammar = CodeGrammar | { kind: "markup" } | { kind: "diff" } | { kind: "none" };

const words = (list: string) => new Set(list.split(/\s+/).filter(Boolean));
const word = /[A-Za-z_$\u00C0-\uFFFF][\w$\u00C0-\uFFFF]*/y;
const dashedWord = /[A-Za-z_\u00C0-\uFFFF][\w\u00C0-\uFFFF-]*/y;

function code(grammar: Partial<CodeGrammar>): CodeGrammar {
  return {
    kind: "code",
    lineComments: [],
    quotes: `"'`,
    multilineQuotes: "",
    keywords: new Set(),
    control: new Set(),
    literals: words("true false null"),
    identifier: word,
    ...grammar,
  };
}

const cControl = words("break case catch continue default do else finally for foreach goto if in is return switch throw throws try while yield when");

const javascript = code({
  lineComments: ["//"],
  blockComment: ["/*", "*/"],
  multilineQuotes: "`",
  keywords: words(
    "abstract as async class const declare delete enum export extends from function get implements import infer instanceof interface keyof let namespace new of package private protected public readonly satisfies set static super this type typeof var void with",
  ),
  control: words("await break case catch continue default do else finally for if return switch throw try while yield"),
  literals: words("true false null undefined NaN Infinity"),
  capitalizedTypes: true,
  decorators: true,
});

const python = code({
  lineComments: ["#"],
  tripleQuotes: true,
  keywords: words("and as assert async class def del from global import in is lambda nonlocal not or pass"),
  control: words("await break case continue elif else except finally for if match raise return try while with yield"),
  literals: words("True False None self cls"),
  capitalizedTypes: true,
  decorators: true,
});

const rust = code({
  lineComments: ["//"],
  blockComment: ["/*", "*/"],
  quotes: `"`,
  keywords: words("as async const crate dyn enum extern fn impl in let mod move mut pub ref self Self static struct super trait type unsafe use where"),
  control: words("await break continue else for if loop match return while yield"),
  literals: words("true false None Some Ok Err"),
  capitalizedTypes: true,
  macros: true,
});

const go = code({
  lineComments: ["//"],
  blockComment: ["/*", "*/"],
  multilineQuotes: "`",
  keywords: words("chan const defer func go import interface map package range struct type var"),
  control: words("break case continue default else fallthrough for goto if return select switch"),
  literals: words("true false nil iota"),
  capitalizedTypes: true,
});

const cLikeKeywords = words(
  "abstract auto bool boolean byte char class const constexpr data def double enum explicit export extends extern final float fun func implements import inline int interface internal let long namespace native new object open operator override package private protected public readonly register sealed short signed sizeof static struct super template this typedef typename union unsigned using val var virtual void volatile where",
);

const c = code({
  lineComments: ["//"],
  blockComment: ["/*", "*/"],
  keywords: cLikeKeywords,
  control: cControl,
  literals: words("true false null nullptr NULL"),
  capitalizedTypes: true,
  preprocessor: true,
});

const cLike = code({
  lineComments: ["//"],
  blockComment: ["/*", "*/"],
  multilineQuotes: "`",
  tripleQuotes: true,
  keywords: cLikeKeywords,
  control: cControl,
  literals: words("true false null nil undefined"),
  capitalizedTypes: true,
  decorators: true,
});

const php = code({ ...cLike, lineComments: ["//", "#"], variables: true, decorators: false });

const shell = code({
  lineComments: ["#"],
  hashNeedsSpace: true,
  // Quotes may span lines in a script, but console transcripts are full of stray apostrophes
  // ("don't"): an unclosed quote colouring the rest of the block would be the worse mistake.
  keywords: words("function local export readonly declare unset alias source param"),
  control: words("if then else elif fi for while until do done case esac in return exit break continue select foreach elseif"),
  literals: words("true false"),
  identifier: dashedWord,
  variables: true,
});

const json = code({ lineComments: ["//"], blockComment: ["/*", "*/"], properties: "json" });

const yaml = code({
  lineComments: ["#"],
  hashNeedsSpace: true,
  literals: words("true false null yes no on off"),
  identifier: dashedWord,
  properties: "yaml",
});

const ini = code({ lineComments: ["#", ";"], hashNeedsSpace: true, identifier: dashedWord, properties: "ini" });

const sql = code({
  lineComments: ["--"],
  blockComment: ["/*", "*/"],
  ignoreCase: true,
  keywords: words(
    "select from where insert into values update set delete create table alter drop index view join inner left right outer full cross on group by order having limit offset as and or not is in exists distinct union all primary key foreign references default unique check constraint with returning asc desc like between",
  ),
  control: words("case when then else end begin commit rollback if"),
  literals: words("null true false"),
});

const css = code({
  lineComments: ["//"],
  blockComment: ["/*", "*/"],
  literals: new Set(),
  identifier: dashedWord,
  decorators: true,
  properties: "css",
});

const dockerfile = code({
  lineComments: ["#"],
  ignoreCase: true,
  keywords: words("from run cmd label expose env add copy entrypoint volume user workdir arg onbuild stopsignal healthcheck shell as"),
  variables: true,
});

const lua = code({
  lineComments: ["--"],
  keywords: words("and function local not or"),
  control: words("break do else elseif end for goto if in repeat return then until while"),
  literals: words("true false nil"),
});

const ruby = code({
  lineComments: ["#"],
  keywords: words("alias and begin class def defined? do end ensure module not or self super undef require attr_accessor attr_reader"),
  control: words("break case else elsif for if in next redo rescue retry return then unless until when while yield"),
  literals: words("true false nil"),
  capitalizedTypes: true,
});

/** Named in a fence but unknown here: strings and numbers are still worth colouring. */
const generic = code({});

const byAlias = new Map<string, Grammar>();
function alias(grammar: Grammar, names: string): void {
  for (const name of words(names)) byAlias.set(name, grammar);
}
alias(javascript, "js javascript jsx mjs cjs node ts typescript tsx mts cts deno");
alias(python, "py python python3 py3 gyp ipython");
alias(rust, "rs rust");
alias(go, "go golang");
alias(c, "c h cpp c++ cc cxx hpp hh hxx objc objective-c cs csharp c#");
alias(cLike, "java kotlin kt kts scala swift dart groovy gradle");
alias(php, "php");
alias(shell, "sh bash shell zsh console shellscript fish ksh ps1 powershell pwsh bat cmd makefile make mk");
alias(json, "json jsonc json5 jsonl");
alias(yaml, "yaml yml");
alias(ini, "toml ini cfg conf properties env dotenv editorconfig gitconfig");
alias(sql, "sql mysql postgres postgresql psql sqlite plsql tsql");
alias(css, "css scss sass less");
alias(dockerfile, "dockerfile docker containerfile");
alias(lua, "lua");
alias(ruby, "rb ruby");
alias({ kind: "markup" }, "html htm xml xhtml svg vue svelte plist xaml csproj");
alias({ kind: "diff" }, "diff patch");
alias({ kind: "none" }, "md markdown text txt plaintext plain log output");

export function grammarFor(language: string): Grammar {
  const name = language.trim().toLowerCase();
  if (!name) return { kind: "none" };
  return byAlias.get(name) ?? generic;
}

/** A language's display name for a code block's header ("ts" stays "ts": it is what the model wrote). */
export function languageLabel(language: string): string {
  return language.trim().slice(0, 24);
}
