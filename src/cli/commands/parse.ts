// `gpt-oss-local parse CASE.json`: the messages our parser reads from a parse case's input,
// as JSON in the case format (what `expected_messages` would hold).
import { parsedToCaseMessage } from "../../core/harmony/caseFile";
import { parseCaseMessages } from "../../core/harmony/conformance";
import { HarmonyParseError } from "../../core/harmony/header";
import { CliError, UsageError, type CliCommand } from "../command";
import { readCase } from "./render";

export const parseCommand: CliCommand = {
  name: "parse",
  summary: "Print the messages parsed from a conformance parse case, as JSON",
  usage: [
    "Usage: gpt-oss-local parse <case.json> [--strict | --lenient]",
    "",
    "Parses the case's `input_text` (with its `parse.role`) and prints the messages as JSON.",
    "The case says whether to parse strictly; --strict or --lenient overrides it.",
    "Exits with 1 if strict parsing fails.",
  ].join("\n"),

  async run(args, io) {
    const flags = args.filter((arg) => arg.startsWith("-"));
    const unknown = flags.find((flag) => flag !== "--strict" && flag !== "--lenient");
    if (unknown) throw new UsageError(`unknown option "${unknown}".`);
    if (flags.length > 1) throw new UsageError("--strict or --lenient, not both.");
    const files = args.filter((arg) => !arg.startsWith("-"));
    if (files.length !== 1) throw new UsageError(files.length ? `one case file at a time (got ${files.length}).` : "which case file?");

    const testCase = readCase(files[0]!);
    if (testCase.kind !== "parse") throw new CliError(`${files[0]} is a ${testCase.kind} case; try \`gpt-oss-local render\`.`);
    const strict = flags[0] === undefined ? testCase.parse.strict : flags[0] === "--strict";
    try {
      const messages = parseCaseMessages({ ...testCase, parse: { ...testCase.parse, strict } });
      io.out(JSON.stringify(messages.map(parsedToCaseMessage), null, 2));
    } catch (error) {
      if (error instanceof HarmonyParseError) throw new CliError(`strict parse failed: ${error.message}`);
      throw error;
    }
    return 0;
  },
};
