// Where model files live and what is there: the models folder (the extension's global storage
// `models/` unless `gptOss.modelsFolder` says otherwise), the local file names node-llama-cpp
// gives a model URI, the models on disk with sizes, partial downloads, and deleting one.
// No node-llama-cpp import: listing must not load the engine.
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { CatalogModel } from "./catalog";
import { LOCK_SUFFIX, lockLooksAlive } from "./downloadLock";
import { DownloadError } from "./downloadErrors";

/** ipull (node-llama-cpp's downloader) writes here until the file is complete, then renames. */
export const PARTIAL_SUFFIX = ".ipull";

/** `gptOss.modelsFolder`: empty means the default; `~` is the home folder; else an absolute path. */
export function resolveModelsFolder(
  setting: string | undefined,
  defaultFolder: string,
  home = os.homedir(),
): { folder: string; problem?: string } {
  const value = (setting ?? "").trim();
  if (!value) return { folder: defaultFolder };
  const expanded = value === "~" ? home : /^~[\\/]/.test(value) ? path.join(home, value.slice(2)) : value;
  if (!path.isAbsolute(expanded)) {
    return {
      folder: defaultFolder,
      problem: `gptOss.modelsFolder "${value}" is not an absolute path; using ${defaultFolder}. Set an absolute path (or ~/...) in Settings.`,
    };
  }
  return { folder: path.normalize(expanded) };
}

// ---------------------------------------------------------------------------------------------
// Local names. node-llama-cpp 3.22.1 (utils/parseModelUri.js) names `hf:user/repo/dir/file.gguf`
// `hf_user_[repo_][branch_][dir_]file.gguf`: the repo is left out when the file name starts with
// the repo name minus "-GGUF", the folder when it equals the file name. Split models
// (`-00001-of-00003.gguf`) are fetched part by part under the same prefix. Mirrored here so the
// UI can tell what is on disk without loading the engine; a download test checks the two agree.

export interface ModelSource {
  /** One URL per file to fetch (several for a split model), in part order. */
  urls: string[];
  /** Local file names, in the same order; the first is the one a loader opens. */
  fileNames: string[];
}

const HF_PREFIXES = ["hf://", "huggingface://", "hf:", "huggingface:", "hf.co/", "huggingface.co/"];
const SPLIT_PART = /-(\d{5})-of-(\d{5})\.gguf$/i;

/** Resolves `hf:user/repo/path/file.gguf[#branch]` or an http(s) URL to URLs and local names. */
export function resolveModelSource(uri: string, huggingFaceEndpoint = defaultHuggingFaceEndpoint()): ModelSource {
  const trimmed = uri.trim();
  const hfPrefix = HF_PREFIXES.find((prefix) => trimmed.startsWith(prefix));
  if (hfPrefix) return resolveHuggingFace(trimmed.slice(hfPrefix.length), trimmed, huggingFaceEndpoint);
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw badUri(uri);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw badUri(uri);
  const name = sanitizeFileName(decodeURIComponent(url.pathname.split("/").pop() ?? ""));
  if (!name.toLowerCase().endsWith(".gguf")) throw badUri(uri);
  return splitSource(url.href, name);
}

/** The Hugging Face endpoint node-llama-cpp uses: MODEL_ENDPOINT or HF_ENDPOINT (mirrors, tests), else huggingface.co. */
export function defaultHuggingFaceEndpoint(env: NodeJS.ProcessEnv = process.env): string {
  for (const candidate of [env.MODEL_ENDPOINT, env.HF_ENDPOINT]) {
    if (candidate && /^https?:\/\//.test(candidate)) return candidate.endsWith("/") ? candidate : `${candidate}/`;
  }
  return "https://huggingface.co/";
}

function resolveHuggingFace(rest: string, uri: string, endpoint: string): ModelSource {
  const hash = rest.indexOf("#");
  const branch = (hash >= 0 ? rest.slice(hash + 1) : "") || "main";
  const [user, repo, ...filePath] = (hash >= 0 ? rest.slice(0, hash) : rest).split("/");
  const fileName = filePath.at(-1) ?? "";
  if (!user || !repo || filePath.length === 0 || !fileName.toLowerCase().endsWith(".gguf")) {
    // `hf:user/repo:quant` needs a manifest request to learn the file name; the catalog never uses it.
    throw badUri(uri);
  }
  const base = endpoint.endsWith("/") ? endpoint : `${endpoint}/`;
  const url = `${base}${encodeURIComponent(user)}/${encodeURIComponent(repo)}/resolve/${encodeURIComponent(branch)}/${filePath.map(encodeURIComponent).join("/")}?download=true`;
  const name = sanitizeFileName(fileName);
  const prefix = ["hf", sanitizeFileName(user)];
  if (!matchesRepoName(name, repo) || branch !== "main") prefix.push(sanitizeFileName(repo));
  if (branch !== "main") prefix.push(sanitizeFileName(branch));
  let folders = filePath.slice(0, -1);
  if (folders.length > 0 && stripGguf(name).toLowerCase() === folders.at(-1)!.toLowerCase()) folders = folders.slice(0, -1);
  if (folders.length > 0) prefix.push(sanitizeFileName(folders.join("__")));
  return splitSource(url, `${prefix.join("_")}_${name}`);
}

/** Expands `x-00001-of-00003.gguf` into every part; a single file stays one. */
function splitSource(url: string, fileName: string): ModelSource {
  const match = SPLIT_PART.exec(fileName);
  const urlMatch = SPLIT_PART.exec(new URL(url).pathname);
  const parts = Number(match?.[2] ?? 0);
  if (!match || !urlMatch || parts < 1 || Number(match[1]) > parts) return { urls: [url], fileNames: [sanitizeFileName(fileName)] };
  const partName = (name: string, index: number) =>
    name.replace(SPLIT_PART, `-${String(index).padStart(5, "0")}-of-${String(parts).padStart(5, "0")}.gguf`);
  const urls: string[] = [];
  const fileNames: string[] = [];
  for (let index = 1; index <= parts; index++) {
    const partUrl = new URL(url);
    partUrl.pathname = partName(partUrl.pathname, index);
    urls.push(partUrl.href);
    fileNames.push(sanitizeFileName(partName(fileName, index)));
  }
  return { urls, fileNames };
}

function matchesRepoName(fileName: string, repo: string): boolean {
  if (!repo.toLowerCase().endsWith("-gguf")) return false;
  const stem = repo.slice(0, -"-gguf".length).toLowerCase();
  return fileName.toLowerCase().startsWith(stem);
}

function stripGguf(name: string): string {
  return name.replace(SPLIT_PART, "").replace(/\.gguf$/i, "");
}

/** What the `filenamify` package (used by node-llama-cpp and ipull) does to a name, in short. */
function sanitizeFileName(name: string): string {
  let result = name
    .replace(/([<>:"/\\|?*\u0000-\u001F]){2,}/g, "$1")
    .normalize("NFD")
    .replace(/^\.+(\\|\/)|^\.+$/, "!")
    .replace(/[<>:"/\\|?*\u0000-\u001F]/g, "!")
    .replace(/[\u0000-\u001F\u0080-\u009F]/g, "!")
    .replace(/\.+$/, "");
  if (/^(con|prn|aux|nul|com\d|lpt\d)$/i.test(result)) result += "!";
  if (result.length > 100) {
    const dot = result.lastIndexOf(".");
    result = dot < 0 ? result.slice(0, 100) : result.slice(0, Math.max(1, 100 - (result.length - dot))) + result.slice(dot);
  }
  return result;
}

function badUri(uri: string): DownloadError {
  return new DownloadError(
    "bad-uri",
    `Cannot download "${uri}": use hf:user/repo/file.gguf or an http(s) URL of a .gguf file.`,
  );
}

/** Local paths of every file of a catalog model, first part first. */
export function catalogModelPaths(folder: string, model: Pick<CatalogModel, "uri">): string[] {
  return resolveModelSource(model.uri).fileNames.map((name) => path.join(folder, name));
}

// ---------------------------------------------------------------------------------------------
// What is on disk.

export interface StoredModel {
  /** File name of the first (or only) part: the file a loader opens. */
  name: string;
  /** Path of that file (its final name, even while it is still partial). */
  path: string;
  /** Everything on disk that belongs to it: parts and partial downloads. */
  files: string[];
  state: "complete" | "partial";
  /** Model bytes on disk: complete parts plus the finished chunks of partial ones. */
  downloadedBytes: number;
  /** Full size when every part's size is known. */
  totalBytes: number | undefined;
  /** Parts the model is split into (1 for a single file). */
  parts: number;
  modified: Date;
  /** The catalog model this is, when its name matches one. */
  catalogId?: CatalogModel["id"];
  /** A download of it is running now (here or in another window): do not delete it. */
  downloading?: boolean;
}

/** Models in `folder`, complete and partial, largest first. A missing folder is an empty list. */
export async function listStoredModels(folder: string, known: readonly CatalogModel[] = []): Promise<StoredModel[]> {
  let names: string[];
  try {
    names = await fs.readdir(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  const groups = new Map<string, { parts: number; files: Map<number, PartFile> }>();
  for (const name of names.sort()) {
    const partial = name.endsWith(PARTIAL_SUFFIX);
    const finalName = partial ? name.slice(0, -PARTIAL_SUFFIX.length) : name;
    if (!finalName.toLowerCase().endsWith(".gguf") || finalName.startsWith(".")) continue;
    const split = SPLIT_PART.exec(finalName);
    const key = split ? finalName.replace(SPLIT_PART, ".gguf") : finalName;
    const group = groups.get(key) ?? { parts: split ? Number(split[2]) : 1, files: new Map() };
    groups.set(key, group);
    const index = split ? Number(split[1]) : 1;
    const full = path.join(folder, name);
    const stat = await fs.stat(full).catch(() => undefined);
    if (!stat?.isFile()) continue;
    const existing = group.files.get(index);
    const file: PartFile = partial
      ? { finalName, paths: [full], complete: false, modified: stat.mtime, ...(await readPartialProgress(full, stat.size)) }
      : { finalName, paths: [full], complete: true, modified: stat.mtime, downloadedBytes: stat.size, totalBytes: stat.size };
    // A complete file wins over a leftover partial of the same name; both get deleted together.
    if (existing) {
      const winner = existing.complete ? existing : file;
      winner.paths = [...new Set([...existing.paths, ...file.paths])];
      group.files.set(index, winner);
    } else {
      group.files.set(index, file);
    }
  }

  const catalogNames = new Map(known.map((model) => [safeFirstName(model), model.id] as const));
  const models: StoredModel[] = [];
  for (const group of groups.values()) {
    const files = [...group.files.entries()].sort(([a], [b]) => a - b).map(([, file]) => file);
    const first = group.files.get(1) ?? files[0]!;
    const name = first.finalName.replace(SPLIT_PART, `-00001-of-${String(group.parts).padStart(5, "0")}.gguf`);
    const complete = files.length === group.parts && files.every((file) => file.complete);
    const sizesKnown = files.length === group.parts && files.every((file) => file.totalBytes !== undefined);
    const catalogId = catalogNames.get(name);
    const lock = await fs.stat(path.join(folder, (group.parts > 1 ? name : first.finalName) + LOCK_SUFFIX)).catch(() => undefined);
    models.push({
      name: group.parts > 1 ? name : first.finalName,
      path: path.join(folder, group.parts > 1 ? name : first.finalName),
      files: files.flatMap((file) => file.paths),
      state: complete ? "complete" : "partial",
      downloadedBytes: files.reduce((sum, file) => sum + file.downloadedBytes, 0),
      totalBytes: sizesKnown ? files.reduce((sum, file) => sum + (file.totalBytes ?? 0), 0) : undefined,
      parts: group.parts,
      modified: new Date(Math.max(...files.map((file) => file.modified.getTime()))),
      ...(catalogId ? { catalogId } : {}),
      ...(lock && lockLooksAlive(lock.mtimeMs) ? { downloading: true } : {}),
    });
  }
  return models.sort((a, b) => (b.totalBytes ?? b.downloadedBytes) - (a.totalBytes ?? a.downloadedBytes));
}

interface PartFile {
  finalName: string;
  paths: string[];
  complete: boolean;
  modified: Date;
  downloadedBytes: number;
  totalBytes: number | undefined;
}

function safeFirstName(model: CatalogModel): string {
  try {
    return resolveModelSource(model.uri).fileNames[0]!;
  } catch {
    return "";
  }
}

/** The stored model a catalog entry downloads to, if any of it is on disk. */
export async function findStoredCatalogModel(folder: string, model: CatalogModel): Promise<StoredModel | undefined> {
  const name = safeFirstName(model);
  return (await listStoredModels(folder, [model])).find((stored) => stored.name === name);
}

/** Deletes every file of a stored model (all parts, partial downloads included). */
export async function deleteStoredModel(model: Pick<StoredModel, "files">): Promise<void> {
  for (const file of model.files) await fs.rm(file, { force: true });
}

/**
 * How far a partial download got, from the progress record ipull appends after the file's
 * data: `{"part":0,"chunks":[2,2,0,...],"chunkSize":5242880,...}` at offset `totalSize`, with
 * chunk status 2 meaning complete. Without a readable record, the allocated blocks (the file is
 * sparse) estimate it.
 */
export async function readPartialProgress(
  file: string,
  fileSize?: number,
): Promise<{ downloadedBytes: number; totalBytes: number | undefined }> {
  const handle = await fs.open(file, "r");
  try {
    const stat = await handle.stat();
    const size = fileSize ?? stat.size;
    const tailLength = Math.min(size, 256 * 1024);
    const tail = Buffer.alloc(tailLength);
    await handle.read(tail, 0, tailLength, size - tailLength);
    const text = tail.toString("latin1");
    const start = text.lastIndexOf('{"part":');
    const record = start >= 0 ? parseRecord(text.slice(start)) : undefined;
    if (record) {
      const totalBytes = size - tailLength + start;
      const complete = record.chunks.filter((status) => status === 2).length;
      return { downloadedBytes: Math.min(totalBytes, complete * record.chunkSize), totalBytes };
    }
    const allocated = stat.blocks ? stat.blocks * 512 : size;
    return { downloadedBytes: Math.min(size, allocated), totalBytes: undefined };
  } finally {
    await handle.close();
  }
}

/** The JSON object at the start of `text` (a shorter record can leave older bytes after it). */
function parseRecord(text: string): { chunks: number[]; chunkSize: number } | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "{" || text[i] === "[") depth++;
    else if (text[i] === "}" || text[i] === "]") depth--;
    if (depth === 0) {
      try {
        const value = JSON.parse(text.slice(0, i + 1)) as { chunks?: unknown; chunkSize?: unknown };
        if (Array.isArray(value.chunks) && typeof value.chunkSize === "number") {
          return { chunks: value.chunks as number[], chunkSize: value.chunkSize };
        }
      } catch {
        // not a record
      }
      return undefined;
    }
  }
  return undefined;
}

/** Free bytes for this user on the disk holding `folder` (or its nearest existing parent). */
export async function freeDiskBytes(folder: string): Promise<number> {
  let current = path.resolve(folder);
  for (;;) {
    try {
      const stats = await fs.statfs(current);
      return stats.bavail * stats.bsize;
    } catch (error) {
      const parent = path.dirname(current);
      if ((error as NodeJS.ErrnoException).code !== "ENOENT" || parent === current) throw error;
      current = parent;
    }
  }
}
