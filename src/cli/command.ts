/** One sub-command of `gpt-oss-local`. Each lives in its own file under `commands/`. */
export interface CliCommand {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** Usage line(s) shown by `gpt-oss-local help NAME` and on a usage error. */
  usage: string;
  /** Runs the command; resolves to the process exit code. */
  run(args: string[], io: CliIO): Promise<number>;
}

/** Where a command writes; tests pass their own to capture output. */
export interface CliIO {
  /** A line (a newline is added when missing). */
  out(text: string): void;
  err(text: string): void;
  /** Raw text as it streams, no newline added; absent, streaming commands write whole lines. */
  write?(text: string, stream?: "out" | "err"): void;
}

/** A mistake in how the command was called: printed with the command's usage, exit code 2. */
export class UsageError extends Error {}

/** A failure the user can act on (missing file, bad input): printed as-is, exit code 1. */
export class CliError extends Error {}
