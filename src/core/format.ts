// Human-readable figures, shared by the CLI and the UI.

/** Bytes in the units people see in file managers: "12.1 GB", "850 MB". */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return "?";
  const units = ["B", "KB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${value.toFixed(digits)} ${units[unit]}`;
}

/** A count as "21.5 B", "3.6 M", "950". */
export function formatCount(count: number): string {
  const steps: Array<[number, string]> = [
    [1e12, "T"],
    [1e9, "B"],
    [1e6, "M"],
    [1e3, "K"],
  ];
  for (const [size, suffix] of steps) {
    if (count >= size) return `${(count / size).toFixed(count / size >= 100 ? 0 : 1)} ${suffix}`;
  }
  return String(count);
}
