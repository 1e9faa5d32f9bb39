// Project instructions: what a repository tells coding agents about itself (AGENTS.md, the
// convention most agents read, and GitHub Copilot's .github/copilot-instructions.md), plus the
// user's own `gptOss.instructions`. They go into the developer message's `# Instructions`, after
// ours, each under its file name. Read through the tool environment, so the same path and secret
// policy, special-file refusal and unsaved-buffer view apply as to the model's own reads.
import type { ToolEnvironment } from "../tools/contract";
import { resolveForTool } from "../tools/resolveForTool";

/** The files read in each workspace folder, in the order they go into the prompt. */
export const INSTRUCTION_FILES = ["AGENTS.md", ".github/copilot-instructions.md"] as const;

/**
 * Characters of project instructions in one prompt, all sources together (~4,000 tokens). A
 * repository's AGENTS.md can be long; past this it would crowd out the conversation in an
 * 8k-token window, and a small model follows a short brief better than a long one.
 */
export const INSTRUCTIONS_CHAR_CAP = 16_000;

export interface InstructionSource {
  /** How the prompt and the chat name it: "AGENTS.md", "web/AGENTS.md" (multi-root), "Settings". */
  readonly label: string;
  /** The file on disk, for the chat's chip to open; absent for the setting. */
  readonly absolute?: string;
  readonly text: string;
  /** Set when this source was cut (or left out) to fit the cap: says so in the prompt and the chat. */
  readonly capNote?: string;
}

export interface InstructionSkip {
  readonly label: string;
  /** Why it was not used (a secret-looking path, not a regular file, unreadable). */
  readonly reason: string;
}

export interface ProjectInstructions {
  readonly sources: readonly InstructionSource[];
  readonly skipped: readonly InstructionSkip[];
}

export const NO_INSTRUCTIONS: ProjectInstructions = { sources: [], skipped: [] };

export interface ReadInstructionsOptions {
  /** The user's own instructions (the `gptOss.instructions` setting). */
  readonly userText?: string;
  /** Total characters kept (INSTRUCTIONS_CHAR_CAP). */
  readonly cap?: number;
}

/** Reads every folder's instruction files; missing files are simply absent, refusals are reported. */
export async function readProjectInstructions(env: ToolEnvironment, options: ReadInstructionsOptions = {}): Promise<ProjectInstructions> {
  const found: { label: string; absolute?: string; text: string }[] = [];
  const skipped: InstructionSkip[] = [];
  for (const folder of env.folders) {
    for (const file of INSTRUCTION_FILES) {
      const requested = env.folders.length > 1 ? `${folder.name}/${file}` : file;
      const exists = await env.stat(env.paths.resolve(folder.path, ...file.split("/"))).catch(() => undefined);
      if (!exists) continue;
      try {
        const resolved = await resolveForTool(env, requested, { mustExist: true });
        const info = await env.stat(resolved.absolute);
        if (info?.type !== "file") {
          skipped.push({ label: resolved.display, reason: "not a regular file" });
          continue;
        }
        const text = (await env.readText(resolved.absolute)).trim();
        if (text) found.push({ label: resolved.display, absolute: resolved.absolute, text });
      } catch (error) {
        skipped.push({ label: requested, reason: error instanceof Error ? error.message : String(error) });
      }
    }
  }
  const userText = options.userText?.trim();
  if (userText) found.push({ label: "Settings (gptOss.instructions)", text: userText });
  return { sources: capSources(found, options.cap ?? INSTRUCTIONS_CHAR_CAP), skipped };
}

/** Keeps sources in order until `cap` characters; the one that crosses it is cut, later ones dropped. */
export function capSources(found: readonly { label: string; absolute?: string; text: string }[], cap: number): InstructionSource[] {
  const sources: InstructionSource[] = [];
  let left = cap;
  for (const source of found) {
    if (left <= 0) {
      sources.push({ ...source, text: "", capNote: `left out: project instructions are capped at ${cap} characters` });
    } else if (source.text.length > left) {
      sources.push({ ...source, text: source.text.slice(0, left), capNote: `cut here: project instructions are capped at ${cap} characters` });
    } else {
      sources.push({ ...source });
    }
    left -= source.text.length;
  }
  return sources;
}

/** The text appended to our own instructions; empty when there are none. */
export function instructionsSection(instructions: ProjectInstructions): string {
  const parts: string[] = [];
  for (const source of instructions.sources) {
    const body = [source.text, source.capNote ? `(${source.capNote})` : ""].filter(Boolean).join("\n\n");
    parts.push(`## ${source.label}\n\n${body}`);
  }
  if (!parts.length) return "";
  return ["The project gives these instructions (follow them where they do not conflict with the rules above):", ...parts].join("\n\n");
}
