// The names and argument shapes gpt-oss reaches for from its training, mapped to our real tools,
// so a call the model makes by habit runs instead of failing: `repo_browser.*` (open_file,
// search, print_tree, list_dir, apply_patch), `container.exec` / `shell` / `exec` / `bash`
// (argv arrays, `bash -lc` wrappers), a declared tool called without `functions.`, and
// arguments such as `line_start`/`line_end`, `cmd`, `workdir`. The mapped call goes through the
// same validation and approval as a direct one; the tool card names the real tool.
import { FUNCTIONS_NAMESPACE } from "../harmony/index";
import type { AnyTool } from "../tools/contract";

/** Trained recipient -> our tool's name. */
export const TRAINED_ALIASES: Readonly<Record<string, string>> = {
  "repo_browser.open_file": "read_file",
  "repo_browser.search": "search_text",
  "repo_browser.print_tree": "list_directory",
  "repo_browser.list_dir": "list_directory",
  "repo_browser.apply_patch": "apply_patch",
  "container.exec": "run_command",
  shell: "run_command",
  exec: "run_command",
  bash: "run_command",
};

/** The recipients that reach a tool in `tools`: functions.NAME, and each alias whose tool is there. */
export function allowedRecipients(tools: readonly AnyTool[]): string[] {
  const names = new Set(tools.map((tool) => tool.name));
  const aliases = Object.entries(TRAINED_ALIASES)
    .filter(([, target]) => names.has(target))
    .map(([alias]) => alias);
  return [...[...names].map((name) => `${FUNCTIONS_NAMESPACE}.${name}`), ...aliases];
}

/** The trained aliases that reach one of `functions` (declared function names): allowed header recipients. */
export function trainedAliasesFor(functions: readonly string[]): string[] {
  return Object.entries(TRAINED_ALIASES)
    .filter(([, target]) => functions.includes(target))
    .map(([alias]) => alias);
}

export interface ResolvedRecipient<T extends { name: string } = AnyTool> {
  tool: T;
  /** The name the model used, when it was not `functions.<tool name>`. */
  alias?: string;
}

/**
 * The tool a recipient means: `functions.NAME`, then `NAME` alone, then a trained alias (with or
 * without `functions.` in front). A shell-like call that carries a patch goes to apply_patch, as
 * gpt-oss often sends `apply_patch <<'EOF'` through its shell tool.
 */
export function resolveRecipient<T extends { name: string }>(recipient: string, callable: readonly T[], argumentsText = ""): ResolvedRecipient<T> | undefined {
  const byName = (name: string) => callable.find((tool) => tool.name === name);
  const trimmed = recipient.trim();
  const bare = trimmed.startsWith(`${FUNCTIONS_NAMESPACE}.`) ? trimmed.slice(FUNCTIONS_NAMESPACE.length + 1) : trimmed;
  const direct = byName(bare);
  if (direct) {
    if (direct.name === "run_command" && argumentsText.includes("*** Begin Patch")) {
      const patch = byName("apply_patch");
      if (patch) return { tool: patch, alias: trimmed };
    }
    return bare === trimmed ? { tool: direct, alias: trimmed } : { tool: direct };
  }
  const target = TRAINED_ALIASES[bare];
  if (target === undefined) return undefined;
  const wanted = target === "run_command" && argumentsText.includes("*** Begin Patch") && byName("apply_patch") ? "apply_patch" : target;
  const tool = byName(wanted);
  return tool ? { tool, alias: trimmed } : undefined;
}

/** A word the shell reads as itself, else single-quoted. */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_\-+=.,/:@%^]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

const SHELLS = /^(?:\/(?:usr\/)?bin\/)?(?:ba|z|da)?sh$/;

/**
 * A command line from what the model sent: a string as is; an argv array joined with quoting,
 * except `["bash", "-lc", script]` (and `sh -c`, `bash -c`...) which is the script itself.
 */
export function commandLine(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (!Array.isArray(value) || value.length === 0 || !value.every((v) => typeof v === "string")) return undefined;
  const argv = value as string[];
  if (argv.length === 3 && SHELLS.test(argv[0]!) && /^-l?c$|^-cl$/.test(argv[1]!)) return argv[2];
  return argv.map(shellQuote).join(" ");
}

/**
 * Arguments in the trained shapes rewritten to the tool's own names. Only names the tool does not
 * have are rewritten; anything else is left for the schema to judge (and explain). `properties`:
 * the parameter names of a tool declared by someone else under one of our tools' names (a
 * vscode.lm request's): a name is then rewritten only into one that schema has, and never
 * rewritten or dropped when that schema has it.
 */
export function adaptArguments(toolName: string, value: unknown, properties?: ReadonlySet<string>): unknown {
  if (!value || typeof value !== "object" || Array.isArray(value)) return value;
  const args: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  const own = (name: string) => properties?.has(name) ?? false;
  const renamed = (record: Record<string, unknown>, from: string, to: string) => {
    if (own(from) || (properties !== undefined && !own(to))) return;
    if (record[to] === undefined && record[from] !== undefined) record[to] = record[from];
    if (from !== to) delete record[from];
  };
  const drop = (name: string) => {
    if (!own(name)) delete args[name];
  };
  switch (toolName) {
    case "read_file":
      for (const from of ["file", "file_path", "filepath", "filename"]) renamed(args, from, "path");
      renamed(args, "line_start", "start_line");
      renamed(args, "line_end", "end_line");
      break;
    case "list_directory":
      for (const from of ["dir", "directory", "folder"]) renamed(args, from, "path");
      drop("depth");
      break;
    case "search_text":
      for (const from of ["pattern", "q", "text"]) renamed(args, from, "query");
      renamed(args, "topn", "max_results");
      break;
    case "run_command": {
      if (properties !== undefined && !own("command")) break;
      const line = commandLine(args.command) ?? commandLine(args.cmd);
      if (line !== undefined) args.command = line;
      drop("cmd");
      renamed(args, "workdir", "cwd");
      renamed(args, "working_directory", "cwd");
      drop("timeout");
      drop("timeout_ms");
      break;
    }
  }
  return args;
}
