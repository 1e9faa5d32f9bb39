// What kind of thing a path is, in words for a refusal. Tools only open regular files and folders:
// opening a named pipe blocks until someone writes to it (read_file hung forever on a FIFO in the
// workspace), a device can be endless (/dev/zero) or have side effects, a socket cannot be read.

export interface StatKind {
  isFile(): boolean;
  isDirectory(): boolean;
  isFIFO(): boolean;
  isSocket(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
  isSymbolicLink(): boolean;
}

/** "a named pipe (FIFO)", or undefined for a regular file or folder. */
export function specialKind(stat: StatKind): string | undefined {
  if (stat.isFile() || stat.isDirectory()) return undefined;
  if (stat.isFIFO()) return "a named pipe (FIFO)";
  if (stat.isSocket()) return "a socket";
  if (stat.isCharacterDevice()) return "a character device";
  if (stat.isBlockDevice()) return "a block device";
  if (stat.isSymbolicLink()) return "a symbolic link";
  return "not a regular file";
}

/** The refusal the model (and the user) reads for a special file. */
export function specialFileMessage(shown: string, kind: string): string {
  return `${shown} is ${kind}, not a regular file, so tools do not open it (reading it could block forever or never end). Use a regular file.`;
}
