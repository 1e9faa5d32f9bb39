import * as vscode from "vscode";
import { HostToWebview, WebviewToHost, parseMessage, type Attachment } from "../core/protocol";
import type { Log } from "./log";
import { findCatalogModel } from "../engine/catalog";
import { errorText } from "../engine/errors";
import { ensureModelDownloaded, onModelDownload } from "./modelDownload";
import { chooseModelFile, configuredModel, openExtensionSettings } from "./modelSetting";
import { describeModelInUse, MODEL_IN_USE_SETTINGS } from "./serverSettings";
import { chatHtml } from "./webviewHtml";
import type { ChatHistory } from "./chat/chatHistory";
import type { ChatSession } from "./chat/chatSession";
import type { ApprovalService } from "./tools/approvals";
import type { ModelHost } from "../engine/modelHost";
import type { VscodeToolEnvironment } from "./tools/vscodeToolEnvironment";
import { AttachError, attachContext } from "./chat/attachContext";
import { CodeApplier, describeActiveEditor, insertAtCursor } from "./chat/codeBlockActions";
import { watchEngineState } from "./chat/engineStatus";

/** The sidebar chat: owns the webview and speaks to it only through `core/protocol`. */
export class ChatViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  static readonly viewId = "gptOss.chat";

  private view: vscode.WebviewView | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private session: ChatSession | undefined;
  private approvals: ApprovalService | undefined;
  private history: ChatHistory | undefined;
  private engine: ReturnType<typeof watchEngineState> | undefined;
  private environment: VscodeToolEnvironment | undefined;
  private applier: CodeApplier | undefined;
  private lastActiveEditor = "";

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: Log,
  ) {
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (MODEL_IN_USE_SETTINGS.some((key) => event.affectsConfiguration(key))) void this.sendModel();
      }),
      // A download started here or from the command palette changes what is on disk.
      onModelDownload((event) => {
        if (event.state !== "downloading") void this.sendModel();
      }),
      // Which code blocks Apply fits depends on the active editor and whether it has a selection.
      vscode.window.onDidChangeActiveTextEditor(() => this.sendActiveEditor()),
      vscode.window.onDidChangeTextEditorSelection(() => this.sendActiveEditor()),
    );
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    view.webview.options = {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(this.context.extensionUri, "media")],
    };
    view.webview.html = chatHtml(view.webview, this.context.extensionUri);
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

  /** Connects the conversation and the approvals this view drives (set once at activation). */
  attach(session: ChatSession, approvals: ApprovalService, history: ChatHistory): void {
    this.session = session;
    this.approvals = approvals;
    this.history = history;
  }

  /** Connects the model's state (for the toolbar) and the workspace (attachments, Apply). */
  connect(host: ModelHost, environment: VscodeToolEnvironment, approvals: ApprovalService): void {
    let last = "";
    this.engine = watchEngineState(host, (state) => {
      // Download progress fires many times per percent: post only what changes the toolbar.
      const key = JSON.stringify(state);
      if (key !== last) this.post({ type: "engine", state });
      last = key;
    });
    this.environment = environment;
    this.applier = new CodeApplier(environment, approvals);
    this.disposables.push(this.engine, this.applier);
  }

  /** Sends a message to the view if one is open (the session's transcript keeps it for later). */
  post(message: HostToWebview): void {
    // Validated on the way out too: a bug here should show in the log, not as a blank view.
    const checked = parseMessage(HostToWebview, message, (why) => this.log.error(`Refused to send an invalid message to the chat view: ${why}`));
    if (checked && this.view) void this.view.webview.postMessage(checked);
  }

  /** True while the view is on screen (its approval cards can be seen and clicked). */
  get visible(): boolean {
    return this.view?.visible ?? false;
  }

  /** Reveals the chat view (and with it the activity-bar container). */
  async reveal(): Promise<void> {
    await vscode.commands.executeCommand(`${ChatViewProvider.viewId}.focus`);
  }

  /**
   * Shows the chat and sends a message with context attached, as if typed there (queued behind a
   * running turn). The view replays the turn when it opens, so nothing streamed before is lost.
   */
  async ask(text: string, attachments: readonly Attachment[] = []): Promise<void> {
    await this.reveal();
    this.requireSession().send(text, attachments);
  }

  private async handle(message: WebviewToHost): Promise<void> {
    try {
      switch (message.type) {
        case "ready":
          await this.sendModel();
          if (this.engine) this.post({ type: "engine", state: this.engine.current() });
          this.lastActiveEditor = "";
          this.sendActiveEditor();
          this.session?.replay();
          return await this.history?.sendList();
        case "send":
          return this.requireSession().send(message.text, message.attachments);
        case "stop":
          return this.session?.stop();
        case "newChat":
          return await this.history?.newChat();
        case "listChats":
          return await this.history?.sendList();
        case "openChat":
          return await this.history?.open(message.id);
        case "renameChat":
          return await this.history?.rename(message.id, message.title);
        case "deleteChat":
          return await this.history?.delete(message.id);
        case "openLink":
          return await openModelLink(message.href, this.log);
        case "loadModel":
          return void (await vscode.commands.executeCommand("gptOss.loadModel"));
        case "attach":
          return await this.addAttachment(message.what);
        case "insertCode":
          return await insertAtCursor(message.code);
        case "applyCode": {
          const { blockId } = message;
          return await this.requireApplier().apply(message.code, message.path, (apply) => this.post({ type: "applyState", blockId, apply }));
        }
        case "setEffort":
          if (this.session) this.session.effort = message.effort;
          return;
        case "approve":
          this.approvals?.resolve(
            message.callId,
            message.decision === "deny"
              ? { approved: false, ...(message.reason ? { reason: message.reason } : {}) }
              : { approved: true, ...(message.decision === "always" ? { always: true } : {}) },
          );
          return;
        case "showDiff":
          await this.approvals?.showDiff(message.callId);
          return;
        case "chooseModelFile":
          return await chooseModelFile(this.log);
        case "downloadModel":
          return await this.downloadConfiguredModel();
        case "openSettings":
          return await openExtensionSettings();
        case "showLogs":
          return this.log.show();
        default:
          return message satisfies never;
      }
    } catch (error) {
      this.log.error(`Chat view action "${message.type}" failed`, error);
      void vscode.window.showErrorMessage(`gpt-oss: ${errorText(error)}`);
    }
  }

  private async sendModel(): Promise<void> {
    const model = await describeModelInUse(this.context, this.log);
    this.post({ type: "model", model });
  }

  private async downloadConfiguredModel(): Promise<void> {
    const entry = findCatalogModel(configuredModel());
    // The button only shows for catalog models; a setting changed meanwhile just refreshes.
    if (entry) await ensureModelDownloaded(entry, this.context, this.log);
    await this.sendModel();
  }

  private async addAttachment(what: "selection" | "file" | "problems" | "pickFile"): Promise<void> {
    if (!this.environment) throw new Error("The chat is not ready yet; try again in a moment.");
    try {
      const attachment = await attachContext(what, this.environment);
      if (attachment) this.post({ type: "attached", attachment });
    } catch (error) {
      if (!(error instanceof AttachError)) throw error;
      this.post({ type: "attachFailed", text: error.message });
    }
  }

  private sendActiveEditor(): void {
    if (!this.view) return;
    const editor = describeActiveEditor();
    const key = JSON.stringify(editor);
    if (key === this.lastActiveEditor) return;
    this.lastActiveEditor = key;
    this.post({ type: "activeEditor", editor });
  }

  private requireApplier(): CodeApplier {
    if (!this.applier) throw new Error("The chat is not ready yet; try again in a moment.");
    return this.applier;
  }

  private requireSession(): ChatSession {
    if (!this.session) throw new Error("The chat is not ready yet; try again in a moment.");
    return this.session;
  }

  dispose(): void {
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
  }
}

/** Opens a link from the model's answer: only http(s) and mailto, and VS Code's own trusted-domain prompt still applies. */
async function openModelLink(href: string, log: Log): Promise<void> {
  let uri: vscode.Uri;
  try {
    uri = vscode.Uri.parse(href, true);
  } catch {
    log.warn(`Refused a malformed link from the chat: ${href.slice(0, 200)}`);
    return;
  }
  if (!["http", "https", "mailto"].includes(uri.scheme)) {
    log.warn(`Refused to open a ${uri.scheme}: link from the chat.`);
    return;
  }
  await vscode.env.openExternal(uri);
}
