// Composition root: builds the services and registers what the extension contributes. No logic.
import * as vscode from "vscode";
import { registerBrowserConsent } from "./vscode/tools/browserSetting";
import { configureZod } from "./core/zodSetup";
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

import { registerChat } from "./vscode/chat/index";
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
  context.subscriptions.push(
    log,
    vscode.commands.registerCommand("gptOss.showLogs", () => log.show()),
    vscode.commands.registerCommand("gptOss.openSettings", () => openExtensionSettings()),
  );
  registerModelCommands(context, log);
  const tools = registerWorkspaceTools(context, log);
  const chat = registerChat(context, { host, tools, log });
  context.subscriptions.push(registerStatusBar(host), registerModelHostCommands(host, log, context.secrets), registerServerKeyCommand(context, log));
  context.subscriptions.push(registerBrowserConsent(context.globalState));
  // VS Code's own chat and other extensions reach the same model through vscode.lm.
  context.subscriptions.push(registerLanguageModel(context, host, log));
  context.subscriptions.push(
    registerInlineCompletions({ context, host, log, chatBusy: chat.isBusy }),
    registerCodeActions({ host, log, tools, askInChat: (text, attachments) => chat.ask(text, attachments), isChatBusy: chat.isBusy }),
  );
  // Until a chat has run, the command shows a rendered sample.
  registerRawPrompt(context, () => {
    const prompt = chat.promptConversation;
    return prompt ? segmentsToText(renderConversation(prompt, PRODUCT_RENDER_CONFIG)) : undefined;
  });
  log.info(`gpt-oss Local Assistant ${context.extension.packageJSON.version as string} activated (VS Code ${vscode.version}, ${vscode.env.uiKind === vscode.UIKind.Web ? "web" : "desktop"}).`);
}

/** Frees the model (and its memory) before the extension host goes away. */
export async function deactivate(): Promise<void> {
  await host?.dispose();
  host = undefined;
}
