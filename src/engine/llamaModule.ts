// node-llama-cpp, loaded on first use. It is ESM-only with top-level await and native binaries,
// so this CommonJS code base reaches it through a real dynamic import (esbuild keeps
// `import("node-llama-cpp")` as is; tsx does too), never `require`, and never at activation.
export type NodeLlamaCpp = typeof import("node-llama-cpp", { with: { "resolution-mode": "import" } });

let loading: Promise<NodeLlamaCpp> | undefined;

/** The node-llama-cpp module; the first call pays for the import (~0.7 s), later calls are free. */
export function importNodeLlamaCpp(): Promise<NodeLlamaCpp> {
  loading ??= import("node-llama-cpp").catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}
