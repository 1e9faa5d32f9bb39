// create_file: a new file with the given content. It never overwrites: changing an existing file
// goes through edit_file's exact-match rules, so the model cannot wipe a file it has not read.
import * as z from "zod";
import { ToolError, type ProposedChange, type Tool, type ToolContext, type ToolEnvironment } from "../contract";
import { recheckChangePath } from "../recheckPath";
import { resolveForTool, type ToolPath } from "../resolveForTool";
import { formatBytes, plural } from "../resultCap";
import { splitLines } from "../textLines";
import { utf8ByteLength } from "../utf8Bytes";

const parameters = z.object({
  path: z.string().describe("The new file's path, relative to the workspace folder, e.g. src/utils/format.ts. Missing folders are created."),
  content: z.string().describe("The whole text of the new file."),
});
export type CreateFileParams = z.infer<typeof parameters>;

type EditChange = Extract<ProposedChange, { kind: "edit" }>;

export const createFileTool: Tool<CreateFileParams> = {
  name: "create_file",
  description:
    "Creates a new file with the given content (and any missing folders). It refuses if the file already exists: use edit_file to change an existing file. " +
    "The user reviews the file before it is created. Returns the new file's path and size.",
  parameters,
  risk: "edit",
  invocationMessage: ({ path }) => `Creating ${path}`,

  async prepare(params, { env, signal }): Promise<EditChange> {
    const file = await resolveForTool(env, params.path);
    await refuseExisting(env, file);
    signal.throwIfAborted();
    return { kind: "edit", path: file.display, absolute: file.absolute, before: "", after: params.content, create: true };
  },

  async run(params, context: ToolContext, change?: ProposedChange) {
    const create = change ?? (await createFileTool.prepare!(params, context));
    if (create.kind !== "edit" || !create.create) throw new Error("create_file was given a change it did not prepare");
    await recheckChangePath(context.env, create);
    context.signal.throwIfAborted();
    await context.env.applyEdit(create);
    const lines = splitLines(create.after).length;
    return {
      content: `Created ${create.path} (${plural(lines, "line")}, ${formatBytes(utf8ByteLength(create.after))}).`,
      summary: `Created ${create.path} (${plural(lines, "line")})`,
    };
  },
};

/** Refuses a path where something exists, or under a file (a missing folder that is really a file). */
async function refuseExisting(env: ToolEnvironment, file: ToolPath): Promise<void> {
  const { paths } = env;
  const existing = await env.stat(file.absolute, { followLinks: false }).catch(() => undefined);
  if (existing?.type === "directory") throw new ToolError(`${file.display} is an existing folder. Give a file path inside it.`);
  if (existing) throw new ToolError(`${file.display} already exists. Use edit_file to change it (read it first with read_file).`);
  const root = paths.resolve(file.folder.path);
  for (let dir = paths.dirname(file.absolute); dir.length >= root.length; dir = paths.dirname(dir)) {
    const stat = await env.stat(dir).catch(() => undefined);
    if (stat && stat.type !== "directory") {
      const blocker = paths.relative(root, dir).split(paths.sep).join("/");
      throw new ToolError(`${file.display} cannot be created: ${blocker} is a file, not a folder.`);
    }
    if (stat || dir === root) return;
  }
}
