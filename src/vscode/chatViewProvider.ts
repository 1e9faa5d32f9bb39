import * as vscode from "vscode";
import type { ChatAgentActions } from "./chat/agentActions";
import { HostToWebview, WebviewToHost, parseMessage, type Attachment } from "../core/protocol";
import type { Log } from "./log";
import { findCatalogModel } from "../engine/catalog";
import { errorText } from "../engine/errors";
import { ensureModelDownloaded, onModelDownload } from "./modelDownload";
import { chooseModelFile, configuredModel, openExtensionSettings } from "./modelSetting";
import { describeModelInUse, MODEL_IN_USE_SETTINGS } from "./serverSettings";
import { onSettingsChange } from "./settingsWatch";
import { chatHtml } from "./webviewHtml";
import type { ChatHistory } from "./chat/chatHistory";
import type { ChatSession } from "./chat/chatSession";
import type { ApprovalService } from "./tools/approvals";
import type { ModelHost } from "../engine/modelHost";
import type { VscodeToolEnvironment } from "./tools/vscodeToolEnvironment";
import type { ChatViewPort } from "./chat/chatViewPort";
import { AttachError, attachContext } from "./chat/attachContext";
import { CodeApplier, describeActiveEditor, insertAtCursor } from "./chat/codeBlockActions";
import { watchEngineState } from "./chat/engineStatus";

/** What the chat view works with, all built before it (registerChat in chat/index.ts). */
export interface ChatViewDeps {
  context: vscode.ExtensionContext;
  log: Log;
  port: ChatViewPort;
  session: ChatSession;
  history: ChatHistory;
  approvals: ApprovalService;
  host: ModelHost;
  environment: VscodeToolEnvironment;
  /** Instructions files, checkpoints and the tool picker. */
  agentActions: ChatAgentActions;
}

type MessageOf<K extends WebviewToHost["type"]> = Extract<WebviewToHost, { type: K }>;

/** One handler per message type: a type without one is a compile error. */
type MessageHandlers = { [K in WebviewToHost["type"]]: (message: MessageOf<K>) => unknown };

/** The sidebar chat: owns the webview and speaks to it only through `core/protocol`. */
export class ChatViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  static readonly viewId = "gptOss.chat";

  private readonly disposables: vscode.Disposable[] = [];
  private readonly engine: ReturnType<typeof watchEngineState>;
  private readonly applier: CodeApplier;
  private lastActiveEditor = "";

  constructor(private readonly deps: ChatViewDeps) {
    const { host, environment, approvals } = deps;
    let last = "";
    this.engine = watchEngineState(host, (state) => {
      // Download progress fires many times per percent: post only what changes the toolbar.
      const key = JSON.stringify(state);
      if (key !== last) this.post({ type: "engine", state });
      last = key;
    });
    this.applier = new CodeApplier(environment, approvals);
    this.disposables.push(
      this.engine,
      this.applier,
      onSettingsChange(MODEL_IN_USE_SETTINGS, () => void this.sendModel()),
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
    const { context, log, port } = this.deps;
    view.webview.options = {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, "media")],
    };
    view.webview.html = chatHtml(view.webview, context.extensionUri);
    port.show(view);
    this.disposables.push(
      view.webview.onDidReceiveMessage((raw: unknown) => {
        const message = parseMessage(WebviewToHost, raw, (why) => log.warn(`Dropped an invalid message from the chat view: ${why}`));
        if (message) void this.handle(message);
      }),
    );
  }

  private post(message: HostToWebview): void {
    this.deps.port.post(message);
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
    this.deps.session.send(text, attachments);
  }

  private readonly handlers: MessageHandlers = {
    ready: async () => {
      await this.sendModel();
      this.post({ type: "engine", state: this.engine.current() });
      this.lastActiveEditor = "";
      this.sendActiveEditor();
      this.deps.session.replay();
      await this.deps.history.sendList();
    },
    send: (message) => this.deps.session.send(message.text, message.attachments),
    stop: () => this.deps.session.stop(),
    newChat: () => this.deps.history.newChat(),
    listChats: () => this.deps.history.sendList(),
    openChat: (message) => this.deps.history.open(message.id),
    renameChat: (message) => this.deps.history.rename(message.id, message.title),
    deleteChat: (message) => this.deps.history.delete(message.id),
    openLink: (message) => openModelLink(message.href, this.deps.log),
    loadModel: () => vscode.commands.executeCommand("gptOss.loadModel"),
    attach: (message) => this.addAttachment(message.what),
    insertCode: (message) => insertAtCursor(message.code),
    applyCode: ({ blockId, code, path }) => this.applier.apply(code, path, (apply) => this.post({ type: "applyState", blockId, apply })),
    setEffort: (message) => {
      this.deps.session.effort = message.effort;
    },
    approve: (message) =>
      this.deps.approvals.resolve(
        message.callId,
        message.decision === "deny"
          ? { approved: false, ...(message.reason ? { reason: message.reason } : {}) }
          : { approved: true, ...(message.decision === "always" ? { always: true } : {}) },
      ),
    showDiff: (message) => this.deps.approvals.showDiff(message.callId),
    chooseModelFile: () => chooseModelFile(this.deps.log),
    downloadModel: () => this.downloadConfiguredModel(),
    openSettings: () => openExtensionSettings(),
    showLogs: () => this.deps.log.show(),
    openWorkspaceFile: (message) => this.deps.agentActions.openWorkspaceFile(message.path),
    restoreCheckpoint: (message) => this.deps.agentActions.restoreCheckpoint(message.turnId),
    compareCheckpoint: (message) => this.deps.agentActions.compareCheckpoint(message.turnId),
    pickTools: () => this.deps.agentActions.pickTools(),
    compact: () => this.deps.session.compact(),
  };

  private async handle(message: WebviewToHost): Promise<void> {
    try {
      // The table's type ties each handler to its message type; the cast only forgets which.
      const handler = this.handlers[message.type] as (message: WebviewToHost) => unknown;
      await handler(message);
    } catch (error) {
      this.deps.log.error(`Chat view action "${message.type}" failed`, error);
      void vscode.window.showErrorMessage(`gpt-oss: ${errorText(error)}`);
    }
  }

  private async sendModel(): Promise<void> {
    const model = await describeModelInUse(this.deps.context, this.deps.log);
    this.post({ type: "model", model });
  }

  private async downloadConfiguredModel(): Promise<void> {
    const entry = findCatalogModel(configuredModel());
    // The button only shows for catalog models; a setting changed meanwhile just refreshes.
    if (entry) await ensureModelDownloaded(entry, this.deps.context, this.deps.log);
    await this.sendModel();
  }

  private async addAttachment(what: "selection" | "file" | "problems" | "pickFile"): Promise<void> {
    try {
      const attachment = await attachContext(what, this.deps.environment);
      if (attachment) this.post({ type: "attached", attachment });
    } catch (error) {
      if (!(error instanceof AttachError)) throw error;
      this.post({ type: "attachFailed", text: error.message });
    }
  }

  private sendActiveEditor(): void {
    if (!this.deps.port.open) return;
    const editor = describeActiveEditor();
    const key = JSON.stringify(editor);
    if (key === this.lastActiveEditor) return;
    this.lastActiveEditor = key;
    this.post({ type: "activeEditor", editor });
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
