// Each task runs in a fresh temporary copy of its workspace, so an agent's edits never reach the
// fixture; snapshots of the copy say what the agent changed.
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";

/** Build output and caches that running a task's own tests leaves behind; never a change by the agent. */
const IGNORED = new Set(["__pycache__", ".pytest_cache", "node_modules", "out"]);

/** Copies `from` into a new temporary folder and returns its real path (the path policy compares real paths). */
export async function freshCopy(from: string, label: string): Promise<string> {
  const parent = await fs.mkdtemp(path.join(os.tmpdir(), `gpt-oss-eval-${label.replace(/[^\w.-]/g, "_")}-`));
  const copy = path.join(parent, "workspace");
  await fs.cp(from, copy, { recursive: true });
  return fs.realpath(copy);
}

/** Removes a copy made by freshCopy (its temporary parent folder too). */
export async function removeCopy(copy: string): Promise<void> {
  await fs.rm(path.dirname(copy), { recursive: true, force: true });
}

/** Lays the files of `overlay` over `target` (same relative paths). */
export async function overlay(from: string, target: string): Promise<void> {
  await fs.cp(from, target, { recursive: true, force: true });
}

/** Every file under `root` (relative, "/" separators) with its content, build output and caches left out. */
export async function snapshot(root: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  const walk = async (dir: string, prefix: string): Promise<void> => {
    for (const entry of (await fs.readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
      if (IGNORED.has(entry.name) || entry.name.endsWith(".pyc")) continue;
      const full = path.join(dir, entry.name);
      const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(full, rel);
      else if (entry.isFile()) files.set(rel, await fs.readFile(full));
    }
  };
  await walk(root, "");
  return files;
}

export interface WorkspaceDiff {
  added: string[];
  removed: string[];
  changed: string[];
}

export function diffSnapshots(before: Map<string, Buffer>, after: Map<string, Buffer>): WorkspaceDiff {
  const added = [...after.keys()].filter((p) => !before.has(p));
  const removed = [...before.keys()].filter((p) => !after.has(p));
  const changed = [...after.keys()].filter((p) => before.has(p) && !before.get(p)!.equals(after.get(p)!));
  return { added, removed, changed };
}

export function diffIsEmpty(diff: WorkspaceDiff): boolean {
  return diff.added.length + diff.removed.length + diff.changed.length === 0;
}

export function describeDiff(diff: WorkspaceDiff): string {
  const parts = [
    diff.added.length ? `added ${diff.added.join(", ")}` : "",
    diff.removed.length ? `removed ${diff.removed.join(", ")}` : "",
    diff.changed.length ? `changed ${diff.changed.join(", ")}` : "",
  ].filter(Boolean);
  return parts.length ? parts.join("; ") : "no change";
}
