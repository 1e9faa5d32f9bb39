// Composition root: builds the services and registers what the extension contributes. No logic.
import * as vscode from "vscode";
import { configureZod } from "./core/zodSetup";
import { ChatViewProvider } from "./vscode/chatViewProvider";
import { createLog } from "./vscode/log";
import { registerModelCommands } from "./vscode/modelCommands";
import { openExtensionSettings } from "./vscode/modelSetting";
import { registerRawPrompt } from "./vscode/rawPrompt";

export function activate(context: vscode.ExtensionContext): void {
  configureZod();
  const log = createLog();
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
  // Until the chat records what the model last saw, the command shows a rendered sample.
  registerRawPrompt(context, () => undefined);
  log.info(`gpt-oss Local Assistant ${context.extension.packageJSON.version as string} activated (VS Code ${vscode.version}, ${vscode.env.uiKind === vscode.UIKind.Web ? "web" : "desktop"}).`);
}

export function deactivate(): void {}
