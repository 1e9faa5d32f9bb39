// The local gpt-oss as a VS Code language model (vscode.lm, vendor "gpt-oss-local"): any chat
// feature or extension can use it, with tools. Requests go through our harmony layer and the
// shared model's scheduler, like the sidebar chat; only the final channel comes back as text
// (reasoning stays inside), tool calls come back as parts with grammar-constrained arguments.
import { randomUUID } from "node:crypto";
import * as vscode from "vscode";
import { lmConversation, lmMessages } from "../../core/prompts/lmConversation";
import { today } from "../../core/prompts/conversationHead";
import { renderConversation, segmentsToTokens, reasoningEffortSchema, type ReasoningEffort } from "../../core/harmony/index";
import { errorText } from "../../engine/errors";
import type { GenerationResult } from "../../engine/generationTypes";
import type { ModelHost } from "../../engine/modelHost";
import { TokenAbort } from "../cancellation";
import { samplingOptions } from "../engineSettings";
import type { Log } from "../log";
import { languageModelInformation, outputReserve, unloadedContextWindow, watchModelInformation, type ContextWindow } from "./modelInformation";
import { lmMessagesOf } from "./requestMessages";
import { answerLmRequest, type LmAnswer } from "../../core/prompts/lmToolCall";

export const LM_VENDOR = "gpt-oss-local";

export class GptOssChatModelProvider implements vscode.LanguageModelChatProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeLanguageModelChatInformation = this.changed.event;
  private readonly subscriptions: vscode.Disposable[] = [this.changed];
  /** The context size the last model list was computed with. */
  private reportedContextSize: number | undefined;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly host: ModelHost,
    private readonly log: Log,
  ) {
    // The list depends on the model setting, on what is on disk, and (for honest token limits)
    // on the context size the load actually got.
    this.subscriptions.push(watchModelInformation(() => this.changed.fire()));
    // Only when the limits really change: VS Code drops and re-resolves the vendor's models on
    // each change event, and a request arriving in between would find no model.
    const sub = host.onState(() => {
      if (this.reportedContextSize !== undefined && this.contextSize().contextSize !== this.reportedContextSize) this.changed.fire();
    });
    this.subscriptions.push({ dispose: () => sub.dispose() });
  }

  /** What modelInformation.ts lists, with the context window as loaded (or as it will be). */
  async provideLanguageModelChatInformation(): Promise<vscode.LanguageModelChatInformation[]> {
    const window = this.contextSize();
    this.reportedContextSize = window.contextSize;
    const state = this.host.state;
    const serverModel = state.kind === "ready" && state.report.server ? state.report.server.model : undefined;
    return languageModelInformation(this.context, this.log, window, serverModel);
  }

  async provideLanguageModelChatResponse(
    _model: vscode.LanguageModelChatInformation,
    messages: readonly vscode.LanguageModelChatRequestMessage[],
    options: vscode.ProvideLanguageModelChatResponseOptions,
    progress: vscode.Progress<vscode.LanguageModelResponsePart>,
    token: vscode.CancellationToken,
  ): Promise<void> {
    const cancel = new TokenAbort(token);
    try {
      if (token.isCancellationRequested) return;
      const tools = (options.tools ?? []).map((tool) => ({ name: tool.name, description: tool.description, inputSchema: tool.inputSchema }));
      const conversation = lmConversation({
        messages: lmMessagesOf(messages),
        tools,
        toolRequired: options.toolMode === vscode.LanguageModelChatToolMode.Required,
        effort: effortOf(options.modelOptions),
        date: today(),
      });
      const text = new TextBatcher((chunk) => progress.report(new vscode.LanguageModelTextPart(chunk)));
      const run = await this.host.run(
        "chat",
        cancel.signal,
        async (slot, signal) => {
          // Cancelled while it waited for the model: nothing to generate.
          if (cancel.signal.aborted) return undefined;
          try {
            // A call to a tool the request does not declare (nor a trained name for one) is
            // answered with the tools there are, and the model tries again (lmToolCall.ts).
            return await answerLmRequest(conversation, tools, (c) =>
              slot.complete({ conversation: c }, { ...samplingOptions(), signal }, (event) => {
                if (event.type === "text" && event.recipient === undefined && (event.channel === "final" || event.channel === undefined)) text.add(event.text);
              }),
            );
          } finally {
            text.flush();
          }
        },
        // Its own lane ("other", with code actions): another extension's request never evicts the
        // chat sidebar's KV cache, and does not wait behind it.
        { speedOf: (answer) => answer?.result.stats.tokensPerSecond, lane: "other" },
      );
      let answer: LmAnswer<GenerationResult>;
      switch (run.kind) {
        case "done":
          if (!run.value) return;
          answer = run.value;
          break;
        case "cancelled":
          if (cancel.signal.aborted) return;
          throw new Error(`gpt-oss could not load its model: ${errorText(run.error)}`);
        case "load-failed":
          throw new Error(`gpt-oss could not load its model: ${errorText(run.error)}`);
        case "no-model":
          throw new Error("gpt-oss has no model to run. Download one with \"gpt-oss: Download Model…\" or choose a local .gguf file.");
        case "failed":
          throw run.error;
        default:
          return run satisfies never;
      }
      const { result } = answer;
      this.log.info(
        `vscode.lm request: ${messages.length} message(s), ${options.tools?.length ?? 0} tool(s); ${result.stats.promptTokens} prompt tokens ` +
          `(${result.stats.reusedTokens} reused), ${result.stats.generatedTokens} generated, ended by ${result.stopReason}` +
          `${answer.call?.alias ? `; ${answer.call.alias} called as ${answer.call.name}` : ""}${answer.refused.length ? `; ${answer.refused.length} call(s) to tools it does not have answered` : ""}.`,
      );
      this.finish(answer, progress, cancel.signal);
    } finally {
      cancel.dispose();
    }
  }

  async provideTokenCount(_model: vscode.LanguageModelChatInformation, text: string | vscode.LanguageModelChatRequestMessage): Promise<number> {
    const tokenize = await this.host.tokenizer();
    if (!tokenize) throw new Error("gpt-oss has no model loaded to count tokens with.");
    if (typeof text === "string") return tokenize(text).length;
    // A message counts as the model reads it: header and end tokens included.
    return segmentsToTokens(renderConversation(lmMessages(lmMessagesOf([text]))), tokenize).length;
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }

  /**
   * A call becomes a tool-call part under the declared tool's name; calls the model kept making to
   * tools there are not end the answer with a note saying so; a full window is an error the caller sees.
   */
  private finish({ result, call, refused }: LmAnswer<GenerationResult>, progress: vscode.Progress<vscode.LanguageModelResponsePart>, signal: AbortSignal): void {
    if (call) {
      progress.report(new vscode.LanguageModelToolCallPart(`call_${randomUUID().replace(/-/g, "").slice(0, 24)}`, call.name, call.input));
      return;
    }
    if (signal.aborted) return;
    if (result.toolCall && refused.length) {
      progress.report(new vscode.LanguageModelTextPart(`(gpt-oss kept calling a tool it could not use: ${refused.at(-1)!.replace(/^Error: /, "")})`));
      return;
    }
    if (result.stopReason === "context-full") {
      throw new Error(`The conversation no longer fits gpt-oss's context window (${this.contextSize().contextSize.toLocaleString("en-US")} tokens). Shorten it, or raise gptOss.contextSize.`);
    }
  }

  private contextSize(): ContextWindow {
    const state = this.host.state;
    return state.kind === "ready" ? { contextSize: state.report.contextSize, loaded: true } : unloadedContextWindow();
  }

}

/** `modelOptions.reasoningEffort` ("low" | "medium" | "high") when the caller sets it; the reference's medium otherwise. */
function effortOf(modelOptions: { readonly [name: string]: unknown } | undefined): ReasoningEffort {
  const parsed = reasoningEffortSchema.safeParse(modelOptions?.["reasoningEffort"]);
  return parsed.success ? parsed.data : "medium";
}

/**
 * Text parts in batches of at most ~30 ms: each part is a message to the workbench and back (a
 * websocket round trip in code-server), and one per token floods that channel until a cancel
 * queued behind thousands of parts arrives after the answer has finished.
 */
class TextBatcher {
  private pending = "";
  private last = 0;

  constructor(private readonly emit: (text: string) => void) {}

  add(text: string): void {
    this.pending += text;
    const now = performance.now();
    if (now - this.last >= 30) this.flush(now);
  }

  flush(now = performance.now()): void {
    if (this.pending === "") return;
    this.emit(this.pending);
    this.pending = "";
    this.last = now;
  }
}
