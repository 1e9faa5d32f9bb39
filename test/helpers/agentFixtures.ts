// Small real tools and a conversation for agent loop tests: an in-memory notebook (read and
// write notes), a tool that fails on demand and one that waits for a cancel. They follow the
// tool contract exactly; only the storage is a Map instead of the workspace.
import { z } from "zod";
import type { AgentEvent, AgentOptions, Approver } from "../../src/core/agent/types";
import {
  defaultSystemContent,
  developerContent,
  renderConversationForCompletion,
  segmentsToText,
  type Conversation,
} from "../../src/core/harmony/index";
import { nodeFileAccess } from "../../src/node/tools/nodeFileAccess";
import { ToolError, type AnyTool, type ProposedChange, type Tool, type ToolEnvironment } from "../../src/core/tools/contract";

/** An environment no test tool touches: any use is a test bug. */
export const unusedEnvironment: ToolEnvironment = {
  paths: nodeFileAccess.paths,
  stat: () => Promise.reject(new Error("not in agent tests")),
  resolvePath: () => Promise.reject(new Error("not in agent tests")),
  runRipgrep: () => Promise.reject(new Error("not in agent tests")),
  withTemporaryFile: () => Promise.reject(new Error("not in agent tests")),
  folders: [],
  secretPolicy: {},
  ripgrepPath: "rg",
  excludeGlobs: [],
  readText: () => Promise.reject(new Error("not in agent tests")),
  readDirectory: () => Promise.reject(new Error("not in agent tests")),
  applyEdit: () => Promise.reject(new Error("not in agent tests")),
  applyPatch: () => Promise.reject(new Error("not in agent tests")),
  runCommand: () => Promise.reject(new Error("not in agent tests")),
};

export interface Notebook {
  notes: Map<string, string>;
  /** Calls of each tool's run(), by name. */
  runs: Map<string, number>;
  read: Tool<{ name: string }>;
  write: Tool<{ name: string; text: string }>;
  /** Throws a ToolError (`kind: "tool"`) or a plain Error (`kind: "bug"`). */
  fail: Tool<{ kind: "tool" | "bug" }>;
  /** Runs until the run's signal aborts; records what it saw. */
  wait: Tool<Record<string, never>> & { sawAbort: boolean };
  /** Returns `size` characters. */
  big: Tool<{ size: number }>;
  all: AnyTool[];
}

export function notebook(initial: Record<string, string> = {}): Notebook {
  const notes = new Map(Object.entries(initial));
  const runs = new Map<string, number>();
  const count = (name: string) => runs.set(name, (runs.get(name) ?? 0) + 1);

  const read: Tool<{ name: string }> = {
    name: "read_note",
    description: "Read a note by name.",
    parameters: z.object({ name: z.string().min(1) }),
    risk: "read",
    invocationMessage: ({ name }) => `Reading ${name}`,
    async run({ name }) {
      count("read_note");
      const text = notes.get(name);
      if (text === undefined) throw new ToolError(`There is no note named ${name}.`);
      return { content: text, summary: `${text.length} characters` };
    },
  };

  const write: Tool<{ name: string; text: string }> = {
    name: "write_note",
    description: "Write a note (creates or replaces it).",
    parameters: z.object({ name: z.string().min(1), text: z.string() }),
    risk: "edit",
    invocationMessage: ({ name }) => `Writing ${name}`,
    async prepare({ name, text }) {
      const before = notes.get(name) ?? "";
      return { kind: "edit", path: name, absolute: `/notes/${name}`, before, after: text, create: !notes.has(name) };
    },
    async run(_params, _context, change?: ProposedChange) {
      count("write_note");
      if (change?.kind !== "edit") throw new Error("write_note runs only with its prepared change");
      // Applied in one step, and only if the note is still what the change was computed against.
      if ((notes.get(change.path) ?? "") !== change.before) throw new ToolError(`${change.path} changed meanwhile; read it again.`);
      notes.set(change.path, change.after);
      return { content: `Wrote ${change.path}.`, summary: "written" };
    },
  };

  const fail: Tool<{ kind: "tool" | "bug" }> = {
    name: "fail",
    description: "Fails.",
    parameters: z.object({ kind: z.enum(["tool", "bug"]) }),
    risk: "read",
    invocationMessage: () => "Failing",
    async run({ kind }) {
      count("fail");
      if (kind === "tool") throw new ToolError("The thing was not found; try another name.");
      throw new TypeError("Cannot read properties of undefined (reading 'x')");
    },
  };

  const wait = {
    name: "wait",
    description: "Waits until cancelled.",
    parameters: z.object({}).strict(),
    risk: "read",
    sawAbort: false,
    invocationMessage: () => "Waiting",
    run(_params: Record<string, never>, context: { signal: AbortSignal }) {
      count("wait");
      return new Promise((_resolve, reject) => {
        context.signal.addEventListener("abort", () => {
          wait.sawAbort = true;
          reject(new Error("aborted"));
        }, { once: true });
      });
    },
  } as Tool<Record<string, never>> & { sawAbort: boolean };

  const big: Tool<{ size: number }> = {
    name: "big",
    description: "Returns a long text.",
    parameters: z.object({ size: z.number().int().min(0) }),
    risk: "read",
    invocationMessage: () => "Reading a lot",
    async run({ size }) {
      count("big");
      const line = "0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstu\n";
      return { content: line.repeat(Math.ceil(size / line.length)).slice(0, size) };
    },
  };

  return { notes, runs, read, write, fail, wait, big, all: [read, write, fail, wait, big] };
}

/** System, developer (with the tools declared) and the user's message. */
export function conversationFor(tools: readonly AnyTool[], user: string, history: Conversation = []): Conversation {
  return [
    { role: "system", content: defaultSystemContent({ reasoningEffort: "low", conversationStartDate: "2026-01-01" }) },
    {
      role: "developer",
      content: developerContent(
        "Use the tools.",
        tools.map((tool) => ({ name: tool.name, description: tool.description, parameters: z.toJSONSchema(tool.parameters) as Record<string, unknown> })),
      ),
    },
    ...history,
    { role: "user", content: user },
  ];
}

/** The prompt text the model would read for this conversation. */
export function promptText(conversation: Conversation): string {
  return segmentsToText(renderConversationForCompletion(conversation));
}

/** A deterministic stand-in for the tokenizer: a token per 4 characters of the rendered prompt. */
export function countByLength(conversation: Conversation): number {
  return Math.ceil(promptText(conversation).length / 4);
}

export const approveAll: Approver = async () => ({ approved: true });

export interface Recorded {
  events: AgentEvent[];
  onEvent(event: AgentEvent): void;
  /** Event types in order, for sequence assertions. */
  types(): string[];
  of<T extends AgentEvent["type"]>(type: T): Array<Extract<AgentEvent, { type: T }>>;
}

export function recorder(also?: (event: AgentEvent) => void): Recorded {
  const events: AgentEvent[] = [];
  return {
    events,
    onEvent(event) {
      events.push(event);
      also?.(event);
    },
    types: () => events.map((e) => e.type),
    of: <T extends AgentEvent["type"]>(type: T) => events.filter((e): e is Extract<AgentEvent, { type: T }> => e.type === type),
  };
}

/** Options with test defaults: 8,192-token window, length-based counting, everything approved. */
export function agentOptions(overrides: Partial<AgentOptions> & Pick<AgentOptions, "conversation" | "tools" | "generate">): AgentOptions {
  return {
    approve: approveAll,
    toolContext: { env: unusedEnvironment },
    countTokens: countByLength,
    contextSize: 8192,
    ...overrides,
  };
}

/** A tool call's completion text: `<|channel|>commentary to=functions.NAME <|constrain|>json<|message|>ARGS<|call|>`. */
export function callText(name: string, args: string, analysis?: string): string {
  const reasoning = analysis !== undefined ? `<|channel|>analysis<|message|>${analysis}<|end|><|start|>assistant` : "";
  return `${reasoning}<|channel|>commentary to=functions.${name} <|constrain|>json<|message|>${args}<|call|>`;
}

export function finalText(answer: string, analysis?: string): string {
  const reasoning = analysis !== undefined ? `<|channel|>analysis<|message|>${analysis}<|end|><|start|>assistant` : "";
  return `${reasoning}<|channel|>final<|message|>${answer}<|return|>`;
}
