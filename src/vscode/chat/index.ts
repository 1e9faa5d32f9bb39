// The sidebar chat, assembled: the view port, the session, the saved history and the view
// provider, each built with what it needs; the rest of the extension gets only what it asks of
// the chat.
import * as vscode from "vscode";
import type { Conversation } from "../../core/harmony/index";
import type { Attachment } from "../../core/protocol";
import type { ModelHost } from "../../engine/modelHost";
import { ChatViewProvider } from "../chatViewProvider";
import { createAgentSources } from "../agent/index";
import { ChatAgentActions } from "./agentActions";
import type { Log } from "../log";
import type { WorkspaceTools } from "../tools/index";
import { ChatHistory, historyFolder } from "./chatHistory";
import { ChatSession } from "./chatSession";
import { ChatViewPort } from "./chatViewPort";

export interface ChatDeps {
  host: ModelHost;
  tools: WorkspaceTools;
  log: Log;
}

/** What the other features use of the chat. */
export interface Chat {
  /** Shows the chat and sends a message with context, as if typed there. */
  ask(text: string, attachments?: readonly Attachment[]): Promise<void>;
  /** A turn is running or waiting: code actions and completions defer to it. */
  isBusy(): boolean;
  /** The conversation last sent to the model, for "Show Raw Prompt". */
  readonly promptConversation: Conversation | undefined;
}

/** Registers the chat view and its command; everything is disposed with the extension. */
export function registerChat(context: vscode.ExtensionContext, { host, tools, log }: ChatDeps): Chat {
  const port = new ChatViewPort(log);
  const agent = createAgentSources(context, log);
  const session = new ChatSession({ host, tools, log, agent, post: (message) => port.post(message) });
  const history = new ChatHistory(historyFolder(context), session, (message) => port.post(message), log);
  const agentActions = new ChatAgentActions(agent, session, tools.environment);
  const view = new ChatViewProvider({ context, log, port, session, history, approvals: tools.approvals, host, environment: tools.environment, agentActions });
  context.subscriptions.push(
    view,
    history,
    session,
    vscode.window.registerWebviewViewProvider(ChatViewProvider.viewId, view, {
      webviewOptions: { retainContextWhenHidden: false },
    }),
    vscode.commands.registerCommand("gptOss.openChat", () => view.reveal()),
  );
  // The last conversation comes back after a reload (read from disk, not the model: no load).
  history.restoreLatest().catch((error) => log.error("Restoring the last chat failed", error));
  // While the chat is on screen its approval card asks; otherwise a notification does too.
  tools.approvals.notifyWhen = () => !port.visible;
  return {
    ask: (text, attachments) => view.ask(text, attachments),
    isBusy: () => session.busy || session.queued > 0,
    get promptConversation() {
      return session.promptConversation;
    },
  };
}
