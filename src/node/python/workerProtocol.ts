// Messages between the python sandbox's host (pythonSandbox.ts) and its worker thread
// (pythonWorker.ts). Plain data only: nothing of either side's objects crosses.

export interface WorkerInit {
  /** The pyodide package folder (pyodide.mjs, pyodide.asm.wasm, python_stdlib.zip). */
  pyodideDir: string;
  /** Bytes the interpreter's WebAssembly memory may grow to. */
  maxMemoryBytes: number;
  /** Characters of output kept per call; more is dropped and counted. */
  maxOutputChars: number;
}

export type HostToWorker = { type: "run"; id: number; code: string };

export type WorkerToHost =
  | { type: "ready" }
  | { type: "output"; id: number; text: string }
  | { type: "done"; id: number; result?: string; error?: string; droppedChars: number }
  | { type: "failed"; message: string };
