// Reads a GGUF file's header (metadata and tensor infos) without touching the tensor data, and
// checks the file is long enough for the data it declares, so a cut-off download is caught
// before llama.cpp sees it. The format: https://github.com/ggml-org/ggml/blob/master/docs/gguf.md
import { open, type FileHandle } from "node:fs/promises";
import { GgufError } from "./errors";
import { ggmlTensorBytes, ggmlType } from "./ggmlTypes";

/** Metadata value types, numbered as in the GGUF specification. */
export const GgufValueType = {
  UINT8: 0,
  INT8: 1,
  UINT16: 2,
  INT16: 3,
  UINT32: 4,
  INT32: 5,
  FLOAT32: 6,
  BOOL: 7,
  STRING: 8,
  ARRAY: 9,
  UINT64: 10,
  INT64: 11,
  FLOAT64: 12,
} as const;

/** 64-bit integers are numbers when exactly representable, bigints otherwise. */
export type GgufScalar = number | bigint | boolean | string;

export interface GgufArray {
  /** A GgufValueType. */
  itemType: number;
  length: number;
  /** The items, for arrays short enough or named in `keepArrays`; absent when only counted. */
  items?: GgufValue[];
}

export type GgufValue = GgufScalar | GgufArray;

export interface GgufTensorInfo {
  name: string;
  /** ggml order: dims[0] is the contiguous dimension. */
  dims: number[];
  /** The ggml type id, and its name when known (e.g. "Q8_0", "MXFP4"). */
  type: number;
  typeName: string | undefined;
  /** Offset of the tensor's data from the start of the data section. */
  offset: number;
  elements: number;
  /** Bytes of data; undefined for a ggml type this reader does not know. */
  bytes: number | undefined;
}

export interface GgufFile {
  path: string;
  version: number;
  fileSize: number;
  metadata: ReadonlyMap<string, GgufValue>;
  tensors: GgufTensorInfo[];
  alignment: number;
  /** Where the tensor data starts. */
  dataOffset: number;
  /** The smallest file size that holds all the declared tensor data. */
  expectedMinSize: number;
}

export interface ReadGgufOptions {
  /** Arrays of up to this many items are read in full; longer ones are only counted. Default 64. */
  maxArrayItems?: number;
  /** Keys of arrays to read in full whatever their length, e.g. "tokenizer.ggml.tokens". */
  keepArrays?: readonly string[];
}

const MAGIC = "GGUF";
const DEFAULT_ALIGNMENT = 32;
/** ggml supports 4 dimensions; anything far above that is a misread header. */
const MAX_DIMS = 8;
const CHUNK_BYTES = 1 << 20;
/**
 * Bounds no real header comes near. Beyond them a number is damage; below them, running past the
 * end of the file means the file was cut off.
 */
const Limit = {
  entries: 2 ** 24,
  arrayItems: 2 ** 32,
  stringBytes: 2 ** 28,
  dimension: 2 ** 40,
  offset: Number.MAX_SAFE_INTEGER,
} as const;
const FIXED_SIZES: ReadonlyMap<number, number> = new Map([
  [GgufValueType.UINT8, 1],
  [GgufValueType.INT8, 1],
  [GgufValueType.UINT16, 2],
  [GgufValueType.INT16, 2],
  [GgufValueType.UINT32, 4],
  [GgufValueType.INT32, 4],
  [GgufValueType.FLOAT32, 4],
  [GgufValueType.BOOL, 1],
  [GgufValueType.UINT64, 8],
  [GgufValueType.INT64, 8],
  [GgufValueType.FLOAT64, 8],
]);

/** Reads and checks a GGUF header. Throws GgufError with a message meant for the user. */
export async function readGguf(path: string, options: ReadGgufOptions = {}): Promise<GgufFile> {
  const { handle, size } = await openModelFile(path);
  try {
    if (size === 0) throw new GgufError("truncated", `"${path}" is empty (0 bytes). Delete it and download again.`, path);
    const cursor = new Cursor(handle, size, path);
    await checkMagic(cursor, path);
    return await readHeader(cursor, path, options);
  } finally {
    await handle.close();
  }
}

async function openModelFile(path: string): Promise<{ handle: FileHandle; size: number }> {
  let handle: FileHandle;
  try {
    handle = await open(path, "r");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new GgufError("not-found", `No model file at "${path}".`, path);
    if (code === "EISDIR") throw new GgufError("not-a-file", `"${path}" is a folder, not a model file.`, path);
    throw new GgufError("unreadable", `Cannot open "${path}": ${(error as Error).message}`, path);
  }
  const stat = await handle.stat().catch(async (error: Error) => {
    await handle.close();
    throw new GgufError("unreadable", `Cannot read "${path}": ${error.message}`, path);
  });
  if (!stat.isFile()) {
    await handle.close();
    throw new GgufError("not-a-file", `"${path}" is ${stat.isDirectory() ? "a folder" : "not a regular file"}, not a model file.`, path);
  }
  return { handle, size: stat.size };
}

async function checkMagic(cursor: Cursor, path: string): Promise<void> {
  const head = await cursor.peek(Math.min(cursor.size, 64));
  const magic = head.subarray(0, 4).toString("latin1");
  if (magic === MAGIC) return;
  if (cursor.size < MAGIC.length && MAGIC.startsWith(magic)) {
    throw new GgufError("truncated", `"${path}" is truncated: ${bytes(cursor.size)}. Delete it and download again.`, path);
  }
  throw new GgufError("not-gguf", `"${path}" is not a GGUF model file (it starts with "${printable(head.subarray(0, 4))}")${notGgufHint(head)}`, path);
}

/** A guess at what the file is instead, from its first bytes. */
function notGgufHint(head: Buffer): string {
  const text = head.toString("latin1").trimStart();
  if (text.startsWith("<")) return ": was the download an HTML error page?";
  if (text.startsWith("version https://git-lfs")) return ": it is a Git LFS pointer; fetch the real file with `git lfs pull`.";
  if (text.startsWith("{")) return ": it looks like JSON, perhaps an error response from the server.";
  return ". Choose a .gguf file.";
}

async function readHeader(cursor: Cursor, path: string, options: ReadGgufOptions): Promise<GgufFile> {
  await cursor.ensure(24, "the version and counts");
  cursor.skip(4);
  const version = cursor.u32();
  checkVersion(version, path);
  const tensorCount = cursor.u64("the tensor count", Limit.entries);
  const kvCount = cursor.u64("the metadata count", Limit.entries);

  const keep = new Set(options.keepArrays ?? []);
  const maxArrayItems = options.maxArrayItems ?? 64;
  const metadata = new Map<string, GgufValue>();
  for (let i = 0; i < kvCount; i++) {
    const key = await cursor.string("a metadata key");
    if (metadata.has(key)) throw cursor.corrupt(`the metadata key "${key}" appears twice`);
    await cursor.ensure(4, `the type of "${key}"`);
    const type = cursor.u32();
    metadata.set(key, await readValue(cursor, type, key, (length) => keep.has(key) || length <= maxArrayItems));
  }

  const alignment = metadata.get("general.alignment") ?? DEFAULT_ALIGNMENT;
  if (typeof alignment !== "number" || alignment <= 0 || (alignment & (alignment - 1)) !== 0) {
    throw cursor.corrupt(`general.alignment is ${String(alignment)}, not a power of two`);
  }

  const tensors: GgufTensorInfo[] = [];
  for (let i = 0; i < tensorCount; i++) tensors.push(await readTensorInfo(cursor, alignment));

  const dataOffset = Math.ceil(cursor.position / alignment) * alignment;
  let expectedMinSize = tensors.length ? dataOffset : cursor.position;
  for (const tensor of tensors) expectedMinSize = Math.max(expectedMinSize, dataOffset + tensor.offset + (tensor.bytes ?? 0));
  if (cursor.size < expectedMinSize) {
    const share = Math.floor((cursor.size / expectedMinSize) * 100);
    throw new GgufError(
      "truncated",
      `"${path}" is truncated: ${bytes(cursor.size)}, expected at least ${bytes(expectedMinSize)} (${share}% there). Delete it and download again.`,
      path,
    );
  }
  return { path, version, fileSize: cursor.size, metadata, tensors, alignment, dataOffset, expectedMinSize };
}

function checkVersion(version: number, path: string): void {
  if (version === 2 || version === 3) return;
  const swapped = Buffer.alloc(4);
  swapped.writeUInt32BE(version);
  if (swapped.readUInt32LE() === 2 || swapped.readUInt32LE() === 3) {
    throw new GgufError("unsupported-version", `"${path}" is a big-endian GGUF file; only little-endian models can be loaded here. Download the standard (little-endian) file.`, path);
  }
  if (version < 2) {
    throw new GgufError("unsupported-version", `"${path}" uses GGUF version ${version}, which is too old (versions 2 and 3 are supported). Download a newer conversion of the model.`, path);
  }
  throw new GgufError("unsupported-version", `"${path}" uses GGUF version ${version}, newer than this extension understands (versions 2 and 3). Update the extension, or use a file made for llama.cpp of 2025.`, path);
}

async function readValue(cursor: Cursor, type: number, key: string, keepArray: (length: number) => boolean): Promise<GgufValue> {
  if (type === GgufValueType.STRING) return cursor.string(`the value of "${key}"`);
  if (type === GgufValueType.ARRAY) return readArray(cursor, key, keepArray);
  const size = FIXED_SIZES.get(type);
  if (size === undefined) throw cursor.corrupt(`"${key}" has unknown value type ${type}`);
  await cursor.ensure(size, `the value of "${key}"`);
  return cursor.scalar(type);
}

async function readArray(cursor: Cursor, key: string, keepArray: (length: number) => boolean): Promise<GgufArray> {
  await cursor.ensure(12, `the array "${key}"`);
  const itemType = cursor.u32();
  const length = cursor.u64(`the length of "${key}"`, Limit.arrayItems);
  const keep = keepArray(length);
  const size = FIXED_SIZES.get(itemType);

  if (size !== undefined) {
    if (!keep) {
      cursor.skip(size * length);
      return { itemType, length };
    }
    await cursor.ensure(size * length, `the array "${key}"`);
    const items: GgufValue[] = new Array(length);
    for (let i = 0; i < length; i++) items[i] = cursor.scalar(itemType);
    return { itemType, length, items };
  }
  if (itemType === GgufValueType.STRING) {
    const items: GgufValue[] | undefined = keep ? [] : undefined;
    for (let i = 0; i < length; i++) {
      // Awaiting only when the buffer runs dry keeps a 200,000-string vocabulary fast.
      if (cursor.available() < 8) await cursor.ensure(8, `the array "${key}"`);
      const stringLength = cursor.u64(`a string length in "${key}"`, Limit.stringBytes);
      if (items) {
        if (cursor.available() < stringLength) await cursor.ensure(stringLength, `the array "${key}"`);
        items.push(cursor.utf8(stringLength));
      } else {
        cursor.skip(stringLength);
      }
    }
    return items ? { itemType, length, items } : { itemType, length };
  }
  if (itemType === GgufValueType.ARRAY) {
    const items: GgufValue[] = [];
    for (let i = 0; i < length; i++) {
      const inner = await readArray(cursor, key, keepArray);
      if (keep) items.push(inner);
    }
    return keep ? { itemType, length, items } : { itemType, length };
  }
  throw cursor.corrupt(`the array "${key}" has unknown item type ${itemType}`);
}

async function readTensorInfo(cursor: Cursor, alignment: number): Promise<GgufTensorInfo> {
  const name = await cursor.string("a tensor name");
  await cursor.ensure(4, `the tensor "${name}"`);
  const dimCount = cursor.u32();
  if (dimCount > MAX_DIMS) throw cursor.corrupt(`the tensor "${name}" has ${dimCount} dimensions`);
  await cursor.ensure(dimCount * 8 + 12, `the tensor "${name}"`);
  const dims: number[] = [];
  for (let d = 0; d < dimCount; d++) dims.push(cursor.u64(`a dimension of "${name}"`, Limit.dimension));
  const type = cursor.u32();
  const offset = cursor.u64(`the offset of "${name}"`, Limit.offset);
  if (offset % alignment !== 0) throw cursor.corrupt(`the tensor "${name}" starts at ${offset}, not a multiple of the alignment ${alignment}`);
  const elements = dims.reduce((product, dim) => product * dim, 1);
  return { name, dims, type, typeName: ggmlType(type)?.name, offset, elements, bytes: ggmlTensorBytes(type, elements) };
}

/** Sequential little-endian reads over a file, through a buffer refilled on demand. */
class Cursor {
  private buffer = Buffer.alloc(0);
  /** File position of buffer[0]. */
  private bufferStart = 0;
  position = 0;

  constructor(
    private readonly handle: FileHandle,
    readonly size: number,
    private readonly path: string,
  ) {}

  /** Bytes buffered from the current position on (negative after skipping past the buffer). */
  available(): number {
    return this.bufferStart + this.buffer.length - this.position;
  }

  /** Makes the next `n` bytes readable; `what` names them if the file ends first. */
  async ensure(n: number, what: string): Promise<void> {
    if (this.available() >= n) return;
    if (this.position + n > this.size) {
      throw new GgufError(
        "truncated",
        `"${this.path}" is truncated: it ends after ${bytes(this.size)}, inside its header (in ${what}). Delete it and download again.`,
        this.path,
      );
    }
    const length = Math.min(Math.max(n, CHUNK_BYTES), this.size - this.position);
    const buffer = Buffer.allocUnsafe(length);
    let filled = 0;
    while (filled < length) {
      const { bytesRead } = await this.handle.read(buffer, filled, length - filled, this.position + filled).catch((error: Error) => {
        throw new GgufError("unreadable", `Cannot read "${this.path}": ${error.message}`, this.path);
      });
      if (bytesRead === 0) throw new GgufError("truncated", `"${this.path}" got shorter while it was being read. Is it still downloading?`, this.path);
      filled += bytesRead;
    }
    this.buffer = buffer;
    this.bufferStart = this.position;
  }

  /** The next `n` bytes without moving. */
  async peek(n: number): Promise<Buffer> {
    await this.ensure(n, "the first bytes");
    const at = this.position - this.bufferStart;
    return this.buffer.subarray(at, at + n);
  }

  skip(n: number): void {
    this.position += n;
  }

  private take(n: number): number {
    const at = this.position - this.bufferStart;
    this.position += n;
    return at;
  }

  u32(): number {
    return this.buffer.readUInt32LE(this.take(4));
  }

  /** A u64 no sane header exceeds `max` with (so a bigger one means damage, not a short file). */
  u64(what: string, max: number): number {
    const value = this.buffer.readBigUInt64LE(this.take(8));
    if (value > BigInt(max)) throw this.corrupt(`${what} is ${value}, which is impossible`);
    return Number(value);
  }

  async string(what: string): Promise<string> {
    await this.ensure(8, what);
    const length = this.u64(what, Limit.stringBytes);
    await this.ensure(length, what);
    return this.utf8(length);
  }

  utf8(length: number): string {
    const at = this.take(length);
    return this.buffer.toString("utf8", at, at + length);
  }

  scalar(type: number): GgufScalar {
    const b = this.buffer;
    switch (type) {
      case GgufValueType.UINT8:
        return b.readUInt8(this.take(1));
      case GgufValueType.INT8:
        return b.readInt8(this.take(1));
      case GgufValueType.UINT16:
        return b.readUInt16LE(this.take(2));
      case GgufValueType.INT16:
        return b.readInt16LE(this.take(2));
      case GgufValueType.UINT32:
        return b.readUInt32LE(this.take(4));
      case GgufValueType.INT32:
        return b.readInt32LE(this.take(4));
      case GgufValueType.FLOAT32:
        return b.readFloatLE(this.take(4));
      case GgufValueType.BOOL:
        return b.readUInt8(this.take(1)) !== 0;
      case GgufValueType.UINT64:
        return safeNumber(b.readBigUInt64LE(this.take(8)));
      case GgufValueType.INT64:
        return safeNumber(b.readBigInt64LE(this.take(8)));
      case GgufValueType.FLOAT64:
        return b.readDoubleLE(this.take(8));
      default:
        throw this.corrupt(`unknown value type ${type}`);
    }
  }

  corrupt(detail: string): GgufError {
    return new GgufError("corrupt", `"${this.path}" is damaged: ${detail} (at byte ${this.position}). Delete it and download again.`, this.path);
  }
}

function safeNumber(value: bigint): number | bigint {
  return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(value) : value;
}

/** "1,234 bytes". */
function bytes(count: number): string {
  return `${count.toLocaleString("en-US")} byte${count === 1 ? "" : "s"}`;
}

/** The bytes as text, with anything unprintable escaped, for quoting in a message. */
function printable(data: Buffer): string {
  let out = "";
  for (const byte of data) out += byte >= 0x20 && byte < 0x7f && byte !== 0x22 && byte !== 0x5c ? String.fromCharCode(byte) : `\\x${byte.toString(16).padStart(2, "0")}`;
  return out;
}
