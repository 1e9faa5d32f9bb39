// Runs git on a shadow repository: its own git directory in our storage, the workspace folder as
// its work tree. The workspace's own .git is never read or written (GIT_DIR points elsewhere and
// git skips every `.git` inside a work tree), and nothing from the user's git setup runs: no hooks,
// no signing, no fsmonitor, no pager, no credential helpers.
import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export class CheckpointError extends Error {}

/** Git's own environment variables that would point it at another repository or index. */
const GIT_LOCATION_VARIABLES = /^GIT_(DIR|WORK_TREE|INDEX_FILE|OBJECT_DIRECTORY|ALTERNATE_OBJECT_DIRECTORIES|NAMESPACE|CEILING_DIRECTORIES|COMMON_DIR|CONFIG.*)$/;

let emptyHooks: string | undefined;

export interface ShadowGit {
  /** git with the shadow repository and the workspace folder; resolves stdout (binary-safe as Buffer when asked). */
  run(args: readonly string[], options?: { input?: string }): Promise<string>;
  runBuffer(args: readonly string[]): Promise<Buffer>;
}

export function shadowGit(gitDir: string, workTree: string, gitPath = "git"): ShadowGit {
  emptyHooks ??= mkdtempSync(path.join(os.tmpdir(), "gpt-oss-no-hooks-"));
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!GIT_LOCATION_VARIABLES.test(key)) env[key] = value;
  Object.assign(env, {
    GIT_DIR: gitDir,
    GIT_WORK_TREE: workTree,
    GIT_AUTHOR_NAME: "gpt-oss Local",
    GIT_AUTHOR_EMAIL: "checkpoints@gpt-oss.local",
    GIT_COMMITTER_NAME: "gpt-oss Local",
    GIT_COMMITTER_EMAIL: "checkpoints@gpt-oss.local",
    GIT_TERMINAL_PROMPT: "0",
    GIT_OPTIONAL_LOCKS: "0",
    LC_ALL: "C",
  });
  const base = [
    "-c", `core.hooksPath=${emptyHooks}`,
    "-c", "commit.gpgSign=false",
    "-c", "core.fsmonitor=false",
    "-c", "core.autocrlf=false",
    "-c", "core.safecrlf=false",
    "-c", "core.quotePath=false",
    "-c", "core.longpaths=true",
    "-c", "gc.auto=0",
    "--no-pager",
  ];
  const exec = (args: readonly string[], encoding: "utf8" | "buffer", input?: string) =>
    new Promise<string | Buffer>((resolve, reject) => {
      const child = execFile(gitPath, [...base, ...args], { cwd: workTree, env, encoding, maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) => {
        if (error) {
          const code = (error as NodeJS.ErrnoException).code;
          if (code === "ENOENT") reject(new CheckpointError("Checkpoints need git, and none was found on the PATH. Install git to get checkpoints."));
          else reject(new CheckpointError(`git ${args[0]} failed: ${String(stderr).trim() || error.message}`));
          return;
        }
        resolve(stdout);
      });
      if (input !== undefined) child.stdin?.end(input);
    });
  return {
    run: async (args, options = {}) => String(await exec(args, "utf8", options.input)),
    runBuffer: async (args) => (await exec(args, "buffer")) as Buffer,
  };
}
