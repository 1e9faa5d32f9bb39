// The chat view's actions on what the agent used: open an instructions file, restore or compare a
// turn's checkpoint, pick tools. Paths from the view pass the same gate as the tools'.
import * as vscode from "vscode";
import { modelToolSet } from "../../core/tools/modelTools";
import { availableTools } from "../../core/tools/registry";
import { resolveForTool } from "../../core/tools/resolveForTool";
import type { AgentSources } from "../agent/index";
import type { VscodeToolEnvironment } from "../tools/vscodeToolEnvironment";
import type { ChatSession } from "./chatSession";

export class ChatAgentActions {
  constructor(
    private readonly agent: AgentSources,
    private readonly session: ChatSession,
    private readonly environment: VscodeToolEnvironment,
  ) {}

  async openWorkspaceFile(path: string): Promise<void> {
    const resolved = await resolveForTool(this.environment, path, { mustExist: true });
    await vscode.window.showTextDocument(vscode.Uri.file(resolved.absolute), { preview: true });
  }

  async restoreCheckpoint(turnId: string): Promise<void> {
    const taken = this.session.checkpointsOf(turnId);
    if (!taken) throw new Error("This message has no checkpoint.");
    const files = await this.agent.restoreCheckpoint(taken);
    if (files !== undefined) this.session.noteRestored(turnId, files);
  }

  async compareCheckpoint(turnId: string): Promise<void> {
    const taken = this.session.checkpointsOf(turnId);
    if (!taken) throw new Error("This message has no checkpoint.");
    await this.agent.compareCheckpoint(taken);
  }

  pickTools(): Promise<void> {
    // The tools the model is offered (apply_patch rather than edit_file/create_file), as the chat builds them.
    return this.agent.pickTools(modelToolSet(availableTools({ trusted: vscode.workspace.isTrusted, languageServices: true })).declared);
  }
}
