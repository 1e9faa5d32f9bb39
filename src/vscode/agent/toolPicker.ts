// The chat's tool picker: every source (our own tools, each MCP server, other extensions) with its
// tools and a count, as a multi-select quick pick (as VS Code's own chat configures tools). What is
// turned off is remembered per workspace.
import * as vscode from "vscode";
import type { AnyTool } from "../../core/tools/contract";
import { ALL_ON, DEFAULT_OFF_SOURCES, sourceIsOn, tooManyToolsWarning, toolPromptTokens, type ToolChoice } from "../../core/tools/toolChoice";

export interface ToolSet {
  /** "builtin", "mcp:NAME", "extensions". */
  readonly source: string;
  readonly label: string;
  readonly tools: readonly AnyTool[];
  /** The source failed (an MCP server that did not start). */
  readonly error?: string;
  /** An MCP server of mcp.json the user has not allowed to start: why; checking it in the picker allows it. */
  readonly notStarted?: string;
  /** Not started because the user turned it off here: checking it turns it back on (it asks for consent as before). */
  readonly turnedOff?: boolean;
}

const KEY = "gptOss.toolChoice";

export function readToolChoice(state: vscode.Memento): ToolChoice {
  return state.get<ToolChoice>(KEY) ?? ALL_ON;
}

type Item = vscode.QuickPickItem & { source: string; tool?: string; notStarted?: boolean; turnedOff?: boolean };

/** `allow`: called for each not-started server the user checked (ToolSet.notStarted). */
export async function pickTools(state: vscode.Memento, sets: readonly ToolSet[], allow: (source: string) => Promise<void>): Promise<void> {
  const choice = readToolChoice(state);
  const items: Item[] = [];
  const selected: Item[] = [];
  for (const set of sets) {
    const sourceOn = sourceIsOn(choice, set.source);
    items.push({ label: set.label, kind: vscode.QuickPickItemKind.Separator, source: set.source });
    if (set.turnedOff) {
      items.push({ label: `$(circle-slash) ${set.label}`, description: "turned off", detail: set.notStarted, source: set.source, notStarted: true, turnedOff: true });
      continue;
    }
    if (set.notStarted) {
      items.push({ label: `$(circle-slash) Allow ${set.label} to start`, description: "not started", detail: set.notStarted, source: set.source, notStarted: true });
      continue;
    }
    const all: Item = {
      label: `$(${set.error ? "error" : "server"}) All of ${set.label}`,
      description: set.error ? "could not start" : `${set.tools.length} tool${set.tools.length === 1 ? "" : "s"}`,
      ...(set.error ? { detail: set.error } : {}),
      source: set.source,
    };
    items.push(all);
    if (sourceOn) selected.push(all);
    for (const tool of set.tools) {
      const item: Item = { label: tool.name, description: tool.risk === "read" ? "reads" : tool.risk === "external" ? "asks first" : `${tool.risk}s, asks first`, detail: tool.description.split("\n")[0], source: set.source, tool: tool.name };
      items.push(item);
      if (sourceOn && !choice.disabledTools.includes(tool.name)) selected.push(item);
    }
  }
  const pick = vscode.window.createQuickPick<Item>();
  pick.title = "Tools for the chat in this workspace";
  pick.canSelectMany = true;
  pick.matchOnDetail = true;
  pick.items = items;
  pick.selectedItems = selected;
  const allTools = sets.flatMap((s) => s.tools);
  const describe = () => {
    const on = pick.selectedItems.filter((i) => i.tool).map((i) => i.tool!);
    const onTools = allTools.filter((t) => on.includes(t.name));
    const warning = tooManyToolsWarning(onTools);
    pick.placeholder = warning ?? `${onTools.length} of ${allTools.length} tools on · about ${toolPromptTokens(onTools).toLocaleString("en-US")} tokens of every prompt`;
  };
  describe();
  // A source's box is its tools' box: checking it checks them all, unchecking it unchecks them, and
  // checking one tool of a source that is off checks the source (else the choice saved nothing on).
  let previous = new Set(pick.selectedItems);
  pick.onDidChangeSelection((selection) => {
    const now = new Set(selection);
    const next = new Set(now);
    for (const item of items) {
      if (item.kind === vscode.QuickPickItemKind.Separator || item.notStarted) continue;
      if (item.tool) {
        const source = items.find((i) => i.source === item.source && !i.tool && i.kind !== vscode.QuickPickItemKind.Separator);
        if (source && now.has(item) && !previous.has(item)) next.add(source);
        continue;
      }
      const tools = items.filter((i) => i.tool && i.source === item.source);
      if (now.has(item) && !previous.has(item)) for (const tool of tools) next.add(tool);
      if (!now.has(item) && previous.has(item)) for (const tool of tools) next.delete(tool);
    }
    previous = next;
    if (next.size !== now.size || [...next].some((i) => !now.has(i))) pick.selectedItems = [...next];
    describe();
  });
  const accepted = await new Promise<boolean>((resolve) => {
    pick.onDidAccept(() => resolve(true));
    pick.onDidHide(() => resolve(false));
    pick.show();
  });
  const chosen = new Set(pick.selectedItems);
  pick.dispose();
  if (!accepted) return;
  for (const item of items) if (item.notStarted && !item.turnedOff && chosen.has(item)) await allow(item.source);
  // A turned-off server's row stands for its source (its tools are unknown while it is not running).
  const sourceItems = items.filter((i) => i.kind !== vscode.QuickPickItemKind.Separator && !i.tool && (!i.notStarted || i.turnedOff));
  const disabledSources = sourceItems.filter((i) => !chosen.has(i)).map((i) => i.source);
  const enabledSources = sourceItems.filter((i) => chosen.has(i) && DEFAULT_OFF_SOURCES.includes(i.source)).map((i) => i.source);
  // Tools not listed this time (a turned-off or failed server's) keep their earlier choice.
  const listed = new Set(items.flatMap((i) => (i.tool ? [i.tool] : [])));
  const disabledTools = [
    ...choice.disabledTools.filter((tool) => !listed.has(tool)),
    ...items.filter((i) => i.tool && !chosen.has(i) && !disabledSources.includes(i.source)).map((i) => i.tool!),
  ];
  await state.update(KEY, { disabledTools, disabledSources, enabledSources } satisfies ToolChoice);
}
