// What an eval task is, checked with zod when it is loaded: a workspace to copy, the user's
// message, the checks that decide pass or fail, a step and time budget, and the reference script
// (what a good agent would do) that `--scripted-reference` plays through the real engine.
import { promises as fs } from "node:fs";
import path from "node:path";
import { z } from "zod";

/** A check on the workspace copy or the answer once the agent has finished. All of a task's checks must pass. */
export const checkSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("command"),
    /** A shell command run in the copy; passes on exit code 0. `tsc` is on PATH (the project's own TypeScript). */
    run: z.string().min(1),
    /** A folder of the task (e.g. "hidden") copied over the workspace before `run`: tests the agent never saw. */
    withFiles: z.string().optional(),
  }),
  z.object({
    type: z.literal("unchanged"),
    /** Files that must still be byte-for-byte as they were; absent: the whole workspace. */
    paths: z.array(z.string()).optional(),
  }),
  z.object({
    type: z.literal("answer"),
    /** Regular expressions (case-insensitive) the final answer must all match: the known facts. */
    include: z.array(z.string()).min(1),
    /** Regular expressions it must not match (a wrong answer that names the right words too). */
    exclude: z.array(z.string()).optional(),
  }),
  z.object({
    type: z.literal("catches-bug"),
    /** The test command: it must pass on the copy, and fail once `bug` is laid over the copy. */
    run: z.string().min(1),
    /** A folder of the task holding the buggy versions of source files. */
    bug: z.string().min(1),
  }),
]);
export type Check = z.infer<typeof checkSchema>;

/** One step of the reference script: a tool call, or the final answer (the last step). */
export const referenceStepSchema = z.union([
  z.object({ tool: z.string().min(1), args: z.record(z.string(), z.unknown()) }).strict(),
  z.object({ answer: z.string().min(1) }).strict(),
]);
export type ReferenceStep = z.infer<typeof referenceStepSchema>;

export const TASK_KINDS = [
  "fix-test",
  "implement",
  "type-error",
  "rename",
  "add-parameter",
  "find-definition",
  "explain",
  "write-test",
  "run-to-see",
  "cannot-be-done",
] as const;

export const taskSchema = z
  .object({
    kind: z.enum(TASK_KINDS),
    language: z.enum(["javascript", "typescript", "python"]),
    /** The user's message, as typed in the chat. */
    message: z.string().min(1),
    budget: z.object({ steps: z.number().int().min(1).max(100), seconds: z.number().int().min(5).max(3600) }),
    checks: z.array(checkSchema).min(1),
    /** What `--no-op` (answer at once, touch nothing) must get: "fail" except for tasks whose right answer is to change nothing. */
    noOp: z.enum(["fail", "pass"]).default("fail"),
    reference: z.array(referenceStepSchema).min(1),
  })
  .strict()
  .superRefine((task, ctx) => {
    const last = task.reference.at(-1);
    if (!last || !("answer" in last)) ctx.addIssue({ code: "custom", path: ["reference"], message: "the reference script must end with an answer" });
    task.reference.slice(0, -1).forEach((step, i) => {
      if ("answer" in step) ctx.addIssue({ code: "custom", path: ["reference", i], message: "only the last reference step may be an answer" });
    });
  });
export type TaskSpec = z.infer<typeof taskSchema>;

export interface Task extends TaskSpec {
  /** The task folder's name, e.g. "js-fix-slugify". */
  id: string;
  /** Absolute path of the task folder (task.json, workspace/, and folders the checks name). */
  dir: string;
  /** Absolute path of the workspace the agent gets a copy of. */
  workspace: string;
}

/** The tasks folder of this repository. */
export const TASKS_DIR = path.resolve(__dirname, "..", "tasks");

/** Loads every task under `dir` whose id matches one of `patterns` (globs on the id; none: all). */
export async function loadTasks(dir: string, patterns: readonly string[] = []): Promise<Task[]> {
  const names = (await fs.readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  const matchers = patterns.map(globToRegExp);
  const chosen = matchers.length ? names.filter((name) => matchers.some((m) => m.test(name))) : names;
  const tasks: Task[] = [];
  for (const id of chosen) tasks.push(await loadTask(path.join(dir, id)));
  return tasks;
}

export async function loadTask(dir: string): Promise<Task> {
  const id = path.basename(dir);
  const file = path.join(dir, "task.json");
  let data: unknown;
  try {
    data = JSON.parse(await fs.readFile(file, "utf8"));
  } catch (error) {
    throw new Error(`${file}: cannot read it as JSON (${error instanceof Error ? error.message : String(error)}).`);
  }
  const parsed = taskSchema.safeParse(data);
  if (!parsed.success) throw new Error(`${file} is not a valid task:\n${z.prettifyError(parsed.error)}`);
  const workspace = path.join(dir, "workspace");
  const stat = await fs.stat(workspace).catch(() => undefined);
  if (!stat?.isDirectory()) throw new Error(`${dir}: the task has no workspace/ folder.`);
  for (const check of parsed.data.checks) {
    const folder = check.type === "command" ? check.withFiles : check.type === "catches-bug" ? check.bug : undefined;
    if (folder !== undefined && !(await fs.stat(path.join(dir, folder)).catch(() => undefined))?.isDirectory()) {
      throw new Error(`${file}: the check names the folder "${folder}", which the task does not have.`);
    }
  }
  return { ...parsed.data, id, dir, workspace };
}

/** `js-*`, `*rename*`: `*` any run of characters, `?` one; the whole id must match. */
export function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${body}$`);
}
