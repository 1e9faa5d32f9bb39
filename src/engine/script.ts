// Scripted output, a testing aid on the production path: a script file
// `{"responses": ["<harmony completion text>", ...]}` makes the real model say exactly what a test
// wants. Each generation call takes the next response; the engine forces its tokens one by one
// with a token bias (scriptBias.ts) and stops as if the model had emitted the response's final
// `<|return|>` / `<|call|>`. A response that ends without one (e.g. right after a tool-call
// header) hands over to the model, which goes on by itself (under the tool's grammar).
import { readFile } from "node:fs/promises";
import * as z from "zod";
import { EngineError, errorText } from "./errors";

/** The environment variable that names a script file, for end-to-end tests (the CLI also has `--script`). */
export const SCRIPT_ENV_VAR = "GPT_OSS_SCRIPT";

const scriptFileSchema = z.object({ responses: z.array(z.string()) });

export interface ScriptResponse {
  /** Which response of the file (0-based). */
  index: number;
  text: string;
}

/** The responses of one script file, handed out in order, one per generation call. */
export class ScriptPlayer {
  private nextIndex = 0;

  constructor(
    readonly source: string,
    readonly responses: readonly string[],
  ) {}

  /** Responses not yet used. */
  get remaining(): number {
    return this.responses.length - this.nextIndex;
  }

  /** Takes the next response; a script that has run out is an error that names the file. */
  next(): ScriptResponse {
    const index = this.nextIndex;
    const text = this.responses[index];
    if (text === undefined) {
      throw new EngineError(
        "script-exhausted",
        `The script ${this.source} has no response left for generation call ${index + 1} (it has ${this.responses.length}). Add a response or end the test sooner.`,
      );
    }
    this.nextIndex++;
    return { index, text };
  }
}

/** Parses a script's JSON text; `source` names it in errors. */
export function parseScript(json: string, source: string): ScriptPlayer {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (error) {
    throw new EngineError("script-invalid", `The script ${source} is not valid JSON: ${errorText(error)}`, { cause: error });
  }
  const parsed = scriptFileSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length ? ` at ${issue.path.join(".")}` : "";
    throw new EngineError(
      "script-invalid",
      `The script ${source} must look like {"responses": ["<harmony completion text>", ...]}: ${issue?.message ?? "wrong shape"}${where}.`,
    );
  }
  return new ScriptPlayer(source, parsed.data.responses);
}

/** Reads and validates a script file. */
export async function loadScriptFile(path: string): Promise<ScriptPlayer> {
  let json: string;
  try {
    json = await readFile(path, "utf8");
  } catch (error) {
    throw new EngineError("script-invalid", `Cannot read the script ${path}: ${errorText(error)}`, { cause: error });
  }
  return parseScript(json, path);
}

/** The script path from the environment (`GPT_OSS_SCRIPT`), if set and not blank. */
export function scriptPathFromEnvironment(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const value = env[SCRIPT_ENV_VAR]?.trim();
  return value ? value : undefined;
}
