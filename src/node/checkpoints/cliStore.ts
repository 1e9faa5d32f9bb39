// Where the command-line tool keeps checkpoints: `--checkpoints DIR`, else GPT_OSS_LOCAL_CHECKPOINTS,
// else the XDG state folder (~/.local/state/gpt-oss-local/checkpoints). `chat --workspace` writes
// there and `checkpoints` reads there, so one restores what the other recorded.
import os from "node:os";
import path from "node:path";

export function cliCheckpointRoot(option?: string): string {
  if (option) return path.resolve(option);
  const fromEnv = process.env.GPT_OSS_LOCAL_CHECKPOINTS;
  if (fromEnv) return path.resolve(fromEnv);
  const state = process.env.XDG_STATE_HOME || path.join(os.homedir(), ".local", "state");
  return path.join(state, "gpt-oss-local", "checkpoints");
}
