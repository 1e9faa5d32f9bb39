// `gpt-oss-local render CASE.json`: the harmony text our renderer writes for a render case,
// special tokens spelled out, exactly as the model would read it.
import { renderCaseText } from "../../core/harmony/conformance";
import { loadCase } from "../../node/conformanceFiles";
import { CliError, UsageError, type CliCommand } from "../command";

export const renderCommand: CliCommand = {
  name: "render",
  summary: "Print the harmony text of a conformance render case",
  usage: [
    "Usage: gpt-oss-local render <case.json>",
    "",
    "Renders the case's conversation (for completion or as is, per its `render` settings)",
    "and prints the text, special tokens spelled out.",
  ].join("\n"),

  async run(args, io) {
    const option = args.find((arg) => arg.startsWith("-"));
    if (option) throw new UsageError(`unknown option "${option}".`);
    if (args.length !== 1) throw new UsageError(args.length ? `one case file at a time (got ${args.length}).` : "which case file?");
    const testCase = readCase(args[0]!);
    if (testCase.kind !== "render") throw new CliError(`${args[0]} is a ${testCase.kind} case; try \`gpt-oss-local parse\`.`);
    io.out(renderCaseText(testCase));
    return 0;
  },
};

/** Loads a case file, turning a missing or invalid file into a message for the user. */
export function readCase(file: string): ReturnType<typeof loadCase> {
  try {
    return loadCase(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(code === "ENOENT" ? `no such file: ${file}` : (error as Error).message);
  }
}
