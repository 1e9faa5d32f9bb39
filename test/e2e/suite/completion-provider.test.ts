// The inline-completion provider inside the real extension host, on a real document, with the
// completion service over a stand-in model host that records leases: when the model is asked and
// when it is left alone. (Generation itself is covered on the real engine and in the UI test.)
import * as assert from "assert";
import * as vscode from "vscode";
import type { HostState } from "../../../src/engine/modelHost";
import { SchedulerAbort } from "../../../src/engine/scheduler";
import { CompletionService } from "../../../src/vscode/completions/completionService";
import { InlineCompletionProvider } from "../../../src/vscode/completions/provider";

interface Recorder {
  leases: number;
  warnings: string[];
}

const readyWith = (sequences: number) => ({ kind: "ready", report: { sequences } }) as unknown as HostState;

/** A host whose lease waits until the request is cancelled (a model busy elsewhere), or throws `fail`. */
function setup(options: { state: HostState; chatBusy?: boolean; onDisk?: boolean; fail?: Error }) {
  const recorder: Recorder = { leases: 0, warnings: [] };
  const log = {
    debug() {},
    info() {},
    warn: (message: string) => void recorder.warnings.push(message),
    error: (message: string | Error) => void recorder.warnings.push(String(message)),
  } as unknown as vscode.LogOutputChannel;
  const host = {
    state: options.state,
    lease: (_priority: string, signal?: AbortSignal) => {
      recorder.leases++;
      if (options.fail) return Promise.reject(options.fail);
      return new Promise<never>((_, reject) => signal?.addEventListener("abort", () => reject(new SchedulerAbort("cancelled")), { once: true }));
    },
  };
  const service = new CompletionService({ host: host as never, log, maxTokens: () => 16 });
  const provider = new InlineCompletionProvider({
    service,
    host,
    log,
    chatBusy: () => options.chatBusy ?? false,
    modelOnDisk: async () => options.onDisk ?? true,
  });
  return { provider, service, recorder };
}

const invoke: vscode.InlineCompletionContext = { triggerKind: vscode.InlineCompletionTriggerKind.Invoke, selectedCompletionInfo: undefined };

async function settle(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 20));
}

suite("inline completion provider", () => {
  let document: vscode.TextDocument;
  const at = new vscode.Position(1, 9);

  suiteSetup(async () => {
    document = await vscode.workspace.openTextDocument({ language: "typescript", content: "export function gross(net: number): number {\n  return \n}\n" });
  });

  test("no model call while the chat answers on a one-sequence model", async () => {
    const { provider, recorder } = setup({ state: readyWith(1), chatBusy: true });
    const items = await provider.provideInlineCompletionItems(document, at, invoke, new vscode.CancellationTokenSource().token);
    assert.strictEqual(items, undefined);
    assert.strictEqual(recorder.leases, 0);
  });

  test("with a sequence to spare, a busy chat does not hold completions back", async () => {
    const { provider, recorder } = setup({ state: readyWith(2), chatBusy: true });
    const source = new vscode.CancellationTokenSource();
    const pending = provider.provideInlineCompletionItems(document, at, invoke, source.token);
    await settle();
    assert.strictEqual(recorder.leases, 1);
    source.cancel();
    assert.strictEqual(await pending, undefined);
  });

  test("a failed load is not retried by typing, and a model not on disk is never fetched for a completion", async () => {
    const failed = setup({ state: { kind: "error", message: "out of memory", code: undefined } });
    assert.strictEqual(await failed.provider.provideInlineCompletionItems(document, at, invoke, new vscode.CancellationTokenSource().token), undefined);
    const absent = setup({ state: { kind: "idle" }, onDisk: false });
    assert.strictEqual(await absent.provider.provideInlineCompletionItems(document, at, invoke, new vscode.CancellationTokenSource().token), undefined);
    assert.strictEqual(failed.recorder.leases + absent.recorder.leases, 0);
  });

  test("a newer request cancels the older at once, and the cancelled one shows nothing", async () => {
    const { provider, service, recorder } = setup({ state: readyWith(1) });
    // VS Code has not cancelled the first request's token: the provider must do it itself.
    const first = provider.provideInlineCompletionItems(document, at, invoke, new vscode.CancellationTokenSource().token);
    await settle();
    const secondSource = new vscode.CancellationTokenSource();
    const second = provider.provideInlineCompletionItems(document, at.translate(0, -1), invoke, secondSource.token);
    assert.strictEqual(await first, undefined);
    assert.strictEqual(service.counters.cancelled, 1);
    await settle();
    assert.strictEqual(recorder.leases, 2);
    secondSource.cancel();
    assert.strictEqual(await second, undefined);
  });

  test("an error reaches only the log", async () => {
    const { provider, recorder } = setup({ state: readyWith(1), fail: new Error("the model file vanished") });
    const items = await provider.provideInlineCompletionItems(document, at, invoke, new vscode.CancellationTokenSource().token);
    assert.strictEqual(items, undefined);
    assert.ok(
      recorder.warnings.some((w) => w.includes("the model file vanished")),
      `logged: ${recorder.warnings.join(" | ")}`,
    );
  });

  test("a language switched off is not completed", async () => {
    const config = vscode.workspace.getConfiguration();
    await config.update("gptOss.inlineCompletions.languages", { "*": true, typescript: false }, vscode.ConfigurationTarget.Global);
    try {
      const { provider, recorder } = setup({ state: readyWith(1) });
      assert.strictEqual(await provider.provideInlineCompletionItems(document, at, invoke, new vscode.CancellationTokenSource().token), undefined);
      assert.strictEqual(recorder.leases, 0);
    } finally {
      await config.update("gptOss.inlineCompletions.languages", undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
