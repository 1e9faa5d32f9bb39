// Builds the bundles: the extension host, the engine's child process, the chat webview and the
// command-line tool.
// `--watch` rebuilds on change; `--production` minifies (used by `vsce package`).
import * as esbuild from "esbuild";
import { readdirSync } from "node:fs";
import path from "node:path";

const watch = process.argv.includes("--watch");
const production = process.argv.includes("--production");
const withTests = process.argv.includes("--tests");

/** Logs each build's result, so `--watch` shows when a rebuild finished or failed. */
const reporter = (label) => ({
  name: "reporter",
  setup(build) {
    build.onEnd((result) => {
      const errors = result.errors.length;
      console.log(`[esbuild] ${label}: ${errors ? `${errors} error(s)` : "built"}`);
    });
  },
});

const common = {
  bundle: true,
  sourcemap: true,
  minify: production,
  logLevel: "warning",
  legalComments: "linked",
};

// node-llama-cpp is ESM-only with top-level await and native binaries: it cannot be bundled.
// Left external, esbuild keeps `await import("node-llama-cpp")` a real dynamic import.
const nodeExternal = ["vscode", "node-llama-cpp"];

/** @type {Array<esbuild.BuildOptions & { label: string }>} */
const builds = [
  {
    label: "extension",
    entryPoints: ["src/extension.ts"],
    outfile: "dist/extension.js",
    platform: "node",
    format: "cjs",
    target: "node20",
    external: nodeExternal,
  },
  {
    label: "webview",
    entryPoints: ["src/webview/main.ts"],
    outfile: "media/webview.js",
    platform: "browser",
    format: "iife",
    target: "es2022",
  },
  {
    // The local engine's child process (src/engine/process/): node-llama-cpp and the model live
    // there, so a llama.cpp crash cannot take the extension host (or the CLI) with it.
    label: "engine host",
    entryPoints: ["src/engine/process/child.ts"],
    outfile: "dist/engineHost.js",
    platform: "node",
    format: "cjs",
    target: "node20",
    external: nodeExternal,
  },
  {
    label: "cli",
    entryPoints: ["src/cli/main.ts"],
    outfile: "dist/cli.js",
    platform: "node",
    format: "cjs",
    target: "node20",
    external: nodeExternal,
    banner: { js: "#!/usr/bin/env node" },
  },
];

// Suites that run inside the real extension host (VS Code's extension-test API).
if (withTests) {
  const suiteDir = "test/e2e/suite";
  const entries = readdirSync(suiteDir).filter((f) => f.endsWith(".ts")).map((f) => path.join(suiteDir, f));
  builds.push({
    label: "e2e suites",
    entryPoints: entries,
    outdir: "out/test/suite",
    platform: "node",
    format: "cjs",
    target: "node20",
    // mocha is loaded from node_modules at run time: it resolves reporters dynamically.
    external: [...nodeExternal, "mocha"],
  });
}

const contexts = await Promise.all(
  builds.map(({ label, ...options }) =>
    esbuild.context({ ...common, ...options, plugins: [reporter(label)] }),
  ),
);

if (watch) {
  await Promise.all(contexts.map((ctx) => ctx.watch()));
  console.log("[esbuild] watching for changes (Ctrl+C to stop)");
} else {
  try {
    const results = await Promise.allSettled(contexts.map((ctx) => ctx.rebuild()));
    const failed = results.filter((r) => r.status === "rejected");
    if (failed.length) process.exitCode = 1;
  } finally {
    await Promise.all(contexts.map((ctx) => ctx.dispose()));
  }
}
