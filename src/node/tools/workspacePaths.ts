// Resolving a path the model wrote against the workspace folders on disk: the rules are in
// src/core/tools/workspacePaths.ts (with the types); this is the part that needs the file system.
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { PathPolicyError, type ResolvedWorkspacePath, type ResolveOptions, type WorkspaceFolderPath } from "../../core/tools/workspacePaths";

export const platformIsCaseSensitive = process.platform !== "win32" && process.platform !== "darwin";

const MAX_SYMLINK_HOPS = 40; // Linux's own limit before ELOOP

export async function resolveWorkspacePath(
  requested: string,
  folders: readonly WorkspaceFolderPath[],
  options: ResolveOptions = {},
): Promise<ResolvedWorkspacePath> {
  const roots = folders.map((folder) => {
    if (!path.isAbsolute(folder.path)) throw new TypeError(`Workspace folder path is not absolute: ${folder.path}`);
    return { folder, root: path.resolve(folder.path) };
  });
  const fold = (options.caseSensitive ?? platformIsCaseSensitive) ? (s: string) => s : (s: string) => s.toLowerCase();
  const say = new Messages(requested, folders);
  if (roots.length === 0) throw new PathPolicyError("outside-workspace", requested, say.noFolder());

  const asPath = checkedInput(requested, say);
  const candidates = candidatePaths(asPath, roots, fold);
  const inside = unique(
    candidates.flatMap((absolute) => {
      const home = containingRoot(absolute, roots, fold);
      return home ? [{ ...home, absolute }] : [];
    }),
  );
  if (inside.length === 0) throw new PathPolicyError("outside-workspace", requested, say.outside());

  let chosen = inside[0]!;
  if (inside.length > 1) {
    const existing = [];
    for (const candidate of inside) if (await exists(candidate.absolute)) existing.push(candidate);
    if (existing.length > 0) chosen = existing[0]!;
    else if (options.mustExist) throw new PathPolicyError("not-found", requested, say.notFound());
    else throw new PathPolicyError("invalid", requested, say.ambiguous());
  }

  const realTarget = await realPath(chosen.absolute, requested, say);
  const realRoots = await Promise.all(roots.map(({ root }) => realPath(root, requested, say)));
  const realHome = containingRoot(
    realTarget,
    realRoots.map((root, i) => ({ folder: roots[i]!.folder, root })),
    fold,
  );
  if (!realHome) throw new PathPolicyError("symlink-escape", requested, say.symlinkEscape());

  if (options.mustExist && !(await fs.stat(chosen.absolute).then(() => true, () => false))) {
    throw new PathPolicyError("not-found", requested, say.notFound(chosen.folder.name));
  }
  return {
    folder: chosen.folder,
    absolute: chosen.absolute,
    relative: relativeTo(chosen.root, chosen.absolute),
    realRelative: relativeTo(realHome.root, realTarget),
  };
}

interface Root {
  readonly folder: WorkspaceFolderPath;
  readonly root: string;
}

/** Refuses what is not a plain file path; turns a file:// URI into one. */
function checkedInput(requested: string, say: Messages): string {
  if (typeof requested !== "string" || requested.trim() === "") {
    throw new PathPolicyError("invalid", String(requested ?? ""), say.empty());
  }
  if (/[\u0000-\u001f\u007f]/.test(requested)) throw new PathPolicyError("invalid", requested, say.controlCharacter());
  if (requested === "~" || /^~[\\/]/.test(requested)) throw new PathPolicyError("outside-workspace", requested, say.home());
  const scheme = /^([a-z][a-z0-9+.-]+):/i.exec(requested)?.[1];
  if (scheme && scheme.toLowerCase() === "file") {
    try {
      return fileURLToPath(requested);
    } catch {
      throw new PathPolicyError("invalid", requested, say.badUri());
    }
  }
  // Two or more letters: "C:" is a Windows drive, not a scheme.
  if (scheme) throw new PathPolicyError("invalid", requested, say.notAFilePath(scheme));
  if (path.sep === "\\") checkWindowsNames(requested, say);
  return requested;
}

/** Windows aliases that would let a secret's name slip past the checks (".env." is ".env"). */
function checkWindowsNames(requested: string, say: Messages): void {
  if (/^[\\/]{2}[?.][\\/]/.test(requested)) throw new PathPolicyError("invalid", requested, say.windowsName());
  const rest = requested.replace(/^[a-z]:/i, "");
  for (const segment of rest.split(/[\\/]/)) {
    if (segment === "." || segment === "..") continue;
    if (segment.includes(":") || /[. ]$/.test(segment)) throw new PathPolicyError("invalid", requested, say.windowsName());
  }
}

function candidatePaths(requested: string, roots: readonly Root[], fold: (s: string) => string): string[] {
  if (path.isAbsolute(requested)) return [path.resolve(requested)];
  if (roots.length > 1) {
    const [first, ...rest] = path.normalize(requested).split(path.sep);
    const named = roots.find(({ folder }) => folder.name === first) ?? roots.find(({ folder }) => fold(folder.name) === fold(first ?? ""));
    if (named) return [path.resolve(named.root, ...rest)];
  }
  return roots.map(({ root }) => path.resolve(root, requested));
}

/** The innermost workspace folder holding `absolute` (folders may nest). */
function containingRoot(absolute: string, roots: readonly Root[], fold: (s: string) => string): Root | undefined {
  let best: Root | undefined;
  for (const candidate of roots) {
    if (isWithin(candidate.root, absolute, fold) && (!best || candidate.root.length > best.root.length)) best = candidate;
  }
  return best;
}

function isWithin(root: string, target: string, fold: (s: string) => string): boolean {
  const r = fold(root);
  const t = fold(target);
  return t === r || t.startsWith(r.endsWith(path.sep) ? r : r + path.sep);
}

function relativeTo(root: string, absolute: string): string {
  if (absolute.length === root.length) return ".";
  const start = root.endsWith(path.sep) ? root.length : root.length + 1;
  const relative = absolute.slice(start);
  return path.sep === "/" ? relative : relative.split(path.sep).join("/");
}

function unique<T extends { absolute: string }>(items: T[]): T[] {
  return items.filter((item, i) => items.findIndex((other) => other.absolute === item.absolute) === i);
}

async function exists(absolute: string): Promise<boolean> {
  return fs.lstat(absolute).then(() => true, () => false);
}

/**
 * Where `absolute` really is: realpath of the longest existing prefix plus the missing rest.
 * A dangling symlink is followed by hand, because creating a file through it writes its target.
 */
async function realPath(absolute: string, requested: string, say: Messages, hops = 0): Promise<string> {
  try {
    return await fs.realpath(absolute);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "ENOENT" && code !== "ENOTDIR") throw new PathPolicyError("invalid", requested, say.uncheckable(code));
  }
  const parent = path.dirname(absolute);
  if (parent === absolute) return absolute;
  const realParent = await realPath(parent, requested, say, hops);
  const link = await fs.lstat(absolute).then((stat) => stat.isSymbolicLink(), () => false);
  if (!link) return path.join(realParent, path.basename(absolute));
  if (hops >= MAX_SYMLINK_HOPS) throw new PathPolicyError("invalid", requested, say.uncheckable("ELOOP"));
  const target = await fs.readlink(absolute);
  return realPath(path.resolve(realParent, target), requested, say, hops + 1);
}

/** The refusals, worded for the model: what is wrong and what to do instead. */
class Messages {
  private readonly shown: string;
  constructor(
    requested: unknown,
    private readonly folders: readonly WorkspaceFolderPath[],
  ) {
    const text = String(requested ?? "");
    this.shown = /[\u0000-\u001f\u007f]/.test(text) ? JSON.stringify(text) : text;
  }

  private get where(): string {
    const names = this.folders.map((folder) => `'${folder.name}'`);
    return names.length === 1 ? `the workspace folder ${names[0]}` : `the workspace folders ${names.join(", ")}`;
  }

  private get example(): string {
    return this.folders.length > 1 ? `${this.folders[0]!.name}/src/index.ts` : "src/index.ts";
  }

  private get advice(): string {
    return this.folders.length > 1
      ? `Use a path inside one of them that starts with the folder's name, such as ${this.example}.`
      : `Use a path inside it, relative to the folder, such as ${this.example}.`;
  }

  noFolder = () => `No workspace folder is open, so there are no files tools may use. Ask the user to open a folder.`;
  empty = () => `The path is empty. Give a file path inside ${this.where}, such as ${this.example}.`;
  controlCharacter = () =>
    `The path ${this.shown} contains a control character (such as NUL), which no workspace file name has. Give the path as plain text, such as ${this.example}.`;
  home = () => `${this.shown} points into the home folder ("~" is not expanded), which is outside ${this.where}. ${this.advice}`;
  badUri = () => `${this.shown} is not a valid file URI. ${this.advice}`;
  notAFilePath = (scheme: string) => `${this.shown} is a ${scheme}: URI, not a file path. ${this.advice}`;
  windowsName = () =>
    `${this.shown} uses a Windows name form (a device path, a ":" stream or a trailing dot or space) that tools do not accept. Give the plain file name, such as ${this.example}.`;
  outside = () => `${this.shown} is outside ${this.where}. ${this.advice}`;
  symlinkEscape = () =>
    `${this.shown} goes through a symbolic link that leads outside ${this.where}, so tools may not use it. Use a file whose real location is inside the workspace.`;
  ambiguous = () =>
    `${this.shown} does not exist yet, and the workspace has several folders (${this.folders.map((f) => `'${f.name}'`).join(", ")}). Start the path with the folder it belongs in, such as ${this.folders[0]!.name}/${this.shown}.`;
  notFound = (folder?: string) =>
    `${this.shown} does not exist in ${folder ? `the workspace folder '${folder}'` : this.where}. Check the spelling, or list its parent folder to find the right name.`;
  uncheckable = (code: string | undefined) =>
    `${this.shown} could not be checked (${code ?? "unknown error"}${code === "ELOOP" ? ": a symbolic link loop" : ""}), so tools may not use it. Use another path.`;
}
