// `gpt-oss-local conformance DIR`: runs every harmony case file in DIR (the format of
// test/fixtures/harmony-conformance/) against our renderer and parser, one line per case.
import { existsSync, statSync } from "node:fs";
import { runConformance } from "../../node/conformanceFiles";
import { CliError, UsageError, type CliCommand } from "../command";

export const conformanceCommand: CliCommand = {
  name: "conformance",
  summary: "Check the harmony renderer and parser against reference cases",
  usage: [
    "Usage: gpt-oss-local conformance <dir>",
    "",
    "Runs every *.json case in <dir> (render cases compare the rendered text with the",
    "expected file, parse cases compare the parsed messages) and prints `ok NAME` or",
    "`FAIL NAME` with where it differs, then `N passed, M failed`. Exits with 1 if any failed.",
    "The project's cases: test/fixtures/harmony-conformance (from openai/harmony v0.0.8).",
  ].join("\n"),

  async run(args, io) {
    const option = args.find((arg) => arg.startsWith("-"));
    if (option) throw new UsageError(`unknown option "${option}".`);
    if (args.length !== 1) throw new UsageError(args.length ? `one folder at a time (got ${args.length}).` : "which folder of cases?");
    const dir = args[0]!;
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new CliError(`no such folder: ${dir}`);

    const results = runConformance(dir);
    if (results.length === 0) throw new CliError(`no *.json case files in ${dir}`);
    for (const result of results) {
      io.out(result.ok ? `ok ${result.name}` : `FAIL ${result.name}\n${indent(result.diff ?? "")}`);
    }
    const failed = results.filter((r) => !r.ok).length;
    io.out(`${results.length - failed} passed, ${failed} failed`);
    return failed ? 1 : 0;
  },
};

function indent(text: string): string {
  return text
    .split("\n")
    .map((line) => `    ${line}`)
    .join("\n");
}
