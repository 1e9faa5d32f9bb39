// The features' composition root (issue 20): builds the services and registers what the extension
// offers, the model host, chat, tools, completions, code actions and vscode.lm. Built into its own
// bundle, dist/features.js, which src/extension.ts loads the first time any of it is used (a
// command, the chat view, a completion request, a vscode.lm call). Its registrations of what the
// startup bundle already answers for reach those stand-ins (src/vscode/startup/featuresVscode.ts).
// No logic.
import * as vscode from "vscode";
import { configureZod } from "./core/zodSetup";
import { PRODUCT_RENDER_CONFIG, renderConversation, segmentsToText } from "./core/harmony/index";
import { ModelHost } from "./engine/modelHost";
import { registerChat } from "./vscode/chat/index";
import { registerCodeActions } from "./vscode/codeActions/index";
import { registerInlineCompletions } from "./vscode/completions/index";
import { idleUnloadMs, resolveEngineOptions } from "./vscode/engineSettings";
import { registerLanguageModel } from "./vscode/languageModel/index";
import type { Log } from "./vscode/log";
import { registerModelCommands } from "./vscode/modelCommands";
import { registerModelHostCommands } from "./vscode/modelHostCommands";
import { openExtensionSettings } from "./vscode/modelSetting";
import { registerRawPrompt } from "./vscode/rawPrompt";
import { registerServerKeyCommand } from "./vscode/serverSettings";
import { useStandIns } from "./vscode/startup/featuresVscode";
import type { StandIns } from "./vscode/startup/standIns";
import { registerStatusBar } from "./vscode/statusBar";
import { browserConsent } from "./vscode/tools/browserSetting";
import { registerWorkspaceTools } from "./vscode/tools/index";

/** What the startup bundle asks of the loaded features. */
export interface Features {
  /** The browser tool was just turned on: ask once for consent. */
  askBrowserConsent(): void;
  /** Frees the model (and its memory) before the extension host goes away. */
  deactivate(): Promise<void>;
}

export function activateFeatures(context: vscode.ExtensionContext, log: Log, standIns: StandIns): Features {
  useStandIns(standIns);
  configureZod();
  // The one model every feature shares; node-llama-cpp is imported on its first load, not here.
  const host = new ModelHost({
    resolveOptions: () => resolveEngineOptions(context, log),
    idleUnloadMs,
    log: (level, message) => log[level](message),
  });
  context.subscriptions.push(
    vscode.commands.registerCommand("gptOss.showLogs", () => log.show()),
    vscode.commands.registerCommand("gptOss.openSettings", () => openExtensionSettings()),
  );
  registerModelCommands(context, log);
  const tools = registerWorkspaceTools(context, log);
  const chat = registerChat(context, { host, tools, log });
  context.subscriptions.push(registerStatusBar(host), registerModelHostCommands(host, log, context.secrets), registerServerKeyCommand(context, log));
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
  return {
    askBrowserConsent: () => void browserConsent(context.globalState),
    deactivate: () => host.dispose(),
  };
}
