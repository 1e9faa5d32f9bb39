// The same tools offered to every chat in VS Code (Copilot's agent mode, other extensions) through
// `vscode.lm.registerTool`. A call goes through the agent's own tool path (argument validation,
// the workspace path policy, the secret checks, prepare-then-run, the result cap), with VS Code's
// confirmation in place of our approval: `prepareInvocation` computes the change and shows it,
// and `invoke` runs only the change the user saw (the file may have changed in between).
import { visibleName, visibleText } from "../../core/tools/visibleText";
import { runsCodeReason } from "../../core/tools/runsCode";
import * as vscode from "vscode";
import { TokenAbort } from "../cancellation";
import { defaultMaxResultChars } from "../../core/agent/resultCap";
import { handleToolCall } from "../../core/agent/toolCall";
import type { Approver } from "../../core/agent/types";
import { isChangingRisk, type AnyTool, type ProposedChange, type ToolContext, type ToolEnvironment } from "../../core/tools/contract";
import { ALL_TOOLS, availableTools } from "../../core/tools/registry";
import type { Log } from "../log";
import { describeChange, diffExcerpt, fenced } from "./changeSummary";

export interface LanguageModelToolsOptions {
  environment: ToolEnvironment;
  log?: Log;
  /** Whether the user chose "Always allow" for a tool (then VS Code does not ask either). */
  isAlwaysAllowed(toolName: string): boolean;
}

/** Without a token budget from the caller, results are capped as for a 32K-token window. */
const DEFAULT_RESULT_CHARS = defaultMaxResultChars(32_768);
/** Confirmed changes waiting for their `invoke` (a cancelled confirmation never gets one). */
const MAX_CONFIRMED = 32;

function sameChange(a: ProposedChange, b: ProposedChange): boolean {
  if (a.kind === "command" || b.kind === "command") {
    return a.kind === "command" && b.kind === "command" && a.command === b.command && a.cwd === b.cwd;
  }
  if (a.kind === "patch" || b.kind === "patch") return a.kind === "patch" && b.kind === "patch" && JSON.stringify(a.files) === JSON.stringify(b.files);
  if (a.kind === "external" || b.kind === "external") {
    return a.kind === "external" && b.kind === "external" && a.source === b.source && a.tool === b.tool && a.arguments === b.arguments;
  }
  return a.absolute === b.absolute && a.before === b.before && a.after === b.after && a.create === b.create;
}

/** What VS Code shows before a changing tool runs: the diff excerpt or the command. */
export function confirmationFor(change: ProposedChange): vscode.LanguageModelToolConfirmationMessages {
  const message = new vscode.MarkdownString();
  if (change.kind === "command") {
    message.appendMarkdown(`gpt-oss Local Assistant's \`run_command\` will run this in \`${visibleName(change.cwdLabel)}\`:\n\n`);
    message.appendMarkdown(fenced(visibleText(change.command), "sh"));
    return { title: "Run this command?", message };
  }
  if (change.kind === "patch") {
    for (const file of change.files) {
      message.appendMarkdown(`${describeChange({ kind: "patch", files: [file] }).replace(/^(\S+)/, "`$1`")}\n\n`);
      message.appendMarkdown(fenced(diffExcerpt(file.before, file.after), "diff") + "\n\n");
    }
    return { title: `Patch ${change.files.length === 1 ? change.files[0]!.path : `${change.files.length} files`}?`, message };
  }
  if (change.kind === "external") {
    message.appendMarkdown(`\`${change.tool}\` from ${change.source} will be called with:\n\n`);
    message.appendMarkdown(fenced(change.arguments, "json"));
    return { title: `Call ${change.tool}?`, message };
  }
  message.appendMarkdown(`${describeChange(change).replace(/^(\S+)/, "`$1`")}\n\n`);
  const why = runsCodeReason(change);
  if (why) message.appendMarkdown(`**Asked even if edits are always allowed:** ${why}\n\n`);
  message.appendMarkdown(fenced(diffExcerpt(change.before, change.after), "diff"));
  return { title: change.create ? `Create ${visibleName(change.path)}?` : `Edit ${visibleName(change.path)}?`, message };
}

class ToolAdapter implements vscode.LanguageModelTool<Record<string, unknown>> {
  /** Changes shown in a confirmation, by tool and input, until `invoke` takes them. */
  private readonly confirmed = new Map<string, ProposedChange>();

  constructor(
    private readonly tool: AnyTool,
    private readonly options: LanguageModelToolsOptions,
  ) {}

  private key(input: unknown): string {
    return `${this.tool.name}\u0000${JSON.stringify(input)}`;
  }

  private context(token: vscode.CancellationToken, maxResultChars = DEFAULT_RESULT_CHARS): { context: ToolContext; done(): void } {
    const abort = new TokenAbort(token);
    return { context: { env: this.options.environment, signal: abort.signal, maxResultChars }, done: () => abort.dispose() };
  }

  async prepareInvocation(
    options: vscode.LanguageModelToolInvocationPrepareOptions<Record<string, unknown>>,
    token: vscode.CancellationToken,
  ): Promise<vscode.PreparedToolInvocation> {
    const parsed = this.tool.parameters.safeParse(options.input);
    // Invalid input: invoke reports why, and runs nothing.
    if (!parsed.success) return { invocationMessage: `Calling ${this.tool.name}` };
    const invocationMessage = this.tool.invocationMessage(parsed.data);
    if (!isChangingRisk(this.tool.risk) || !this.tool.prepare) return { invocationMessage };
    const { context, done } = this.context(token);
    try {
      // Side-effect free: prepare only computes the change.
      const change = await this.tool.prepare(parsed.data, context);
      // "Always allow" answers, except for a file that configures code to run.
      if (this.options.isAlwaysAllowed(this.tool.name) && !runsCodeReason(change)) return { invocationMessage };
      this.confirmed.delete(this.key(options.input));
      this.confirmed.set(this.key(options.input), change);
      for (const old of this.confirmed.keys()) {
        if (this.confirmed.size <= MAX_CONFIRMED) break;
        this.confirmed.delete(old);
      }
      return { invocationMessage, confirmationMessages: confirmationFor(change) };
    } catch {
      // The same failure comes back from invoke, before anything changes.
      return { invocationMessage };
    } finally {
      done();
    }
  }

  async invoke(
    options: vscode.LanguageModelToolInvocationOptions<Record<string, unknown>>,
    token: vscode.CancellationToken,
  ): Promise<vscode.LanguageModelToolResult> {
    const key = this.key(options.input);
    const shown = this.confirmed.get(key);
    this.confirmed.delete(key);
    const budget = options.tokenizationOptions?.tokenBudget;
    const { context, done } = this.context(token, budget ? Math.max(1_000, budget * 3) : DEFAULT_RESULT_CHARS);
    // Restricted Mode may have started (or ended) since registration: ask at each call.
    const tools = availableTools({ trusted: vscode.workspace.isTrusted, languageServices: context.env.languageServices !== undefined });
    if (!tools.some((tool) => tool.name === this.tool.name)) {
      done();
      const why = vscode.workspace.isTrusted ? "is not available here" : "cannot change files or run commands in Restricted Mode (the workspace is not trusted)";
      return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(`Error: ${this.tool.name} ${why}.`)]);
    }
    const approve: Approver = async (request) => {
      if (this.options.isAlwaysAllowed(request.tool.name) && !request.mustAsk) return { approved: true };
      if (shown && sameChange(shown, request.change)) return { approved: true };
      return {
        approved: false,
        reason: shown
          ? "The file changed after the user confirmed the edit, so the confirmed change no longer applies. Read it again and call the tool anew."
          : "The change was not shown to the user for confirmation. Call the tool again.",
      };
    };
    try {
      const { result } = await handleToolCall({
        call: { recipient: `functions.${this.tool.name}`, name: this.tool.name, arguments: JSON.stringify(options.input ?? {}) },
        callId: `lm-${this.tool.name}-${Date.now()}`,
        tools,
        approve,
        context,
        emit: (event) => {
          if (event.type === "warning") this.options.log?.warn(`${this.tool.name} (language model tool): ${event.message}`);
        },
      });
      return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(result.content)]);
    } finally {
      done();
    }
  }
}

/**
 * Registers every tool under its own name (package.json declares them: see
 * scripts/tool-manifest.ts). One that cannot be registered (another extension took the name) is
 * logged and skipped rather than failing activation.
 */
export function registerLanguageModelTools(options: LanguageModelToolsOptions): vscode.Disposable {
  const registrations: vscode.Disposable[] = [];
  for (const tool of ALL_TOOLS) {
    try {
      registrations.push(vscode.lm.registerTool(tool.name, new ToolAdapter(tool, options)));
    } catch (error) {
      options.log?.warn(`Could not register the language model tool ${tool.name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return vscode.Disposable.from(...registrations);
}
