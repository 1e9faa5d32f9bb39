// The startup bundle's stand-ins (issue 20). At activation VS Code gets, for everything the
// manifest (package.json) contributes — the commands, the chat view, the vscode.lm chat provider
// and tools — and for the inline-completion provider and the read-only documents' schemes, a small object that loads the features
// bundle (dist/features.js) the first time VS Code uses it and then hands that call, and every
// later one, to the real handler. The features register their handlers as usual; in their bundle
// those vscode.* registrations reach `claim*` here (featuresVscode.ts), so each thing is registered
// with VS Code once, by its stand-in, and a first use behaves as any later one.
import * as vscode from "vscode";
import type { Log } from "../log";
import { COMPLETION_SELECTOR, completionsOn, readCompletionSettings } from "../completions/completionSettings";
import { CONTENT_SCHEMES } from "../contentSchemes";

/** What the manifest contributes that a stand-in answers for. */
export interface Contributions {
  commands: string[];
  webviewViews: string[];
  chatProviderVendors: string[];
  tools: string[];
}

export function readContributions(packageJSON: unknown): Contributions {
  const contributes = (packageJSON as { contributes?: Record<string, unknown> } | undefined)?.contributes ?? {};
  const list = (value: unknown): Array<Record<string, unknown>> => (Array.isArray(value) ? (value as Array<Record<string, unknown>>) : []);
  const strings = (items: Array<Record<string, unknown>>, key: string) => items.map((item) => item[key]).filter((v): v is string => typeof v === "string");
  const views = Object.values((contributes.views as Record<string, unknown> | undefined) ?? {}).flatMap(list);
  return {
    commands: strings(list(contributes.commands), "command"),
    webviewViews: strings(views.filter((view) => view.type === "webview"), "id"),
    chatProviderVendors: strings(list(contributes.languageModelChatProviders), "vendor"),
    tools: strings(list(contributes.languageModelTools), "name"),
  };
}

/** The real handlers the features hand over, by key, for the stand-ins offered under those keys. */
class Slots<T> {
  private readonly real = new Map<string, T>();
  readonly offered = new Set<string>();

  constructor(
    private readonly kind: string,
    private readonly load: (firstUse: string) => void,
  ) {}

  /** Takes the real handler for a key with a stand-in; undefined for any other key (register it as usual). */
  claim(key: string, handler: T): vscode.Disposable | undefined {
    if (!this.offered.has(key)) return undefined;
    if (this.real.has(key)) throw new Error(`The ${this.kind} ${key} is already registered.`);
    this.real.set(key, handler);
    return new vscode.Disposable(() => {
      if (this.real.get(key) === handler) this.real.delete(key);
    });
  }

  /** The real handler if the features handed it over already. */
  peek(key: string): T | undefined {
    return this.real.get(key);
  }

  /** Keys with a stand-in that no real handler claimed. */
  unclaimed(): string[] {
    return [...this.offered].filter((key) => !this.real.has(key)).map((key) => `${this.kind} ${key}`);
  }

  /** The real handler, loading the features first if they are not loaded yet. */
  get(key: string): T {
    if (!this.real.has(key)) this.load(`${this.kind} ${key}`);
    const handler = this.real.get(key);
    if (handler === undefined) throw new Error(`gpt-oss: the ${this.kind} ${key} is not available (the features did not register it).`);
    return handler;
  }
}

const INLINE_COMPLETIONS = "inline completions";

export class StandIns {
  readonly commands: Slots<(...args: unknown[]) => unknown>;
  readonly webviewViews: Slots<vscode.WebviewViewProvider>;
  readonly chatProviders: Slots<vscode.LanguageModelChatProvider>;
  readonly tools: Slots<vscode.LanguageModelTool<unknown>>;
  readonly inlineCompletions: Slots<vscode.InlineCompletionItemProvider>;
  readonly contentProviders: Slots<vscode.TextDocumentContentProvider>;
  /** Each scheme's stand-in change event, fired for the real provider's changes once there is one. */
  private readonly contentChanged = new Map<string, vscode.EventEmitter<vscode.Uri>>();
  /** Status-bar items shown before the features load; the features' own item with the id replaces each. */
  private readonly placeholders = new Map<string, vscode.Disposable>();
  /** The chat provider stand-in's change event: fired for the real provider once there is one, before that by `modelListChanged`. */
  private readonly chatInformationChanged = new vscode.EventEmitter<void>();
  /**
   * Answers the model-list request while the features are not loaded (VS Code asks right after
   * activation; see startup/modelListStandIn.ts); without it that request loads them.
   */
  chatInformationBeforeLoad: ((options: vscode.PrepareLanguageModelChatModelOptions, token: vscode.CancellationToken) => vscode.ProviderResult<vscode.LanguageModelChatInformation[]>) | undefined;

  /** `load` loads the features (once), saying which stand-in was used first. */
  constructor(load: (firstUse: string) => void) {
    this.commands = new Slots("command", load);
    this.webviewViews = new Slots("webview view", load);
    this.chatProviders = new Slots("language model chat provider", load);
    this.tools = new Slots("language model tool", load);
    this.inlineCompletions = new Slots("provider of", load);
    this.contentProviders = new Slots("content provider of", load);
  }

  /** Registers a stand-in for each contribution; all are disposed with the returned Disposable. */
  register(contributions: Contributions, log: Log): vscode.Disposable {
    const registrations: vscode.Disposable[] = [this.chatInformationChanged];
    for (const id of contributions.commands) {
      this.commands.offered.add(id);
      registrations.push(vscode.commands.registerCommand(id, (...args: unknown[]) => this.commands.get(id)(...args)));
    }
    for (const id of contributions.webviewViews) {
      this.webviewViews.offered.add(id);
      registrations.push(vscode.window.registerWebviewViewProvider(id, { resolveWebviewView: (...args) => this.webviewViews.get(id).resolveWebviewView(...args) }));
    }
    for (const vendor of contributions.chatProviderVendors) {
      this.chatProviders.offered.add(vendor);
      const real = () => this.chatProviders.get(vendor);
      registrations.push(
        vscode.lm.registerLanguageModelChatProvider(vendor, {
          onDidChangeLanguageModelChatInformation: this.chatInformationChanged.event,
          provideLanguageModelChatInformation: (...args) =>
            !this.chatProviders.peek(vendor) && this.chatInformationBeforeLoad ? this.chatInformationBeforeLoad(...args) : real().provideLanguageModelChatInformation(...args),
          provideLanguageModelChatResponse: (...args) => real().provideLanguageModelChatResponse(...args),
          provideTokenCount: (...args) => real().provideTokenCount(...args),
        }),
      );
    }
    for (const name of contributions.tools) {
      this.tools.offered.add(name);
      try {
        registrations.push(
          vscode.lm.registerTool(name, {
            invoke: (...args) => this.tools.get(name).invoke(...args),
            prepareInvocation: (...args) => this.tools.get(name).prepareInvocation?.(...args),
          }),
        );
      } catch (error) {
        // Another extension took the name: skipped, as the real registration would be.
        log.warn(`Could not register the language model tool ${name}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    this.inlineCompletions.offered.add(INLINE_COMPLETIONS);
    registrations.push(
      vscode.languages.registerInlineCompletionItemProvider(COMPLETION_SELECTOR, {
        provideInlineCompletionItems: (document, ...rest) =>
          // Typing where completions are off needs no features: the real provider would answer nothing too.
          completionsOn(readCompletionSettings(), document.languageId) ? this.inlineCompletions.get(INLINE_COMPLETIONS).provideInlineCompletionItems(document, ...rest) : undefined,
      }),
    );
    // An editor restored after a reload (a checkpoint's Compare) asks for its document before
    // anything else was used: its scheme's provider loads the features like any stand-in.
    for (const scheme of Object.values(CONTENT_SCHEMES)) {
      this.contentProviders.offered.add(scheme);
      const changed = new vscode.EventEmitter<vscode.Uri>();
      this.contentChanged.set(scheme, changed);
      registrations.push(
        changed,
        vscode.workspace.registerTextDocumentContentProvider(scheme, {
          onDidChange: changed.event,
          provideTextDocumentContent: (...args) => this.contentProviders.get(scheme).provideTextDocumentContent(...args),
        }),
      );
    }
    return vscode.Disposable.from(...registrations, new vscode.Disposable(() => this.placeholders.forEach((item) => item.dispose())));
  }

  /** Stand-ins the loaded features gave no real handler: each would fail when used. */
  unclaimed(): string[] {
    return [this.commands, this.webviewViews, this.chatProviders, this.tools, this.inlineCompletions, this.contentProviders].flatMap((slots) => slots.unclaimed());
  }

  claimInlineCompletions(provider: vscode.InlineCompletionItemProvider): vscode.Disposable | undefined {
    return this.inlineCompletions.claim(INLINE_COMPLETIONS, provider);
  }

  claimChatProvider(vendor: string, provider: vscode.LanguageModelChatProvider): vscode.Disposable | undefined {
    const claimed = this.chatProviders.claim(vendor, provider);
    const changes = claimed && provider.onDidChangeLanguageModelChatInformation?.(() => this.chatInformationChanged.fire());
    return claimed && vscode.Disposable.from(claimed, ...(changes ? [changes] : []));
  }

  claimContentProvider(scheme: string, provider: vscode.TextDocumentContentProvider): vscode.Disposable | undefined {
    const claimed = this.contentProviders.claim(scheme, provider);
    const changed = this.contentChanged.get(scheme);
    const changes = claimed && changed && provider.onDidChange?.((uri) => changed.fire(uri));
    return claimed && vscode.Disposable.from(claimed, ...(changes ? [changes] : []));
  }

  /** The model list may have changed (before the features load; the real provider says so after). */
  modelListChanged(): void {
    this.chatInformationChanged.fire();
  }

  /** Shows a status-bar item (with whatever keeps it current) until the features make theirs. */
  placeholder(id: string, item: vscode.Disposable): void {
    this.placeholders.set(id, item);
  }

  /** The features are about to create the item with this id: the placeholder goes first. */
  releasePlaceholder(id: string): void {
    this.placeholders.get(id)?.dispose();
    this.placeholders.delete(id);
  }
}
