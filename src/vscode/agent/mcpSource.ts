// The chat's MCP servers: each workspace folder's .vscode/mcp.json (VS Code's own file) and the
// user's `gptOss.mcp.servers` setting. Started on the first message that needs tools, stopped with
// the extension, rebuilt when a config changes. In Restricted Mode none start: a repository the user
// does not trust must not get to run programs through its mcp.json.
import * as os from "node:os";
import * as vscode from "vscode";
import { mergeMcpConfigs, parseMcpConfig, type McpConfig } from "../../core/mcp/config";
import { McpHub, type McpServerTools } from "../../node/mcp/mcpHub";
import type { Log } from "../log";

export class McpSource implements vscode.Disposable {
  private hub: McpHub | undefined;
  private listed: Promise<McpServerTools[]> | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly log: Log) {
    const watcher = vscode.workspace.createFileSystemWatcher("**/.vscode/mcp.json");
    const reset = () => void this.reset();
    this.disposables.push(
      watcher,
      watcher.onDidChange(reset),
      watcher.onDidCreate(reset),
      watcher.onDidDelete(reset),
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration("gptOss.mcp.servers") && reset()),
      vscode.workspace.onDidChangeWorkspaceFolders(reset),
      vscode.workspace.onDidGrantWorkspaceTrust(reset),
    );
  }

  /** Every server's tools (starting them the first time), named uniquely beside `reserved`. */
  async servers(reserved: readonly string[]): Promise<{ servers: McpServerTools[]; problems: string[] }> {
    if (!vscode.workspace.isTrusted) return { servers: [], problems: [] };
    if (!this.hub) {
      const config = await this.readConfig();
      this.hub = new McpHub(config);
      for (const problem of config.problems) this.log.warn(`MCP: ${problem}`);
    }
    const hub = this.hub;
    this.listed ??= hub.serverTools(reserved);
    const servers = await this.listed;
    for (const server of servers) if (server.error) this.log.warn(server.error);
    // A server that failed to start is tried again on the next message.
    if (servers.some((s) => s.error)) this.listed = undefined;
    return { servers, problems: hub.config.problems };
  }

  private async readConfig(): Promise<McpConfig> {
    const configs: McpConfig[] = [];
    const setting = vscode.workspace.getConfiguration("gptOss.mcp").inspect<Record<string, unknown>>("servers")?.globalValue;
    if (setting && Object.keys(setting).length) configs.push(parseMcpConfig({ servers: setting }, "the gptOss.mcp.servers setting", { userHome: os.homedir() }));
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const uri = vscode.Uri.joinPath(folder.uri, ".vscode", "mcp.json");
      let text: string;
      try {
        text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      } catch {
        continue;
      }
      configs.push(parseMcpConfig(text, vscode.workspace.asRelativePath(uri, true), { workspaceFolder: folder.uri.fsPath, userHome: os.homedir() }));
    }
    return mergeMcpConfigs(...configs);
  }

  private async reset(): Promise<void> {
    const hub = this.hub;
    this.hub = undefined;
    this.listed = undefined;
    await hub?.dispose();
  }

  dispose(): void {
    void this.reset();
    for (const d of this.disposables) d.dispose();
  }
}
