// Checks a prepared change's path again just before it is applied: approval can take minutes,
// and a symbolic link swapped in meanwhile (or a secret pattern added) must still stop the write.
import { ToolError, type ProposedChange, type ToolEnvironment } from "./contract";
import { resolveForTool } from "./resolveForTool";

export async function recheckChangePath(env: ToolEnvironment, change: Extract<ProposedChange, { kind: "edit" }>): Promise<void> {
  const now = await resolveForTool(env, change.path, { mustExist: !change.create });
  if (now.absolute !== change.absolute) {
    throw new ToolError(`${change.path} no longer points to the file the change was prepared for. Nothing was changed; prepare the change again.`);
  }
}
