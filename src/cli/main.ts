// `gpt-oss-local`: the command-line face of the extension's core (model files, harmony, chat).
import { CliError, UsageError, type CliIO } from "./command";
import { commands } from "./commands/index";

const VERSION = "0.1.0";

function helpText(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    "Usage: gpt-oss-local <command> [arguments]",
    "",
    "Commands:",
    ...lines,
    "",
    "Run `gpt-oss-local help <command>` for a command's usage.",
  ].join("\n");
}

export async function main(argv: string[], io: CliIO): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === "help" || name === "--help" || name === "-h") {
    const topic = args[0] && commands.find((c) => c.name === args[0]);
    io.out(topic ? topic.usage : helpText());
    return 0;
  }
  if (name === "--version" || name === "-v") {
    io.out(VERSION);
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.err(`gpt-oss-local: unknown command "${name}".\n\n${helpText()}`);
    return 2;
  }
  try {
    return await command.run(args, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`gpt-oss-local ${name}: ${error.message}\n\n${command.usage}`);
      return 2;
    }
    if (error instanceof CliError) {
      io.err(`gpt-oss-local ${name}: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

if (require.main === module) {
  const io: CliIO = {
    out: (text) => process.stdout.write(text.endsWith("\n") ? text : `${text}\n`),
    err: (text) => process.stderr.write(text.endsWith("\n") ? text : `${text}\n`),
    write: (text, stream = "out") => (stream === "out" ? process.stdout : process.stderr).write(text),
  };
  main(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      io.err(`gpt-oss-local: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      process.exitCode = 1;
    },
  );
}
