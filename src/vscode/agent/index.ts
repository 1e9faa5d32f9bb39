// What the chat's agent gets beyond our own tools: MCP servers' and other extensions' tools, and
// checkpoints before its changes. Built once with the extension, disposed with it.
import * as path from "node:path";
import * as vscode from "vscode";
import type { CheckpointHook } from "../../core/agent/checkpointApprover";
import type { AnyTool } from "../../core/tools/contract";
import type { Log } from "../log";
import { ChatCheckpoints } from "./checkpoints";
import { extensionTools } from "./extensionTools";
import { McpSource } from "./mcpSource";

export interface AgentSources {
  /** Outside tools for a trusted workspace, and lines for the chat about servers that failed. */
  externalTools(reserved: readonly string[]): Promise<{ tools: AnyTool[]; notices: string[] }>;
  /** The checkpoint hook for one message; undefined when no folder is on disk. */
  checkpointHook(label: string, failed: (error: unknown) => void): CheckpointHook | undefined;
}

export function createAgentSources(context: vscode.ExtensionContext, log: Log): AgentSources {
  const mcp = new McpSource(log);
  const checkpoints = new ChatCheckpoints(path.join(context.globalStorageUri.fsPath, "checkpoints"), log);
  context.subscriptions.push(mcp, checkpoints);
  return {
    async externalTools(reserved) {
      if (!vscode.workspace.isTrusted) return { tools: [], notices: [] };
      const { servers, problems } = await mcp.servers(reserved);
      const fromServers = servers.flatMap((s) => s.tools);
      const fromExtensions = extensionTools([...reserved, ...fromServers.map((t) => t.name)]);
      const notices = [...problems, ...servers.flatMap((s) => (s.error ? [s.error] : []))];
      return { tools: [...fromServers, ...fromExtensions], notices };
    },
    checkpointHook: (label, failed) => checkpoints.hookFor(label, failed),
  };
}
