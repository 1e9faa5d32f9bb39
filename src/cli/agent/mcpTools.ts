// The command-line agent's MCP tools: `--mcp-config FILE`, else the workspace's .vscode/mcp.json
// when there is one. Servers start before the first turn (the CLI runs one message); their tools
// ask like `edit` does, and `--allow mcp` approves them. The workspace's own mcp.json starts its
// servers only with `--allow mcp` (the consent the chat asks for once): a cloned repository must not
// run programs because someone ran the agent in it. A file named with --mcp-config is the user's
// choice, so it starts.
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseMcpConfig, serverTarget } from "../../core/mcp/config";
import type { AnyTool } from "../../core/tools/contract";
import type { WorkspaceFolderPath } from "../../core/tools/workspacePaths";
import { McpHub } from "../../node/mcp/mcpHub";
import { CliError } from "../command";

export interface CliMcpTools {
  tools: AnyTool[];
  dispose(): Promise<void>;
}

const NONE: CliMcpTools = { tools: [], dispose: async () => {} };

/**
 * `configFile`: the --mcp-config path; undefined for the default; false for --no-mcp.
 * `allowMcp`: --allow mcp was given (the workspace's servers may start).
 */
export async function cliMcpTools(
  folder: WorkspaceFolderPath,
  configFile: string | false | undefined,
  reserved: readonly string[],
  say: (line: string) => void,
  allowMcp: boolean,
): Promise<CliMcpTools> {
  if (configFile === false) return NONE;
  const file = configFile !== undefined ? path.resolve(configFile) : path.join(folder.path, ".vscode", "mcp.json");
  const text = await fs.readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
    if (configFile !== undefined) throw new CliError(`--mcp-config ${configFile}: ${error.code === "ENOENT" ? "no such file" : error.message}.`);
    return undefined;
  });
  if (text === undefined) return NONE;
  const config = parseMcpConfig(text, path.relative(process.cwd(), file) || file, { workspaceFolder: folder.path, userHome: os.homedir() });
  for (const problem of config.problems) say(`mcp: ${problem}`);
  if (!config.servers.length) return NONE;
  if (configFile === undefined && !allowMcp) {
    const names = config.servers.map((s) => `${s.name} (${serverTarget(s)})`).join(", ");
    say(`mcp: not started: ${names} from ${path.relative(process.cwd(), file) || file}; a workspace's MCP servers start with --allow mcp (or name the file with --mcp-config).`);
    return NONE;
  }
  const hub = new McpHub(config);
  const servers = await hub.serverTools(reserved);
  for (const server of servers) {
    if (server.error) say(`mcp: ${server.error}`);
    else say(`mcp: ${server.server}: ${server.tools.map((t) => t.name).join(", ") || "no tools"}`);
  }
  return { tools: servers.flatMap((s) => s.tools), dispose: () => hub.dispose() };
}
