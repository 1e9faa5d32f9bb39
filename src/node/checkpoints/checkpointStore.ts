// Checkpoints: snapshots of a workspace folder taken before the agent's first change in a message,
// so the user can put the folder back as it was. Each folder gets a shadow git repository in our
// storage (shadowGit.ts) that honours the folder's .gitignore and never touches its own .git; a
// folder that is not a git repository at all works the same.
import { createHash } from "node:crypto";
import { promises as fs } from "node:fs";
import path from "node:path";
import { CheckpointError, shadowGit, type ShadowGit } from "./shadowGit";

export { CheckpointError };

export interface CheckpointInfo {
  /** The shadow commit's hash. */
  readonly id: string;
  /** ISO date. */
  readonly createdAt: string;
  /** What it was taken for: the user's message (first line), or "Before restoring ...". */
  readonly label: string;
}

export interface CheckpointChange {
  /** Relative to the folder, "/"-separated. */
  readonly path: string;
  /** What happened to the file since the checkpoint: restoring undoes it. */
  readonly status: "modified" | "created" | "deleted";
}

/**
 * New or changed bytes one checkpoint may store (the first one stores the whole folder). A folder
 * holding build outputs or data sets that .gitignore does not name would otherwise copy gigabytes
 * into our storage before every change.
 */
export const DEFAULT_MAX_CHECKPOINT_BYTES = 200 * 1024 * 1024;

/** Never worth a snapshot, even where no .gitignore says so (a plain folder with dependencies). */
const DEFAULT_EXCLUDES = ["node_modules/", ".venv/", "__pycache__/"];

export interface CheckpointStoreOptions {
  /** Where every folder's shadow repository lives (the extension's storage, or the CLI's state folder). */
  readonly storeRoot: string;
  /** The workspace folder (absolute). */
  readonly folder: string;
  readonly maxBytes?: number;
  readonly gitPath?: string;
}

export class CheckpointStore {
  readonly gitDir: string;
  private readonly git: ShadowGit;
  private ready: Promise<void> | undefined;

  constructor(private readonly options: CheckpointStoreOptions) {
    this.gitDir = path.join(options.storeRoot, folderKey(options.folder));
    this.git = shadowGit(this.gitDir, options.folder, options.gitPath);
  }

  /** Snapshots the folder now. */
  async take(label: string): Promise<CheckpointInfo> {
    await this.init();
    await this.checkSize();
    await this.git.run(["add", "-A", "--ignore-errors", "."]);
    const subject = label.split("\n")[0]!.trim().slice(0, 200) || "Checkpoint";
    await this.git.run(["commit", "-q", "--allow-empty", "--no-verify", "-F", "-"], { input: subject });
    const [latest] = await this.list(1);
    if (!latest) throw new CheckpointError("The checkpoint was not recorded.");
    return latest;
  }

  /** Newest first. */
  async list(limit?: number): Promise<CheckpointInfo[]> {
    if (!(await this.exists())) return [];
    const head = await this.git.run(["rev-parse", "--verify", "-q", "HEAD"]).catch(() => "");
    if (!head.trim()) return [];
    const args = ["log", "-z", "--format=%H%x1f%cI%x1f%s", ...(limit ? [`-n${limit}`] : [])];
    const out = await this.git.run(args);
    return out
      .split("\0")
      .filter((entry) => entry.trim())
      .map((entry) => {
        const [id, createdAt, label] = entry.replace(/^\n/, "").split("\x1f");
        return { id: id!, createdAt: createdAt!, label: label ?? "" };
      });
  }

  /** The checkpoint with this id (or a unique prefix of at least 7 characters). */
  async find(id: string): Promise<CheckpointInfo> {
    if (!/^[0-9a-f]{7,40}$/i.test(id)) throw new CheckpointError(`"${id}" is not a checkpoint id (7 to 40 hexadecimal characters).`);
    const match = (await this.list()).filter((c) => c.id.startsWith(id.toLowerCase()));
    if (match.length === 0) throw new CheckpointError(`No checkpoint ${id} for ${this.options.folder}.`);
    if (match.length > 1) throw new CheckpointError(`${id} names more than one checkpoint: give more characters.`);
    return match[0]!;
  }

  /** What restoring `id` would undo: files changed, created or deleted since. */
  async changesSince(id: string): Promise<CheckpointChange[]> {
    const checkpoint = await this.find(id);
    await this.git.run(["add", "-A", "--ignore-errors", "."]);
    const out = await this.git.run(["diff", "--cached", "--name-status", "-z", "--no-renames", checkpoint.id]);
    const fields = out.split("\0");
    const changes: CheckpointChange[] = [];
    for (let i = 0; i + 1 < fields.length; i += 2) {
      const status = fields[i]!;
      const file = fields[i + 1]!;
      changes.push({ path: file, status: status.startsWith("A") ? "created" : status.startsWith("D") ? "deleted" : "modified" });
    }
    return changes;
  }

  /**
   * Puts the folder back as it was at `id`: changed and deleted files get their old content, files
   * created since are removed. The state before is kept as a checkpoint of its own, so a restore can
   * be restored away.
   */
  async restore(id: string): Promise<{ changes: CheckpointChange[]; before?: CheckpointInfo }> {
    const checkpoint = await this.find(id);
    const changes = await this.changesSince(checkpoint.id);
    if (changes.length === 0) return { changes };
    const before = await this.take(`Before restoring ${checkpoint.id.slice(0, 8)}: ${checkpoint.label}`);
    const back = changes.filter((c) => c.status !== "created").map((c) => c.path);
    if (back.length) {
      await this.git.run(["checkout", checkpoint.id, "--pathspec-from-file=-", "--pathspec-file-nul"], { input: back.join("\0") + "\0" });
    }
    for (const change of changes.filter((c) => c.status === "created")) await this.removeCreated(change.path);
    await this.git.run(["read-tree", checkpoint.id]);
    return { changes, before };
  }

  /** A file's content at the checkpoint (Compare shows it beside today's); undefined where it did not exist. */
  async fileAt(id: string, relative: string): Promise<Buffer | undefined> {
    const checkpoint = await this.find(id);
    return this.git.runBuffer(["cat-file", "blob", `${checkpoint.id}:${relative}`]).catch(() => undefined);
  }

  private async removeCreated(relative: string): Promise<void> {
    const target = path.join(this.options.folder, ...relative.split("/"));
    await fs.rm(target, { force: true });
    // Folders that only held created files go too; the folder itself stays.
    let dir = path.dirname(target);
    while (dir.startsWith(this.options.folder + path.sep)) {
      const left = await fs.readdir(dir).catch(() => ["?"]);
      if (left.length) break;
      await fs.rmdir(dir).catch(() => undefined);
      dir = path.dirname(dir);
    }
  }

  private async exists(): Promise<boolean> {
    return fs.stat(path.join(this.gitDir, "HEAD")).then(() => true, () => false);
  }

  private init(): Promise<void> {
    this.ready ??= (async () => {
      await fs.mkdir(this.gitDir, { recursive: true, mode: 0o700 });
      if (!(await this.exists())) {
        await this.git.run(["init", "-q"]);
        await fs.mkdir(path.join(this.gitDir, "info"), { recursive: true });
        await fs.writeFile(path.join(this.gitDir, "info", "exclude"), DEFAULT_EXCLUDES.join("\n") + "\n");
        await fs.writeFile(path.join(this.gitDir, "gpt-oss-workspace.txt"), `${this.options.folder}\n`);
      }
    })();
    return this.ready.catch((error) => {
      this.ready = undefined;
      throw error;
    });
  }

  /** Refuses before copying anything when the new and changed files exceed the limit. */
  private async checkSize(): Promise<void> {
    const max = this.options.maxBytes ?? DEFAULT_MAX_CHECKPOINT_BYTES;
    const out = await this.git.run(["ls-files", "-z", "--others", "--modified", "--exclude-standard"]);
    let total = 0;
    const sizes: [string, number][] = [];
    for (const file of new Set(out.split("\0").filter(Boolean))) {
      const stat = await fs.lstat(path.join(this.options.folder, file)).catch(() => undefined);
      if (!stat?.isFile()) continue;
      total += stat.size;
      sizes.push([file, stat.size]);
    }
    if (total <= max) return;
    const largest = sizes.sort((a, b) => b[1] - a[1]).slice(0, 3).map(([file, size]) => `${file} (${mb(size)})`);
    throw new CheckpointError(
      `No checkpoint: ${mb(total)} of new or changed files is more than the ${mb(max)} a checkpoint may hold (largest: ${largest.join(", ")}). Add such files to .gitignore to leave them out.`,
    );
  }
}

function mb(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** One shadow repository per folder, named after the folder's real path. */
export function folderKey(folder: string): string {
  return `${path.basename(folder).replace(/[^\w.-]/g, "_").slice(0, 40)}-${createHash("sha256").update(path.resolve(folder)).digest("hex").slice(0, 16)}`;
}
