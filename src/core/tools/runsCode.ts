// Files that make tools (or the editor, a shell, git) run code later: an edit to one of them is as
// strong as run_command, so it is always put to the user, whatever "Always allow" says for
// edit_file and create_file. A cloned repository or one approved edit must not be able to switch
// on commands without asking (.vscode/settings.json), run a task when the folder opens
// (tasks.json "runOn": "folderOpen"), run code on cd (.envrc for direnv, mise), or on commit
// (git hooks, husky), or on `npm install`/`npm test` (package.json scripts).
import { visibleName } from "./visibleText";
import { compileGlob, pathSegments, type PathGlob } from "./glob";
import type { ProposedChange } from "./contract";

interface RunsCodeRule {
  readonly pattern: string;
  /** Said to the user in the approval: why this edit asks. */
  readonly why: string;
}

const RULES: readonly RunsCodeRule[] = [
  { pattern: ".vscode/settings.json", why: "it is VS Code's workspace settings, which can turn on tools and commands" },
  { pattern: ".vscode/tasks.json", why: "VS Code tasks run commands, some as soon as the folder opens" },
  { pattern: ".vscode/launch.json", why: "launch configurations run programs and pre-launch tasks" },
  { pattern: ".vscode/mcp.json", why: "the MCP servers it names are programs the assistant starts with the next message" },
  { pattern: "AGENTS.md", why: "it is the project's instructions to the assistant, read into every later prompt" },
  { pattern: ".github/copilot-instructions.md", why: "it is the project's instructions to the assistant, read into every later prompt" },
  { pattern: "*.code-workspace", why: "a workspace file holds settings and tasks that can run commands" },
  { pattern: ".devcontainer/**", why: "a dev container runs its commands when it is built or opened" },
  { pattern: ".envrc", why: "direnv runs it as a shell script when you enter the folder" },
  { pattern: ".env.sh", why: "shells source it" },
  { pattern: "mise.toml", why: "mise runs its hooks and tasks in the folder" },
  { pattern: ".mise.toml", why: "mise runs its hooks and tasks in the folder" },
  { pattern: ".git/hooks/**", why: "git runs its hooks as programs" },
  { pattern: ".husky/**", why: "husky runs these as git hooks" },
  { pattern: ".githooks/**", why: "these are git hooks" },
  { pattern: ".pre-commit-config.yaml", why: "pre-commit runs the hooks it names on every commit" },
  { pattern: ".lefthook.yml", why: "lefthook runs the commands it names as git hooks" },
  { pattern: "lefthook.yml", why: "lefthook runs the commands it names as git hooks" },
  { pattern: ".npmrc", why: "npm settings can point installs and scripts elsewhere" },
  { pattern: ".yarnrc.yml", why: "yarn settings can load plugins (code) and change where packages come from" },
];

const PACKAGE_JSON = compileGlob("package.json", { caseInsensitive: true });
/** package.json fields whose commands npm, git hooks or tools run. */
const PACKAGE_RUN_FIELDS = ["scripts", "bin", "husky", "simple-git-hooks", "gitHooks", "lint-staged", "pre-commit", "config"] as const;

const COMPILED: ReadonlyArray<{ glob: PathGlob; why: string }> = RULES.map((rule) => ({ glob: compileGlob(rule.pattern, { caseInsensitive: true }), why: rule.why }));

/**
 * Why this change must be asked about even when its tool is always allowed, or undefined when
 * "Always allow" may answer. Paths are as the change names them ("/" separators).
 */
export function runsCodeReason(change: ProposedChange): string | undefined {
  if (change.kind === "patch") {
    // apply_patch: each file it adds, changes, deletes or moves (either end of a move), as an edit.
    for (const file of change.files) {
      for (const path of file.movedFrom ? [file.movedFrom.path, file.path] : [file.path]) {
        const why = runsCodeReason({ kind: "edit", path, absolute: file.absolute, before: file.before, after: file.after, create: file.action === "add" });
        if (why) return why;
      }
    }
    return undefined;
  }
  if (change.kind !== "edit") return undefined;
  const segments = pathSegments(change.path);
  for (let start = 0; start < segments.length; start++) {
    // Any tail of the path: "lib/.vscode/tasks.json" in a multi-root workspace is a folder's own.
    const tail = segments.slice(start);
    const hit = COMPILED.find((rule) => rule.glob.matches(tail));
    if (hit) return `${visibleName(change.path)} configures code to run: ${hit.why}.`;
  }
  if (PACKAGE_JSON.matches(segments)) {
    const fields = changedRunFields(change.before, change.after);
    if (fields.length > 0) return `${visibleName(change.path)}: this edit changes ${fields.map((f) => (f.includes(" ") ? f : `"${f}"`)).join(", ")}, which npm or git hooks run.`;
  }
  return undefined;
}

/** The run fields that differ (all present ones when the text before was not a JSON object). */
function changedRunFields(before: string, after: string): string[] {
  const b = parseObject(after);
  // Not JSON after the edit: npm refuses such a file, but the next edit may fix it; ask.
  if (!b) return ["the whole file, which is not valid JSON after this edit"];
  const a = parseObject(before) ?? {};
  return PACKAGE_RUN_FIELDS.filter((field) => JSON.stringify(a[field]) !== JSON.stringify(b[field]));
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
