// Applying a patch's files where there is no WorkspaceEdit (the command-line tool): every file is
// checked first (still the text the patch was computed against; added and moved-to paths still
// free), then written one by one with the environment's atomic single-file writes. A file that
// changes between the check and its write is still refused by that write.
import { ToolError, type PatchFileChange, type ProposedChange } from "../contract";

export interface FileOperations {
  /** The current text, undefined when there is no file. */
  readCurrent(absolute: string): Promise<string | undefined>;
  exists(absolute: string): Promise<boolean>;
  applyEdit(change: Extract<ProposedChange, { kind: "edit" }>): Promise<void>;
  remove(absolute: string): Promise<void>;
}

const STALE = "since the patch was prepared, so nothing was applied. Read the file again and send the patch anew.";

export async function checkPatchFiles(files: readonly PatchFileChange[], ops: Pick<FileOperations, "readCurrent" | "exists">): Promise<void> {
  for (const file of files) {
    if (file.action === "add" || file.movedFrom) {
      if (await ops.exists(file.absolute)) throw new ToolError(`${file.path} already exists (it appeared ${STALE})`);
    }
    if (file.action !== "add") {
      const source = file.movedFrom ?? file;
      const current = await ops.readCurrent(source.absolute);
      if (current === undefined) throw new ToolError(`${source.path} no longer exists ${STALE}`);
      if (current !== file.before) throw new ToolError(`${source.path} changed ${STALE}`);
    }
  }
}

export async function applyPatchFiles(files: readonly PatchFileChange[], ops: FileOperations): Promise<void> {
  await checkPatchFiles(files, ops);
  for (const file of files) {
    if (file.action === "delete") await ops.remove(file.absolute);
    else if (file.action === "add" || file.movedFrom) {
      await ops.applyEdit({ kind: "edit", path: file.path, absolute: file.absolute, before: "", after: file.after, create: true });
      if (file.movedFrom) await ops.remove(file.movedFrom.absolute);
    } else await ops.applyEdit({ kind: "edit", path: file.path, absolute: file.absolute, before: file.before, after: file.after, create: false });
  }
}
