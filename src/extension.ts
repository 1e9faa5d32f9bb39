// Composition root: builds the services and registers what the extension contributes. No logic.
import * as vscode from "vscode";
import { configureZod } from "./core/zodSetup";
import { ChatViewProvider } from "./vscode/chatViewProvider";
import { ModelHost } from "./engine/modelHost";
import { idleUnloadMs, resolveEngineOptions } from "./vscode/engineSettings";
import { createLog } from "./vscode/log";
import { registerModelCommands } from "./vscode/modelCommands";
import { openExtensionSettings } from "./vscode/modelSetting";
import { registerModelHostCommands } from "./vscode/modelHostCommands";
import { registerRawPrompt } from "./vscode/rawPrompt";
import { registerServerKeyCommand } from "./vscode/serverSettings";
import { registerStatusBar } from "./vscode/statusBar";
import { registerWorkspaceTools } from "./vscode/tools/index";
import { ChatSession } from "./vscode/chat/chatSession";
import { ChatHistory, historyFolder } from "./vscode/chat/chatHistory";
import { PRODUCT_RENDER_CONFIG, renderConversation, segmentsToText } from "./core/harmony/index";
import { registerInlineCompletions } from "./vscode/completions/index";
import { registerCodeActions } from "./vscode/codeActions/index";
import { registerLanguageModel } from "./vscode/languageModel/index";

let host: ModelHost | undefined;

export function activate(context: vscode.ExtensionContext): void {
  configureZod();
  const log = createLog();
  // The one model every feature shares; node-llama-cpp is imported on its first load, not here.
  host = new ModelHost({
    resolveOptions: () => resolveEngineOptions(context, log),
    idleUnloadMs,
    log: (level, message) => log[level](message),
  });
  const chat = new ChatViewProvider(context, log);
  context.subscriptions.push(
    log,
    chat,
    vscode.window.registerWebviewViewProvider(ChatViewProvider.viewId, chat, {
      webviewOptions: { retainContextWhenHidden: false },
    }),
    vscode.commands.registerCommand("gptOss.openChat", () => chat.reveal()),
    vscode.commands.registerCommand("gptOss.showLogs", () => log.show()),
    vscode.commands.registerCommand("gptOss.openSettings", () => openExtensionSettings()),
  );
  registerModelCommands(context, log);
  const tools = registerWorkspaceTools(context, log);
  const history = new ChatHistory(historyFolder(context), () => session, (message) => chat.post(message), log);
  const session = new ChatSession({ host, tools, log, post: (message) => chat.post(message), onTurnBoundary: () => void history.save() });
  chat.attach(session, tools.approvals, history);
  chat.connect(host, tools.environment, tools.approvals);
  // The last conversation comes back after a reload (read from disk, not the model: no load).
  history.restoreLatest().catch((error) => log.error("Restoring the last chat failed", error));
  tools.approvals.notifyWhen = () => !chat.visible;
  context.subscriptions.push(session, registerStatusBar(host), registerModelHostCommands(host, log, context.secrets), registerServerKeyCommand(context, log));
  // VS Code's own chat and other extensions reach the same model through vscode.lm.
  context.subscriptions.push(registerLanguageModel(context, host, log));
  const chatBusy = () => session.busy || session.queued > 0;
  context.subscriptions.push(
    registerInlineCompletions({ context, host, log, chatBusy }),
    registerCodeActions({ host, log, tools, askInChat: (text, attachments) => chat.ask(text, attachments), isChatBusy: chatBusy }),
  );
  // Until a chat has run, the command shows a rendered sample.
  registerRawPrompt(context, () => {
    const prompt = session.promptConversation;
    return prompt ? segmentsToText(renderConversation(prompt, PRODUCT_RENDER_CONFIG)) : undefined;
  });
  log.info(`gpt-oss Local Assistant ${context.extension.packageJSON.version as string} activated (VS Code ${vscode.version}, ${vscode.env.uiKind === vscode.UIKind.Web ? "web" : "desktop"}).`);
}

/** Frees the model (and its memory) before the extension host goes away. */
export async function deactivate(): Promise<void> {
  await host?.dispose();
  host = undefined;
}
