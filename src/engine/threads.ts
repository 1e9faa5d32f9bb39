// How many CPU threads llama.cpp gets. node-llama-cpp's own default (max(cores, 4)) oversubscribes
// small machines: on 2 vCPUs it ran ~200x slower than 1 thread. We take the cores that are useful
// for math (physical cores, as llama.cpp counts them) and leave one for the editor's UI.

/** The default thread count for a machine with `mathCores` physical cores: one left free, at least 1. */
export function defaultThreads(mathCores: number): number {
  if (!Number.isFinite(mathCores) || mathCores < 1) return 1;
  return Math.max(1, Math.floor(mathCores) - 1);
}

/** The thread count to use: the setting when it is a positive integer, else the machine's default. */
export function resolveThreads(setting: number | undefined, mathCores: number): number {
  if (setting !== undefined && Number.isInteger(setting) && setting > 0) return setting;
  return defaultThreads(mathCores);
}
