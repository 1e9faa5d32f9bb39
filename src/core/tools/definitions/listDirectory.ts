// list_directory: one folder's entries, folders first. Secret files are listed (knowing that a
// .env exists helps the model explain a setup) but marked, so it does not try to open them.
import { specialFileMessage } from "../fileKind";
import { visibleName } from "../visibleText";
import * as z from "zod";
import { ToolError, type DirectoryEntry, type Tool } from "../contract";
import { meansWholeWorkspace, resolveForTool, secretFilterFor } from "../resolveForTool";
import { capText, formatBytes, formatCount, plural } from "../resultCap";

/** Entries per call; node_modules-sized folders are better explored with find_files. */
export const LIST_DIRECTORY_MAX_ENTRIES = 1000;

const parameters = z.object({
  path: z
    .string()
    .optional()
    .describe("The folder to list, relative to the workspace folder, e.g. src/components. Default: the workspace folder itself."),
});
export type ListDirectoryParams = z.infer<typeof parameters>;

export const listDirectoryTool: Tool<ListDirectoryParams> = {
  name: "list_directory",
  description:
    "Lists the files and folders directly inside one workspace folder (not recursive). Use it to find your way around the project or to check a file's exact name. " +
    'Returns one entry per line: folders end with "/", files show their size; entries marked secret exist but tools may not open them.',
  parameters,
  risk: "read",
  invocationMessage: ({ path }) => (meansWholeWorkspace(path) ? "Listing the workspace" : `Listing ${path}`),

  async run(params, { env, signal, maxResultChars }) {
    if (meansWholeWorkspace(params.path) && env.folders.length > 1) {
      const names = env.folders.map((folder) => `${folder.name}/`);
      return {
        content: `The workspace has ${env.folders.length} folders. Start paths with a folder's name, such as ${env.folders[0]!.name}/src:\n${names.join("\n")}`,
        summary: `${plural(env.folders.length, "workspace folder")}`,
      };
    }
    const dir = await resolveForTool(env, meansWholeWorkspace(params.path) ? "." : params.path!, { mustExist: true });
    const info = await env.stat(dir.absolute);
    if (info?.special) throw new ToolError(specialFileMessage(dir.display, info.special));
    if (info?.type !== "directory") {
      throw new ToolError(`${dir.display} is a file, not a folder. Use read_file to read it.`);
    }
    const entries = sortEntries(await env.readDirectory(dir.absolute));
    signal.throwIfAborted();
    const label = dir.relative === "." ? (env.folders.length > 1 ? `${dir.display}/` : "The workspace folder") : `${dir.display}/`;
    if (entries.length === 0) return { content: `${label} is empty.`, summary: `${dir.display} is empty` };

    const isSecret = secretFilterFor(env);
    const folders = entries.filter((entry) => entry.type === "directory").length;
    const lines = entries.slice(0, LIST_DIRECTORY_MAX_ENTRIES).map((entry) => {
      const relative = dir.relative === "." ? entry.name : `${dir.relative}/${entry.name}`;
      return describeEntry(entry) + (isSecret(relative) ? "  [secret: tools may not open it]" : "");
    });
    const counts = `${plural(folders, "folder")} and ${plural(entries.length - folders, "file")}`;
    const more = entries.length - lines.length;
    let body = `${label} holds ${counts}:\n${lines.join("\n")}`;
    if (more > 0) body += `\n[… and ${formatCount(more)} more entries not shown. Use find_files with a pattern to narrow down.]`;
    const capped = capText(body, maxResultChars, "[The list was cut here to fit. Use find_files with a pattern to narrow down.]");
    return {
      content: capped.text,
      summary: `${counts} in ${dir.display}`,
      ...(capped.truncated || more > 0 ? { truncated: true } : {}),
    };
  },
};

function describeEntry(entry: DirectoryEntry): string {
  // One line per entry, whatever the name holds: a newline in it must not make a second line.
  const name = visibleName(entry.name);
  switch (entry.type) {
    case "directory":
      return `${name}/`;
    case "file":
      return entry.size === undefined ? name : `${name}  (${formatBytes(entry.size)})`;
    case "symlink":
      return `${name}  (symbolic link)`;
    default:
      return `${name}  (special file: tools do not open it)`;
  }
}

/** Folders first, then the rest; by name, case-insensitively, so the order is stable everywhere. */
function sortEntries(entries: DirectoryEntry[]): DirectoryEntry[] {
  const rank = (entry: DirectoryEntry) => (entry.type === "directory" ? 0 : 1);
  return [...entries].sort((a, b) => rank(a) - rank(b) || a.name.toLowerCase().localeCompare(b.name.toLowerCase()) || (a.name < b.name ? -1 : 1));
}
