// Who says yes to a changing tool in the command-line tool: `--allow` answers for the risks it
// names; anything else is asked on a terminal, and denied (with the reason said) when there is none.
import * as readline from "node:readline/promises";
import type { ApprovalDecision, Approver } from "../../core/agent/types";
import { changePreview } from "../../core/chatEvents";
import type { ProposedChange, ToolRisk } from "../../core/tools/contract";

/** `mcp` allows the tools of MCP servers (risk "external"). */
export const ALLOWABLE_RISKS = ["read", "edit", "run", "mcp"] as const;

/** Parses `--allow read,edit,run`. */
export function parseAllowList(text: string | undefined): Set<ToolRisk> | string {
  const allowed = new Set<ToolRisk>(["read"]);
  if (text === undefined) return allowed;
  for (const word of text.split(",").map((w) => w.trim()).filter(Boolean)) {
    if (!(ALLOWABLE_RISKS as readonly string[]).includes(word)) return `--allow takes read, edit, run and mcp, comma-separated (got "${word}").`;
    allowed.add(word === "mcp" ? "external" : (word as ToolRisk));
  }
  return allowed;
}

export interface CliApproverOptions {
  allowed: ReadonlySet<ToolRisk>;
  /** A terminal to ask on; undefined when stdin is not one (then unlisted risks are denied). */
  terminal?: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream };
}

export function describeChange(change: ProposedChange): string {
  const preview = changePreview(change);
  if (preview.kind === "command") return `run \`${preview.command}\` in ${preview.cwd}`;
  if (preview.kind === "external") return `call ${preview.tool} from ${preview.source} with ${preview.arguments.replace(/\s+/g, " ")}`;
  if (preview.files) return `patch ${preview.files.map((file) => `${file.action === "add" ? "new " : file.action === "delete" ? "deleted " : ""}${file.path} (+${file.added} −${file.removed})`).join(", ")}`;
  return `${preview.create ? "create" : "edit"} ${preview.path} (+${preview.added} −${preview.removed} lines)`;
}

export function createCliApprover(options: CliApproverOptions): Approver {
  const always = new Set<string>();
  return async (request, signal): Promise<ApprovalDecision> => {
    const risk = request.tool.risk;
    // --allow and "always" do not answer for a file that configures code to run: that is asked.
    if (!request.mustAsk && (options.allowed.has(risk) || always.has(request.tool.name))) return { approved: true };
    if (!options.terminal && request.mustAsk) {
      return { approved: false, reason: `${request.mustAsk} Such edits are always asked, and there is no terminal to ask on.` };
    }
    if (!options.terminal) {
      const flag = risk === "external" ? "mcp" : risk;
      return { approved: false, reason: `The user did not allow "${flag}" tools for this run (the command-line tool needs --allow ${flag}).` };
    }
    const rl = readline.createInterface({ input: options.terminal.input, output: options.terminal.output });
    try {
      const why = request.mustAsk ? `\n  (asked whatever --allow says: ${request.mustAsk})\n` : " ";
      const choices = request.mustAsk ? "[y]es / [n]o" : `[y]es / [n]o / [a]lways for ${request.tool.name}`;
      const answer = (await rl.question(`gpt-oss wants to ${describeChange(request.change)}.${why}Allow? ${choices}: `, { signal })).trim().toLowerCase();
      if (!request.mustAsk && (answer === "a" || answer === "always")) {
        always.add(request.tool.name);
        return { approved: true, always: true };
      }
      if (answer === "y" || answer === "yes") return { approved: true };
      const reason = (await rl.question("Reason (optional, goes to the model): ", { signal })).trim();
      return { approved: false, ...(reason ? { reason } : {}) };
    } finally {
      rl.close();
    }
  };
}
