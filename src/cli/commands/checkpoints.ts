// `gpt-oss-local checkpoints --workspace DIR list|restore ID`: the snapshots `chat --workspace`
// took before the agent's changes, and putting the folder back as it was before one of them.
import { createInterface } from "node:readline/promises";
import { CheckpointError, CheckpointStore, type CheckpointChange } from "../../node/checkpoints/checkpointStore";
import { cliCheckpointRoot } from "../../node/checkpoints/cliStore";
import { workspaceFolder } from "../agent/agentChat";
import { CliError, UsageError, type CliCommand, type CliIO } from "../command";

const SIGN: Record<CheckpointChange["status"], string> = { modified: "M", created: "A", deleted: "D" };

export const checkpointsCommand: CliCommand = {
  name: "checkpoints",
  summary: "List the workspace checkpoints the agent took, or restore one",
  usage: [
    "Usage: gpt-oss-local checkpoints --workspace DIR list",
    "       gpt-oss-local checkpoints --workspace DIR restore ID [--yes]",
    "",
    "`chat --workspace` snapshots the folder before the agent's first change in each run (a shadow",
    "git repository outside the folder; the folder's own .git is never touched; .gitignore is honoured).",
    "`restore` puts the folder back as it was: changed and deleted files return, files created since",
    "are removed. It lists the files and asks first on a terminal; elsewhere give --yes. The state",
    "before the restore is kept as a checkpoint of its own.",
    "",
    "  --checkpoints DIR   where checkpoints are kept (default: $GPT_OSS_LOCAL_CHECKPOINTS, else",
    "                      ~/.local/state/gpt-oss-local/checkpoints)",
  ].join("\n"),

  async run(args, io) {
    let workspace: string | undefined;
    let root: string | undefined;
    let yes = false;
    const words: string[] = [];
    for (let i = 0; i < args.length; i++) {
      const arg = args[i]!;
      if (arg === "--workspace" || arg === "--checkpoints") {
        const value = args[++i];
        if (value === undefined) throw new UsageError(`${arg} needs a value.`);
        if (arg === "--workspace") workspace = value;
        else root = value;
      } else if (arg === "--yes") yes = true;
      else if (arg.startsWith("-")) throw new UsageError(`unknown option "${arg}".`);
      else words.push(arg);
    }
    if (workspace === undefined) throw new UsageError("which workspace? Give --workspace DIR.");
    const [action, id, ...rest] = words;
    if (rest.length) throw new UsageError(`unexpected "${rest[0]}".`);
    const folder = await workspaceFolder(workspace);
    const store = new CheckpointStore({ storeRoot: cliCheckpointRoot(root), folder: folder.path });
    try {
      if (action === "list") return await list(store, io);
      if (action === "restore") {
        if (!id) throw new UsageError("restore which checkpoint? Give its ID (from `list`).");
        return await restore(store, id, yes, io);
      }
      throw new UsageError(action ? `unknown action "${action}": list or restore.` : "list or restore?");
    } catch (error) {
      if (error instanceof CheckpointError) throw new CliError(error.message);
      throw error;
    }
  },
};

async function list(store: CheckpointStore, io: CliIO): Promise<number> {
  const all = await store.list();
  if (!all.length) {
    io.err("No checkpoints for this folder yet: they are taken before the agent's first change in a run.");
    return 0;
  }
  for (const checkpoint of all) io.out(`${checkpoint.id.slice(0, 12)}  ${checkpoint.createdAt}  ${checkpoint.label}`);
  return 0;
}

async function restore(store: CheckpointStore, id: string, yes: boolean, io: CliIO): Promise<number> {
  const checkpoint = await store.find(id);
  const changes = await store.changesSince(checkpoint.id);
  if (!changes.length) {
    io.err(`Nothing to restore: the folder is as it was at ${checkpoint.id.slice(0, 12)}.`);
    return 0;
  }
  io.err(`Restoring ${checkpoint.id.slice(0, 12)} (${checkpoint.label}) changes ${changes.length} file(s):`);
  for (const change of changes) io.err(`  ${SIGN[change.status]} ${change.path}`);
  if (!yes) {
    if (!process.stdin.isTTY) throw new CliError("Not restored: confirm with --yes (there is no terminal to ask on).");
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    const answer = await rl.question("Restore these files? [y/N] ").finally(() => rl.close());
    if (!/^y(es)?$/i.test(answer.trim())) {
      io.err("Not restored.");
      return 1;
    }
  }
  const done = await store.restore(checkpoint.id);
  io.err(`Restored ${done.changes.length} file(s).${done.before ? ` The state before is checkpoint ${done.before.id.slice(0, 12)}.` : ""}`);
  return 0;
}
