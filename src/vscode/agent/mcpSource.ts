// The chat's MCP servers: each workspace folder's .vscode/mcp.json (VS Code's own file) and the
// user's `gptOss.mcp.servers` setting. Started on the first message that needs tools, stopped with
// the extension, rebuilt when a config changes. In Restricted Mode none start: a repository the user
// does not trust must not get to run programs through its mcp.json. Even in a trusted workspace, a
// server from mcp.json starts only once the user allowed that exact configuration (mcpConsent.ts),
// as VS Code's own chat asks; the user's own setting does not ask.
import * as os from "node:os";
import * as vscode from "vscode";
import { mergeMcpConfigs, parseMcpConfig, serverTarget, type McpConfig, type McpServerSpec } from "../../core/mcp/config";
import { McpConsentStore, type McpConsent } from "../../node/mcp/mcpConsent";
import { McpHub, type McpServerTools } from "../../node/mcp/mcpHub";
import type { Log } from "../log";

const USER_SETTING = "the gptOss.mcp.servers setting";

/** A server that was not started: turned off in the tool picker, or (mcp.json) the user said no or has not answered. */
export interface NotStartedServer {
  readonly server: string;
  readonly why: string;
  /** Turned off in the tool picker (rather than waiting for consent). */
  readonly turnedOff?: boolean;
}

export interface McpServers {
  servers: McpServerTools[];
  notStarted: NotStartedServer[];
  /** Lines for the chat: config problems, and each server not started (said once). */
  problems: string[];
}

export class McpSource implements vscode.Disposable {
  private config: Promise<McpConfig> | undefined;
  private hub: McpHub | undefined;
  /** The allowed servers' names the hub was built for. */
  private hubKey = "";
  private listed: Promise<McpServerTools[]> | undefined;
  /** Servers the chat already said were not started (since the config last changed). */
  private readonly reported = new Set<string>();
  private readonly consents: McpConsentStore;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly log: Log,
    workspaceState: vscode.Memento,
  ) {
    this.consents = new McpConsentStore(workspaceState);
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

  /**
   * Every allowed server's tools (starting them the first time), named uniquely beside `reserved`.
   * `ask`: ask about mcp.json servers never answered for (the chat does; the tool picker lists them
   * as not started, to be turned on there). `turnedOff`: servers the user turned off in the tool
   * picker, which neither start nor ask (a running one stops: the hub is rebuilt without it).
   */
  async servers(reserved: readonly string[], options: { ask: boolean; turnedOff: (server: string) => boolean }): Promise<McpServers> {
    if (!vscode.workspace.isTrusted) return { servers: [], notStarted: [], problems: [] };
    this.config ??= this.readConfig().then((config) => {
      for (const problem of config.problems) this.log.warn(`MCP: ${problem}`);
      return config;
    });
    const config = await this.config;
    const allowed: McpServerSpec[] = [];
    const notStarted: NotStartedServer[] = [];
    const notices: string[] = [];
    for (const spec of config.servers) {
      if (options.turnedOff(spec.name)) {
        notStarted.push({ server: spec.name, why: `Turned off in the tool picker: not started (${serverTarget(spec)} from ${spec.source}).`, turnedOff: true });
        continue;
      }
      let consent = spec.source === USER_SETTING ? "allow" : this.consents.consent(spec);
      if (consent === undefined && options.ask) consent = await this.ask(spec);
      if (consent === "allow") {
        allowed.push(spec);
        this.reported.delete(spec.name);
        continue;
      }
      const why =
        consent === "deny"
          ? `Not started: you chose Don't Allow for ${serverTarget(spec)} from ${spec.source}.`
          : `Not started: it asks before starting ${serverTarget(spec)} from ${spec.source}.`;
      notStarted.push({ server: spec.name, why });
      if (options.ask && !this.reported.has(spec.name)) {
        this.reported.add(spec.name);
        notices.push(`MCP server "${spec.name}": ${why} To start it, turn it on in the tool picker (the tools button).`);
      }
    }
    const key = JSON.stringify(allowed.map((s) => s.name));
    if (!this.hub || key !== this.hubKey) {
      const old = this.hub;
      this.hub = new McpHub({ servers: allowed, problems: [] });
      this.hubKey = key;
      this.listed = undefined;
      void old?.dispose();
    }
    this.listed ??= this.hub.serverTools(reserved);
    const servers = await this.listed;
    for (const server of servers) if (server.error) this.log.warn(server.error);
    // A server that failed to start is tried again on the next message.
    if (servers.some((s) => s.error)) this.listed = undefined;
    return { servers, notStarted, problems: [...config.problems, ...notices] };
  }

  /** Remembers "Allow" for a server of mcp.json (from the tool picker); it starts with the next message. */
  async allow(server: string): Promise<void> {
    const spec = (await this.config)?.servers.find((s) => s.name === server);
    if (spec) await this.consents.record(spec, "allow");
  }

  private async ask(spec: McpServerSpec): Promise<McpConsent | undefined> {
    const runs = spec.transport === "stdio" ? `runs ${serverTarget(spec)}` : `connects to ${spec.url}`;
    const choice = await vscode.window.showWarningMessage(
      `Start MCP server "${spec.name}"?`,
      {
        modal: true,
        detail: `It ${runs} from ${spec.source}. A workspace's MCP servers run with your permissions: allow only those you trust. The answer is remembered for this workspace until the server's configuration changes.`,
      },
      "Allow",
      "Don't Allow",
    );
    // Closing the dialog answers nothing: asked again with the next message.
    const consent = choice === "Allow" ? "allow" : choice === "Don't Allow" ? "deny" : undefined;
    if (consent) await this.consents.record(spec, consent);
    this.log.info(`MCP server "${spec.name}": ${consent ?? "no answer"}`);
    return consent;
  }

  private async readConfig(): Promise<McpConfig> {
    const configs: McpConfig[] = [];
    const setting = vscode.workspace.getConfiguration("gptOss.mcp").inspect<Record<string, unknown>>("servers")?.globalValue;
    if (setting && Object.keys(setting).length) configs.push(parseMcpConfig({ servers: setting }, USER_SETTING, { userHome: os.homedir() }));
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
    this.hubKey = "";
    this.config = undefined;
    this.listed = undefined;
    this.reported.clear();
    await hub?.dispose();
  }

  dispose(): void {
    void this.reset();
    for (const d of this.disposables) d.dispose();
  }
}
