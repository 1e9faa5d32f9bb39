// gpt-oss's `python` built-in as an agent tool: the model sends code on the analysis channel
// (`to=python`), the sandbox runs it, the output goes back from `python` on that channel.
// Nothing leaves the sandbox, so by default it runs without asking; "ask" makes it ask first
// (shown like a command), "off" leaves it out (and out of the system message).
import * as z from "zod";
import type { Conversation } from "../../core/harmony/index";
import type { Tool, ToolResult } from "../../core/tools/contract";
import type { PythonSandbox } from "./pythonSandbox";

export type PythonMode = "on" | "ask" | "off";

export function createPythonTool(sandbox: PythonSandbox, mode: Exclude<PythonMode, "off"> = "on"): Tool<string> {
  return {
    name: "python",
    recipient: "python",
    rawArguments: true,
    description: "Runs Python code in a sandbox (declared in the system message as gpt-oss's built-in python tool).",
    parameters: z.string().max(200_000, "the code is longer than 200,000 characters"),
    risk: mode === "ask" ? "run" : "read",
    invocationMessage: (code) => `Running Python (${lineCount(code)} line${lineCount(code) === 1 ? "" : "s"})`,
    ...(mode === "ask" && {
      prepare: async (code: string) => ({ kind: "command" as const, command: code, cwd: "/mnt/data", cwdLabel: "the Python sandbox" }),
    }),
    async run(code, context): Promise<ToolResult> {
      const run = await sandbox.run(code, context.signal);
      const summary = run.timedOut ? "Timed out" : run.cancelled ? "Cancelled" : run.isError ? lastLine(run.output) : "Ran";
      return { content: run.output, isError: run.isError, summary };
    },
  };
}

/** True when the conversation already holds a python call: a new sandbox for it has lost that state. */
export function conversationUsedPython(conversation: Conversation): boolean {
  return conversation.some((m) => m.role === "assistant" && m.recipient === "python");
}

function lineCount(code: string): number {
  return code.replace(/\n+$/, "").split("\n").length;
}

function lastLine(text: string): string {
  const line = text.trimEnd().split("\n").at(-1) ?? "";
  return line.length > 160 ? `${line.slice(0, 159)}…` : line;
}
