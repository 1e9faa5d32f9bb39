// run_command: one shell command in a workspace folder, after the user approved it. The model gets
// the exit code and the output (head and tail when long: how it started and how it ended).
import * as z from "zod";
import { ToolError, type ProposedChange, type Tool, type ToolContext } from "../contract";
import { meansWholeWorkspace, resolveForTool } from "../resolveForTool";
import { capHeadTail, formatBytes } from "../resultCap";

export const RUN_COMMAND_TIMEOUT_MS = 60_000;
/** Output kept from the process; the model sees at most maxResultChars of it. */
export const RUN_COMMAND_MAX_OUTPUT_BYTES = 1024 * 1024;

const parameters = z.object({
  command: z.string().min(1).describe('The shell command line, e.g. "npm test" or "git status --short".'),
  cwd: z.string().optional().describe("Folder to run it in, relative to the workspace folder. Default: the workspace folder."),
});
export type RunCommandParams = z.infer<typeof parameters>;

type CommandChange = Extract<ProposedChange, { kind: "command" }>;

export const runCommandTool: Tool<RunCommandParams> = {
  name: "run_command",
  description:
    "Runs a shell command in the workspace, such as tests, a build, a linter or git, after the user approves it. Returns the exit code and the output (stdout and stderr together). " +
    `It gets no input and is stopped after ${RUN_COMMAND_TIMEOUT_MS / 1000} seconds, so do not start servers, watchers or interactive programs.`,
  parameters,
  risk: "run",
  invocationMessage: ({ command }) => `Running ${command}`,

  async prepare(params, { env }): Promise<CommandChange> {
    if (meansWholeWorkspace(params.cwd)) {
      const folder = env.folders[0];
      if (!folder) throw new ToolError("No workspace folder is open, so there is nowhere to run a command.");
      return { kind: "command", command: params.command, cwd: folder.path, cwdLabel: env.folders.length > 1 ? folder.name : "." };
    }
    const dir = await resolveForTool(env, params.cwd!, { mustExist: true });
    if ((await env.stat(dir.absolute))?.type !== "directory") throw new ToolError(`cwd ${dir.display} is a file; give a folder.`);
    return { kind: "command", command: params.command, cwd: dir.absolute, cwdLabel: dir.display };
  },

  async run(params, context: ToolContext, change?: ProposedChange) {
    const command = change ?? (await runCommandTool.prepare!(params, context));
    if (command.kind !== "command") throw new Error("run_command was given a change it did not prepare");
    const outcome = await context.env.runCommand(command.command, command.cwd, {
      timeoutMs: RUN_COMMAND_TIMEOUT_MS,
      maxOutputBytes: RUN_COMMAND_MAX_OUTPUT_BYTES,
      signal: context.signal,
    });
    context.signal.throwIfAborted();

    const seconds = `${(outcome.durationMs / 1000).toFixed(1)} s`;
    const status = outcome.timedOut
      ? `The command was stopped after ${RUN_COMMAND_TIMEOUT_MS / 1000} s (the time limit), so it did not finish. Run something quicker, or ask the user to run it.`
      : outcome.exitCode === null
        ? `The command was stopped after ${seconds} before it finished.`
        : `Exit code ${outcome.exitCode} (${seconds}).`;
    const dropped = outcome.truncated ? `\n[Output beyond ${formatBytes(RUN_COMMAND_MAX_OUTPUT_BYTES)} was dropped from the middle.]` : "";
    const head = `${status}${dropped}\n`;
    const output = outcome.output.trim() === "" ? { text: "(no output)", truncated: false } : capHeadTail(outcome.output, Math.max(200, context.maxResultChars - head.length - 10));
    return {
      content: `${head}Output:\n${output.text}`,
      isError: outcome.exitCode !== 0,
      summary: outcome.timedOut ? `Timed out after ${RUN_COMMAND_TIMEOUT_MS / 1000} s` : outcome.exitCode === null ? "Stopped" : `Exit code ${outcome.exitCode} in ${seconds}`,
      ...(output.truncated || outcome.truncated ? { truncated: true } : {}),
    };
  },
};
