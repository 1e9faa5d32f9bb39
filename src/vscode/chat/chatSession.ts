// One chat conversation in the sidebar: queues the user's messages, runs the agent for each on a
// chat-priority sequence of the shared model, and records what the view shows (so a view that was
// hidden, reloaded or opened late replays the whole transcript). No webview code here: the view
// provider posts what this reports.
import * as vscode from "vscode";
import { runAgent } from "../../core/agent/loop";
import type { AgentEvent, AgentRunResult, Approver } from "../../core/agent/types";
import { checkpointingApprover } from "../../core/agent/checkpointApprover";
import type { AgentSources } from "../agent/index";
import { doneChatEvent, toChatEvent } from "../../core/chatEvents";
import type { Conversation, ReasoningEffort } from "../../core/harmony/index";
import { conversationHead, today, withHead } from "../../core/prompts/conversationHead";
import { instructionsSection } from "../../core/prompts/projectInstructions";
import { compactedConversation, compactionSplit, conversationBody, KEEP_TURNS, summaryRequest } from "../../core/prompts/compaction";
import { COMPACT_AT, contextUsage, usageShare, type ContextUsage, type UsageInputs } from "../../core/prompts/contextUsage";
import { chatProjectInstructions } from "./projectInstructions";
import { userMessageContent } from "../../core/prompts/attachments";
import type { Attachment, ChatEvent, HostToWebview } from "../../core/protocol";
import { recordChatEvent, replayTurn, type TranscriptTurn } from "../../core/turnRecord";
import { chatTitle, newChatId, type SavedChat } from "../../core/history/savedChat";
import { modelToolSet } from "../../core/tools/modelTools";
import { availableTools, functionToolDescriptions } from "../../core/tools/registry";
import { bindAgent, type AgentBinding } from "../../engine/agentTurns";
import type { GenerationSlot } from "../../engine/backend";
import { errorText } from "../../engine/errors";
import type { ModelHost } from "../../engine/modelHost";
import { samplingOptions } from "../engineSettings";
import type { Log } from "../log";
import type { WorkspaceTools } from "../tools/index";
import { agentSettings, pythonSetting } from "../tools/toolSettings";
import { PythonSandbox } from "../../node/python/pythonSandbox";
import { conversationUsedPython, createPythonTool } from "../../node/python/pythonTool";
import { BrowserSession, createBrowserTools } from "../../node/browser/browserTools";
import { createWebAccess } from "../../node/browser/webAccess";
import { browserConsent, readBrowserSettings } from "../tools/browserSetting";

export interface ChatSessionDeps {
  host: ModelHost;
  tools: WorkspaceTools;
  log: Log;
  /** Where the view's messages go (dropped while no view is open; the transcript keeps them). */
  post(message: HostToWebview): void;
  /** Where the browser consent is remembered (the extension's globalState). */
  memento?: vscode.Memento;
  /** MCP and other extensions' tools, and checkpoints before changes (absent in tests that need neither). */
  agent?: AgentSources;
}

export class ChatSession implements vscode.Disposable {
  private conversation: Conversation = [];
  private startDate = today();
  private readonly transcript: TranscriptTurn[] = [];
  private readonly queue: { turnId: string; text: string; attachments: Attachment[] }[] = [];
  private running: { turnId: string; abort: AbortController } | undefined;
  private nextId = 1;
  /** The conversation as last sent to the model, for "Show Raw Prompt". */
  private lastPrompt: Conversation | undefined;
  /** Restricted Mode is explained once per conversation, not on every message. */
  private toldRestricted = false;
  /** The context meter's last figures; the "nearly full" notice once per conversation (again after Compact). */
  private usage: ContextUsage | undefined;
  private toldFull = false;
  /** The last turn's head, with and without the project's instructions (Compact measures against it). */
  private lastHeads: Pick<UsageInputs, "headWithoutInstructions" | "head"> | undefined;
  effort: ReasoningEffort = "medium";
  /** Identity of the saved conversation; set when its first message is sent or it is restored. */
  private saved: { id: string; title: string; createdAt: string } | undefined;
  /**
   * This conversation's python interpreter, started on its first python call. New Chat, a
   * restored chat and a reload start a fresh one (the model is told if it had used python).
   */
  private python: PythonSandbox | undefined;
  /** This conversation's browser: its pages keep their cursors between turns. */
  private browser: BrowserSession | undefined;

  private readonly turnBoundary = new vscode.EventEmitter<void>();
  /** A turn started or ended: a moment to save the conversation. */
  readonly onTurnBoundary = this.turnBoundary.event;

  constructor(private readonly deps: ChatSessionDeps) {}

  get chatId(): string | undefined {
    return this.saved?.id;
  }

  /** The conversation as it is saved; undefined before its first message. */
  snapshot(): SavedChat | undefined {
    if (!this.saved || this.transcript.length === 0) return undefined;
    return {
      version: 1,
      ...this.saved,
      updatedAt: new Date().toISOString(),
      effort: this.effort,
      conversation: this.conversation,
      turns: this.transcript.map((turn) => ({ ...turn, events: [...turn.events] })),
    };
  }

  /** Shows a saved conversation and goes on from it (a running turn is stopped first). */
  restore(chat: SavedChat): void {
    this.reset();
    this.saved = { id: chat.id, title: chat.title, createdAt: chat.createdAt };
    this.conversation = chat.conversation;
    this.transcript.push(...chat.turns.map((turn) => ({ ...turn, events: [...turn.events] })));
    this.nextId = chat.turns.length + 1;
    this.effort = chat.effort;
    this.startDate = chat.createdAt.slice(0, 10);
    this.replay();
  }

  /**
   * Everything the view shows, for a view that opens, is shown again or reloads mid-conversation
   * (the view keeps no copy: only its draft). It starts from a cleared view, so whatever reached
   * the view before it asked is not shown twice; a running turn's later events follow it.
   */
  replay(): void {
    this.deps.post({ type: "cleared" });
    for (const turn of this.transcript) for (const message of replayTurn(turn)) this.deps.post(message);
    this.deps.post({ type: "effort", effort: this.effort });
    this.deps.post({ type: "context", ...(this.usage ? { usage: this.usage } : {}) });
    this.postState();
  }

  get busy(): boolean {
    return this.running !== undefined;
  }

  /** The turns so far, for a view that (re)opens. */
  get turns(): readonly TranscriptTurn[] {
    return this.transcript;
  }

  get queued(): number {
    return this.queue.length;
  }

  get promptConversation(): Conversation | undefined {
    return this.lastPrompt;
  }

  /** Queues a message (with context the user attached); it runs when the turn before it is done. */
  send(text: string, attachments: readonly Attachment[] = []): void {
    const turnId = `t${this.nextId++}`;
    this.queue.push({ turnId, text, attachments: [...attachments] });
    this.postState();
    if (!this.running) void this.drain();
  }

  /** Stops the running turn: generation within a token, a running tool through its signal. */
  stop(): void {
    this.running?.abort.abort();
  }

  /** Starts a new conversation (a running turn is stopped and queued messages dropped). */
  clear(): void {
    this.reset();
    this.deps.post({ type: "cleared" });
    this.postState();
  }

  private reset(): void {
    this.usage = undefined;
    this.lastHeads = undefined;
    this.toldFull = false;
    this.deps.post({ type: "context" });
    this.queue.length = 0;
    this.stop();
    this.conversation = [];
    this.transcript.length = 0;
    this.lastPrompt = undefined;
    this.toldRestricted = false;
    this.saved = undefined;
    this.nextId = 1;
    this.startDate = today();
    this.python?.dispose();
    this.python = undefined;
    this.browser = undefined;
  }

  dispose(): void {
    this.queue.length = 0;
    this.stop();
    this.turnBoundary.dispose();
    this.python?.dispose();
    this.python = undefined;
  }

  /** The browser's tools for this turn: none unless gptOss.tools.browser is on, agreed to and the workspace trusted. */
  private async browserTools() {
    const settings = readBrowserSettings();
    if (!settings.enabled || !this.deps.memento || !(await browserConsent(this.deps.memento))) return [];
    this.browser ??= new BrowserSession(createWebAccess({ searchUrl: settings.searchUrl, allowHosts: settings.allowHosts }));
    return createBrowserTools(this.browser);
  }

  /** The python tool for this turn, per gptOss.tools.python; undefined when off. */
  private pythonTool() {
    const mode = pythonSetting();
    if (mode === "off") return undefined;
    this.python ??= new PythonSandbox(undefined, { stateLost: conversationUsedPython(this.conversation) });
    return createPythonTool(this.python, mode);
  }

  private postState(): void {
    this.deps.post({ type: "chatState", busy: this.busy, queued: this.queue.length });
  }

  private async drain(): Promise<void> {
    for (let next = this.queue.shift(); next; next = this.queue.shift()) {
      const abort = new AbortController();
      this.running = { turnId: next.turnId, abort };
      this.postState();
      try {
        await this.runTurn(next, abort.signal);
      } finally {
        this.running = undefined;
        this.postState();
      }
    }
  }

  private emit(turn: TranscriptTurn, event: ChatEvent): void {
    // A turn stopped because the user switched conversations must not write into the new one.
    if (!this.transcript.includes(turn)) return;
    recordChatEvent(turn.events, event, Date.now());
    this.deps.post({ type: "turnEvent", turnId: turn.turnId, event });
  }

  private async runTurn(message: { turnId: string; text: string; attachments: Attachment[] }, signal: AbortSignal): Promise<void> {
    const { turnId, text, attachments } = message;
    const turn: TranscriptTurn = { turnId, text, attachments, events: [] };
    this.saved ??= { id: newChatId(), title: chatTitle(text), createdAt: new Date().toISOString() };
    const savedId = this.saved.id;
    this.transcript.push(turn);
    this.deps.post({ type: "turnStart", turnId, text, ...(attachments.length ? { attachments } : {}) });
    this.turnBoundary.fire();
    try {
      await this.generateTurn(turn, signal);
    } finally {
      // A conversation switched away from mid-turn was saved when it was left.
      if (this.saved?.id === savedId) this.turnBoundary.fire();
    }
  }

  private async generateTurn(turn: TranscriptTurn, signal: AbortSignal): Promise<void> {
    const { host, log } = this.deps;
    if (host.state.kind !== "ready") this.emit(turn, { kind: "progress", text: "Loading the model…" });
    // Affinity: the same conversation gets the same sequence back, so its prefix stays in the KV cache.
    const run = await host.run("chat", signal, (slot, stop) => this.runAgentOn(turn, slot, stop), {
      speedOf: (result) => result.stats?.tokensPerSecond,
      ...(this.saved ? { conversation: this.saved.id } : {}),
    });
    switch (run.kind) {
      case "done":
        if (!this.transcript.includes(turn)) return;
        this.conversation = run.value.conversation;
        this.lastPrompt = run.value.conversation;
        this.emitCitations(turn);
        // The last step's speed goes to the footer (and, through run, to the status bar).
        return this.emit(turn, doneChatEvent(run.value));
      case "cancelled":
        return this.emit(turn, { kind: "done", reason: "cancelled", steps: 0 });
      case "load-failed":
        this.emit(turn, { kind: "notice", level: "error", text: errorText(run.error) });
        return this.emit(turn, { kind: "done", reason: "error", steps: 0 });
      case "no-model":
        this.emit(turn, { kind: "notice", level: "warning", text: "No model is ready: download the model or choose a local .gguf file, then send again." });
        return this.emit(turn, { kind: "done", reason: "error", steps: 0 });
      case "failed":
        log.error("The chat turn failed", run.error);
        this.emit(turn, { kind: "notice", level: "error", text: errorText(run.error) });
        return this.emit(turn, { kind: "done", reason: signal.aborted ? "cancelled" : "error", steps: 0 });
      default:
        return run satisfies never;
    }
  }

  /** The browser's pages by cursor, so the view links the answer's citations. */
  private emitCitations(turn: TranscriptTurn): void {
    const pages = this.browser?.citationPages();
    if (pages && Object.keys(pages).length) this.emit(turn, { kind: "citations", pages });
  }

  /** The agent on the leased slot, with the workspace's tools and the conversation so far. */
  private async runAgentOn(turn: TranscriptTurn, slot: GenerationSlot, stop: AbortSignal): Promise<AgentRunResult> {
    const { text, attachments } = turn;
    const trusted = vscode.workspace.isTrusted;
    // The model edits with apply_patch; edit_file and create_file stay callable (modelTools.ts).
    const { declared: ownTools, hidden: hiddenTools } = modelToolSet(availableTools({ trusted, languageServices: true }));
    let tools = ownTools;
    if (this.deps.agent) {
      const { sets, notices } = await this.deps.agent.toolSets(ownTools);
      for (const notice of notices) this.emit(turn, { kind: "notice", level: "warning", text: notice });
      tools = this.deps.agent.chosen(sets);
    }
    const python = this.pythonTool();
    const browser = await this.browserTools();
    tools = [...tools, ...(python ? [python] : []), ...browser];
    if (!trusted && !this.toldRestricted) {
      this.toldRestricted = true;
      this.emit(turn, {
        kind: "notice",
        level: "info",
        text: "Restricted Mode: this workspace is not trusted, so the assistant can read files but cannot edit them or run commands, the project's instructions (AGENTS.md, .github/copilot-instructions.md) are not read and no MCP server starts. Trust the workspace to allow changes (each still needs your approval).",
      });
    }
    const folders = this.deps.tools.environment.folders.map((folder) => folder.name);
    const instructions = await chatProjectInstructions(this.deps.tools.environment, trusted);
    if (instructions.sources.length) {
      const files = instructions.sources.map((source) => ({ label: source.label, ...(source.absolute ? { path: source.label } : {}) }));
      this.emit(turn, { kind: "instructions", files });
    }
    const headOptions = {
      effort: this.effort,
      tools: functionToolDescriptions(tools),
      folders,
      date: this.startDate,
      builtins: [...(browser.length ? (["browser"] as const) : []), ...(python ? (["python"] as const) : [])],
      ...(trusted ? {} : { restrictedNote: "This workspace is in Restricted Mode: you can read files but not change them or run commands. Say so if the user asks for a change." }),
    };
    const head = conversationHead({ ...headOptions, projectInstructions: instructionsSection(instructions) });
    // The same head without the project's instructions: the context meter's "System and tools".
    const headWithoutInstructions = conversationHead(headOptions);
    const conversation = withHead(head, [...this.conversation, { role: "user", content: userMessageContent(text, attachments) }]);
    this.lastPrompt = conversation;
    const limits = agentSettings();
    const binding = bindAgent(slot, { ...samplingOptions(), maxTokens: limits.maxTokensPerStep });
    this.lastHeads = { headWithoutInstructions, head };
    const result = await runAgent({
      conversation,
      tools,
      hiddenTools,
      ...binding,
      approve: this.approverFor(turn),
      toolContext: { env: this.deps.tools.environment },
      maxSteps: limits.maxSteps,
      maxTokensPerStep: limits.maxTokensPerStep,
      signal: stop,
      onEvent: (event: AgentEvent) => {
        const chatEvent = toChatEvent(event);
        if (chatEvent) this.emit(turn, chatEvent);
      },
    });
    this.measureContext(turn, binding, { headWithoutInstructions, head, conversation: result.conversation });
    return result;
  }

  /** The context meter's figures after a turn; past COMPACT_AT the turn says so once. */
  private measureContext(turn: TranscriptTurn, binding: AgentBinding, parts: Pick<UsageInputs, "headWithoutInstructions" | "head" | "conversation">): void {
    try {
      const attachments = this.transcript.filter((t) => t.attachments.length).map((t) => [{ role: "user" as const, content: userMessageContent("", t.attachments) }]);
      this.usage = contextUsage({ ...parts, attachments, emptyUser: [{ role: "user", content: "" }], window: binding.contextSize }, binding.countTokens);
    } catch (error) {
      this.deps.log.warn(`Measuring the context failed: ${errorText(error)}`);
      return;
    }
    this.deps.post({ type: "context", usage: this.usage });
    if (usageShare(this.usage) >= COMPACT_AT && !this.toldFull) {
      this.toldFull = true;
      const percent = Math.round(usageShare(this.usage) * 100);
      this.emit(turn, { kind: "notice", level: "warning", text: `The conversation fills ${percent}% of the context window. Compact (under the toolbar) replaces the older turns by a summary; otherwise the oldest content is shortened as it fills.` });
    }
  }

  /** Compact: the older turns replaced, for the model, by a summary it writes; the last turns stay verbatim. */
  async compact(): Promise<void> {
    if (this.busy) throw new Error("The assistant is still working: compact when it has finished.");
    const body = conversationBody(this.conversation);
    const split = compactionSplit(body);
    const last = this.transcript.at(-1);
    if (split === undefined || !last) {
      void vscode.window.showInformationMessage(`Nothing to compact yet: the last ${KEEP_TURNS} messages are always kept as they are.`);
      return;
    }
    const abort = new AbortController();
    this.running = { turnId: last.turnId, abort };
    this.postState();
    try {
      const older = body.slice(0, split);
      const run = await this.deps.host.run("chat", abort.signal, async (slot, stop) => {
        const binding = bindAgent(slot, samplingOptions());
        const result = await runAgent({
          conversation: summaryRequest(older, this.startDate),
          tools: [],
          ...binding,
          approve: async () => ({ approved: false, reason: "No tools while compacting." }),
          toolContext: { env: this.deps.tools.environment },
          maxSteps: 1,
          signal: stop,
          onEvent: () => {},
        });
        return { result, binding };
      }, this.saved ? { conversation: this.saved.id } : {});
      if (run.kind !== "done") throw run.kind === "failed" || run.kind === "load-failed" ? run.error : new Error(run.kind === "no-model" ? "No model is ready." : "Cancelled.");
      const summary = run.value.result.answer.trim();
      if (!summary) throw new Error("The model wrote no summary; the conversation is unchanged.");
      this.conversation = compactedConversation(summary, body.slice(split));
      const olderTurns = older.filter((m) => m.role === "user").length;
      this.emit(last, { kind: "notice", level: "info", text: `Compacted: ${olderTurns === 1 ? "the older message is" : `the ${olderTurns} older messages are`} replaced, for the model, by this summary: ${summary}` });
      if (this.lastHeads) {
        const usage = contextUsage(
          { ...this.lastHeads, conversation: withHead(this.lastHeads.head, this.conversation), attachments: [], emptyUser: [{ role: "user", content: "" }], window: run.value.binding.contextSize },
          run.value.binding.countTokens,
        );
        this.usage = usage;
        this.deps.post({ type: "context", usage });
      }
      this.toldFull = false;
      this.turnBoundary.fire();
    } finally {
      this.running = undefined;
      this.postState();
    }
  }

  /** The approver, taking the message's checkpoint before its first approved change. */
  private approverFor(turn: TranscriptTurn): Approver {
    const approve = this.deps.tools.approvals.approver;
    const hook = this.deps.agent?.checkpointHook(
      turn.text,
      (checkpoints) => this.emit(turn, { kind: "checkpoint", checkpoints }),
      (error) =>
      this.emit(turn, { kind: "notice", level: "warning", text: `No checkpoint before this change: ${error instanceof Error ? error.message : String(error)}` }),
    );
    return hook ? checkpointingApprover(approve, hook) : approve;
  }

  /** The checkpoints taken before a turn's changes (from its events, so a restored chat has them too). */
  checkpointsOf(turnId: string): { folder: string; id: string }[] | undefined {
    const turn = this.transcript.find((t) => t.turnId === turnId);
    const event = turn?.events.find((e): e is Extract<ChatEvent, { kind: "checkpoint" }> => e.kind === "checkpoint");
    return event?.checkpoints;
  }

  /** After a restore: the turn says so; the conversation after it is kept, marked by that note. */
  noteRestored(turnId: string, files: number): void {
    const turn = this.transcript.find((t) => t.turnId === turnId);
    if (!turn) return;
    const later = this.transcript.length - 1 - this.transcript.indexOf(turn);
    const after = later > 0 ? ` The ${later} message${later === 1 ? "" : "s"} after this one stay in the conversation, but their changes are undone.` : "";
    this.emit(turn, { kind: "notice", level: "info", text: `Workspace restored to before this message (${files} file${files === 1 ? "" : "s"}).${after}` });
  }
}
