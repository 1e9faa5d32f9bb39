import * as vscode from "vscode";
import { HostToWebview, WebviewToHost, parseMessage } from "../core/protocol";
import type { Log } from "./log";
import { describeConfiguredModel } from "../engine/configuredModel";
import { chooseModelFile, openExtensionSettings } from "./modelSetting";
import { chatHtml } from "./webviewHtml";

/** The sidebar chat: owns the webview and speaks to it only through `core/protocol`. */
export class ChatViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  static readonly viewId = "gptOss.chat";

  private view: vscode.WebviewView | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: Log,
  ) {
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration("gptOss.model")) void this.sendModel();
      }),
    );
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    view.webview.options = {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, "media")],
    };
    view.webview.html = chatHtml(view.webview, this.extensionUri);
    this.disposables.push(
      view.webview.onDidReceiveMessage((raw: unknown) => {
        const message = parseMessage(WebviewToHost, raw, (why) => this.log.warn(`Dropped an invalid message from the chat view: ${why}`));
        if (message) void this.handle(message);
      }),
      view.onDidDispose(() => {
        this.view = undefined;
      }),
    );
  }

  /** Reveals the chat view (and with it the activity-bar container). */
  async reveal(): Promise<void> {
    await vscode.commands.executeCommand(`${ChatViewProvider.viewId}.focus`);
  }

  private async handle(message: WebviewToHost): Promise<void> {
    try {
      switch (message.type) {
        case "ready":
          return await this.sendModel();
        case "chooseModelFile":
          return await chooseModelFile(this.log);
        case "openSettings":
          return await openExtensionSettings();
        case "showLogs":
          return this.log.show();
      }
    } catch (error) {
      this.log.error(`Chat view action "${message.type}" failed`, error);
      void vscode.window.showErrorMessage(`gpt-oss: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private async sendModel(): Promise<void> {
    const setting = vscode.workspace.getConfiguration("gptOss").get<string>("model", "");
    this.post({ type: "model", model: await describeConfiguredModel(setting) });
  }

  private post(message: HostToWebview): void {
    // Validated on the way out too: a bug here should show in the log, not as a blank view.
    const checked = parseMessage(HostToWebview, message, (why) => this.log.error(`Refused to send an invalid message to the chat view: ${why}`));
    if (checked && this.view) void this.view.webview.postMessage(checked);
  }

  dispose(): void {
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
  }
}
