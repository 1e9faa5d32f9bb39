// apply_patch: the edit tool gpt-oss was trained on. One string parameter `input` holding a whole
// patch (parse.ts). prepare() reads every file through the same path and secret policy as
// edit_file, locates every hunk and computes every file's new text, so the user approves one
// change showing each file's diff; run() applies all of it together through the environment.
import * as z from "zod";
import { ToolError, type PatchFileChange, type ProposedChange, type Tool, type ToolContext, type ToolEnvironment } from "../contract";
import { resolveForTool, type ToolPath } from "../resolveForTool";
import { plural } from "../resultCap";
import { changedLineCounts, looksBinary } from "../textLines";
import { applyHunks } from "./applyHunks";
import { extractPatch, parsePatch } from "./parse";

const parameters = z.object({
  input: z.string().describe("The whole patch, from *** Begin Patch to *** End Patch."),
});
export type ApplyPatchParams = z.infer<typeof parameters>;

export const APPLY_PATCH_DESCRIPTION = `Edits files with a patch: change, create, delete or rename one or more files in one call. The user reviews every file's diff before it is applied.
The input is the whole patch in this format:
*** Begin Patch
*** Update File: src/app.py
@@ def greet():
-    print("Hi")
+    print("Hello")
*** End Patch
Sections, any number, each starting with one of:
*** Add File: <path> - a new file; every following line is a line of it, starting with +.
*** Update File: <path> - changes to an existing file, as hunks. Optionally followed by *** Move to: <new path> to rename it.
*** Delete File: <path> - removes the file; nothing follows.
A hunk starts with @@, optionally followed by a line copied from the file that comes before the change (such as a class or function header) to say where it is. Within a hunk each line starts with one character:
" " (a space) for a context line that stays as it is,
"-" for a line to remove,
"+" for a line to add.
Copy context and removed lines exactly from the file, with about 3 lines of context above and below each change; a hunk must match exactly one place. Paths are relative to the workspace folder, never absolute.
Returns the files changed; their new text is as your patch says, so there is no need to read them again.`;

export const applyPatchTool: Tool<ApplyPatchParams> = {
  name: "apply_patch",
  description: APPLY_PATCH_DESCRIPTION,
  parameters,
  risk: "edit",
  // What models send besides {"input": ...}: a raw patch, {"patch": ...}, a heredoc.
  readArguments(text) {
    const patch = extractPatch(text);
    return patch === undefined ? undefined : { input: patch };
  },
  invocationMessage({ input }) {
    try {
      const operations = parsePatch(extractPatch(input) ?? input);
      return operations.length === 1 ? `Patching ${operations[0]!.path}` : `Patching ${operations.length} files`;
    } catch {
      return "Applying a patch";
    }
  },

  async prepare(params, { env, signal }): Promise<Extract<ProposedChange, { kind: "patch" }>> {
    const operations = parsePatch(extractPatch(params.input) ?? params.input);
    const files: PatchFileChange[] = [];
    const touched = new Map<string, string>();
    const claim = (file: ToolPath, as: string) => {
      const earlier = touched.get(file.absolute);
      if (earlier !== undefined) throw new ToolError(`${file.display} appears twice in the patch (${earlier} and ${as}). Put all changes to one file in one section.`);
      touched.set(file.absolute, as);
    };
    for (const operation of operations) {
      signal.throwIfAborted();
      if (operation.type === "add") {
        const file = await resolveForTool(env, operation.path);
        claim(file, `Add File: ${operation.path}`);
        await refuseExisting(env, file, "Add File");
        files.push({ action: "add", path: file.display, absolute: file.absolute, before: "", after: operation.content });
        continue;
      }
      const file = await resolveForTool(env, operation.path, { mustExist: true });
      claim(file, `${operation.type === "delete" ? "Delete" : "Update"} File: ${operation.path}`);
      if ((await env.stat(file.absolute))?.type === "directory") throw new ToolError(`${file.display} is a folder, not a file.`);
      const before = await env.readText(file.absolute);
      if (looksBinary(before)) throw new ToolError(`${file.display} is a binary file; apply_patch only changes text files.`);
      if (operation.type === "delete") {
        files.push({ action: "delete", path: file.display, absolute: file.absolute, before, after: "" });
        continue;
      }
      const { after } = applyHunks(before, operation.hunks, file.display);
      if (operation.moveTo === undefined) {
        files.push({ action: "update", path: file.display, absolute: file.absolute, before, after });
        continue;
      }
      const target = await resolveForTool(env, operation.moveTo);
      claim(target, `Move to: ${operation.moveTo}`);
      await refuseExisting(env, target, "Move to");
      files.push({ action: "update", path: target.display, absolute: target.absolute, before, after, movedFrom: { path: file.display, absolute: file.absolute } });
    }
    return { kind: "patch", files };
  },

  async run(params, context: ToolContext, change?: ProposedChange) {
    const patch = change ?? (await applyPatchTool.prepare!(params, context));
    if (patch.kind !== "patch") throw new Error("apply_patch was given a change it did not prepare");
    // Approval can take minutes: a symbolic link swapped in (or a secret pattern added) must still stop it.
    for (const file of patch.files) {
      for (const place of file.movedFrom ? [file.movedFrom, file] : [file]) {
        const existed = place === file.movedFrom || (file.action !== "add" && !file.movedFrom);
        const now = await resolveForTool(context.env, place.path, { mustExist: existed });
        if (now.absolute !== place.absolute) throw new ToolError(`${place.path} no longer points to the file the patch was prepared for. Nothing was changed; send the patch again.`);
      }
    }
    context.signal.throwIfAborted();
    await context.env.applyPatch(patch.files);
    const lines = patch.files.map(describeFile);
    return {
      content: `Success. Updated the following files:\n${lines.join("\n")}`,
      summary: patch.files.length === 1 ? lines[0]!.slice(2) : `${plural(patch.files.length, "file")} patched`,
    };
  },
};

/** Codex's result lines: "A path", "M path", "D path", plus the size of the change. */
function describeFile(file: PatchFileChange): string {
  const { added, removed } = changedLineCounts(file.before, file.after);
  if (file.action === "add") return `A ${file.path} (${plural(added, "line")})`;
  if (file.action === "delete") return `D ${file.path}`;
  const moved = file.movedFrom ? ` (moved from ${file.movedFrom.path})` : "";
  return `M ${file.path}${moved} (+${added} −${removed})`;
}

async function refuseExisting(env: ToolEnvironment, file: ToolPath, section: string): Promise<void> {
  const existing = await env.stat(file.absolute, { followLinks: false }).catch(() => undefined);
  if (existing?.type === "directory") throw new ToolError(`${section}: ${file.display} is an existing folder.`);
  if (existing) throw new ToolError(`${section}: ${file.display} already exists. Use "*** Update File: ${file.display}" to change it.`);
}
