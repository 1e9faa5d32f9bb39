// What the chat's agent gets beyond our own tools: MCP servers' and other extensions' tools, and
// checkpoints before its changes. Built once with the extension, disposed with it.
import * as path from "node:path";
import * as vscode from "vscode";
import type { CheckpointHook } from "../../core/agent/checkpointApprover";
import type { AnyTool } from "../../core/tools/contract";
import type { Log } from "../log";
import { applyToolChoice, sourceIsOn } from "../../core/tools/toolChoice";
import { ChatCheckpoints, type TakenCheckpoint } from "./checkpoints";
import { pickTools, readToolChoice, type ToolSet } from "./toolPicker";
import { extensionTools } from "./extensionTools";
import { McpSource } from "./mcpSource";

export interface AgentSources {
  /**
   * Our tools and the outside ones for a trusted workspace, by source, and lines for the chat about
   * servers that failed or were not started. Asks before starting a server of mcp.json the first time.
   */
  toolSets(ownTools: readonly AnyTool[]): Promise<{ sets: ToolSet[]; notices: string[] }>;
  /** The tools the user left on in the tool picker. */
  chosen(sets: readonly ToolSet[]): AnyTool[];
  /** Opens the tool picker. */
  pickTools(ownTools: readonly AnyTool[]): Promise<void>;
  /** The checkpoint hook for one message; undefined when no folder is on disk. */
  checkpointHook(label: string, taken: (checkpoints: TakenCheckpoint[]) => void, failed: (error: unknown) => void): CheckpointHook | undefined;
  /** Restore (after asking) or compare one message's checkpoints; restore resolves to the files restored. */
  restoreCheckpoint(taken: readonly TakenCheckpoint[]): Promise<number | undefined>;
  compareCheckpoint(taken: readonly TakenCheckpoint[]): Promise<void>;
}

export function createAgentSources(context: vscode.ExtensionContext, log: Log): AgentSources {
  const mcp = new McpSource(log, context.workspaceState);
  const checkpoints = new ChatCheckpoints(path.join(context.globalStorageUri.fsPath, "checkpoints"), log);
  context.subscriptions.push(mcp, checkpoints);
  const toolSets = async (ownTools: readonly AnyTool[], ask = true) => {
    const sets: ToolSet[] = [{ source: "builtin", label: "gpt-oss Local (built in)", tools: ownTools }];
    if (!vscode.workspace.isTrusted) return { sets, notices: [] };
    const reserved = ownTools.map((t) => t.name);
    const choice = readToolChoice(context.workspaceState);
    const { servers, notStarted, problems } = await mcp.servers(reserved, { ask, turnedOff: (server) => !sourceIsOn(choice, `mcp:${server}`) });
    for (const server of servers) sets.push({ source: `mcp:${server.server}`, label: `MCP server ${server.server}`, tools: server.tools, ...(server.error ? { error: server.error } : {}) });
    for (const server of notStarted) sets.push({ source: `mcp:${server.server}`, label: `MCP server ${server.server}`, tools: [], notStarted: server.why, ...(server.turnedOff ? { turnedOff: true } : {}) });
    const fromExtensions = extensionTools([...reserved, ...servers.flatMap((s) => s.tools.map((t) => t.name))]);
    if (fromExtensions.length) sets.push({ source: "extensions", label: "Other extensions", tools: fromExtensions });
    return { sets, notices: [...problems, ...servers.flatMap((s) => (s.error ? [s.error] : []))] };
  };
  return {
    toolSets,
    chosen(sets) {
      const choice = readToolChoice(context.workspaceState);
      return sets.flatMap((set) => applyToolChoice(set.tools, choice, () => set.source));
    },
    async pickTools(ownTools) {
      // The picker asks nobody: a server not allowed yet is listed, and checking it there allows it;
      // a server turned off there is listed too, and checking it turns it back on (consent as before).
      await pickTools(context.workspaceState, (await toolSets(ownTools, false)).sets, (source) => mcp.allow(source.replace(/^mcp:/, "")));
    },
    checkpointHook: (label, taken, failed) => checkpoints.hookFor(label, taken, failed),
    restoreCheckpoint: (taken) => checkpoints.restoreTaken(taken),
    compareCheckpoint: (taken) => checkpoints.compareTaken(taken),
  };
}
