// The editor's side of inline completions: which requests reach the service, and when. A request
// cancels the one before it at once (the user typed on: the old suggestion is worthless), is
// answered from the cache without waiting when the user types the characters of a suggestion on
// screen, and otherwise waits out the debounce before it asks the model. It stays out of the way:
// nothing while a chat runs on a one-sequence model (its turn would lose the KV cache), no model
// download or retry of a failed load just because someone typed, nothing shown for a cancelled
// request, and failures only in the log.
import * as vscode from "vscode";
import { TokenAbort } from "../cancellation";
import { AdaptiveDebounce, linesOf } from "../../core/completion/index";
import type { ModelHost } from "../../engine/modelHost";
import type { Log } from "../log";
import { displayPathOf } from "../codeActions/regions";
import type { CompletionRequest, CompletionService } from "./completionService";
import { completionsOn, readCompletionSettings } from "./completionSettings";

export interface InlineProviderDeps {
  service: CompletionService;
  host: Pick<ModelHost, "state">;
  log: Log;
  /** A chat turn is running or queued. */
  chatBusy(): boolean;
  /** The configured model can load without a download (its file is on disk). */
  modelOnDisk(): Promise<boolean>;
}

export class InlineCompletionProvider implements vscode.InlineCompletionItemProvider {
  private readonly debounce = new AdaptiveDebounce();
  private current: TokenAbort | undefined;

  constructor(private readonly deps: InlineProviderDeps) {}

  async provideInlineCompletionItems(
    document: vscode.TextDocument,
    position: vscode.Position,
    context: vscode.InlineCompletionContext,
    token: vscode.CancellationToken,
  ): Promise<vscode.InlineCompletionItem[] | undefined> {
    const settings = readCompletionSettings();
    if (!completionsOn(settings, document.languageId)) return undefined;
    // The suggest widget is open: its selected item decides what comes next, not ours.
    if (context.selectedCompletionInfo) return undefined;

    // A newer request stops the older one now, not when VS Code gets round to cancelling it.
    this.current?.abort();
    const abort = new TokenAbort(token);
    this.current = abort;
    try {
      const request = requestFor(document, position, abort.signal);
      const hit = this.deps.service.cached(request);
      if (hit) return itemsFor(hit.text, position);

      const explicit = context.triggerKind === vscode.InlineCompletionTriggerKind.Invoke;
      const wait = explicit ? 0 : this.debounce.delay(settings.debounceMs, performance.now());
      if (!(await sleep(wait, abort.signal))) return undefined;
      if (!(await this.mayUseModel()) || abort.signal.aborted) return undefined;

      const answer = await this.deps.service.generate(request);
      if (abort.signal.aborted || token.isCancellationRequested) return undefined;
      return itemsFor(answer.text, position);
    } catch (error) {
      // VS Code would show nothing for a throw either, but the log is where people look.
      this.deps.log.warn(`Inline completion failed: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    } finally {
      abort.dispose();
      if (this.current === abort) this.current = undefined;
    }
  }

  /** Whether asking the model now is welcome (see the file's header). */
  private async mayUseModel(): Promise<boolean> {
    const state = this.deps.host.state;
    // A failed load is retried from the chat or the status bar, not on every keystroke.
    if (state.kind === "error") return false;
    // A one-sequence model shares its only KV cache with the chat: a completion would make the
    // chat's next step evaluate its whole conversation again.
    const sequences = state.kind === "ready" ? state.report.sequences : 1;
    if (sequences <= 1 && this.deps.chatBusy()) return false;
    // Not loaded: load it if it is on disk, but never start a download from a keystroke.
    if (state.kind === "idle") return this.deps.modelOnDisk();
    return true;
  }
}

function requestFor(document: vscode.TextDocument, position: vscode.Position, signal: AbortSignal): CompletionRequest {
  return {
    document: document.uri.toString(),
    // A copy as it is now: the document changes under a request that waits for the model, and a
    // prompt mixing this position with later text would be wrong (a copy of 2,000 lines: ~0.2 ms).
    lines: linesOf(document.getText()),
    position: { line: position.line, character: position.character },
    file: { path: displayPathOf(document), languageId: document.languageId },
    signal,
  };
}

function itemsFor(text: string | undefined, position: vscode.Position): vscode.InlineCompletionItem[] | undefined {
  if (!text) return undefined;
  return [new vscode.InlineCompletionItem(text, new vscode.Range(position, position))];
}

/** Resolves true after `ms`, false as soon as `signal` aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  if (ms <= 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve(true);
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
