// The ripgrep side of find_files and search_text that needs no process: the flags both share and
// how to read ripgrep's exit. Running it (streamed, stopped early, cancellable) is the Node
// layer's: src/node/tools/ripgrep.ts, reached through ToolEnvironment.runRipgrep.
import type { RipgrepOutcome, ToolEnvironment } from "./contract";
import type { SecretFilter } from "./resolveForTool";

/**
 * Flags both tools share: no user config (its flags would change the output format), .gitignore
 * honoured even outside a git repository, hidden files included (.github, .eslintrc) except
 * `.git` when the secret policy covers it, and the environment's excludes (as "!" globs: only
 * ripgrep's include globs override .gitignore, see includeGlob.ts). Symbolic links are not
 * followed (ripgrep's default), so a link to a file outside, or to .env, is never opened.
 */
export function commonRipgrepArgs(env: Pick<ToolEnvironment, "excludeGlobs">, isSecret: SecretFilter): string[] {
  const args = ["--no-config", "--no-require-git", "--hidden", "--no-messages"];
  if (isSecret(".git/config")) args.push("--glob", "!.git");
  for (const glob of env.excludeGlobs) if (glob.trim() !== "") args.push("--glob", `!${glob}`);
  return args;
}

/** Whether ripgrep's exit says the search itself failed (as opposed to "no matches"). */
export function ripgrepFailure(outcome: RipgrepOutcome, gotResults: boolean): string | undefined {
  if (outcome.exitCode !== 2 || gotResults) return undefined;
  const text = outcome.stderr.trim();
  if (text === "" || /No files were searched/.test(text)) return undefined;
  return text.split("\n").slice(0, 8).join("\n");
}
