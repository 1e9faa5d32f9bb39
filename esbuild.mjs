// Builds the bundles: the extension host, the engine's child process, the chat webview and the
// command-line tool.
// `--watch` rebuilds on change; `--production` minifies (used by `vsce package`).
import * as esbuild from "esbuild";
import { readdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
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
// pyodide is loaded from node_modules at run time by the python worker (its wasm and standard
// library are files next to it); the host only resolves where it is.
const nodeExternal = ["vscode", "node-llama-cpp", "pyodide"];

// Bulk that most sessions never touch gets a file of its own in dist/, loaded the first time it is
// used (issue 20: the o200k ranks alone were 4 MB of the 5.5 MB extension bundle, and most of the
// minified bundle's load time at every activation). The bundles keep `require("<specifier>")` but it resolves to `./<file>` next to
// them; run from source (tsx), the same require finds the package. bench:activation measures it.
const lazyFiles = {
  "gpt-tokenizer/encoding/o200k_base": "o200k-base.js",
  // The MCP SDK (src/node/mcp/mcpSdk.ts re-exports what we use), required when a server starts.
  "./mcpSdk": "mcp-sdk.js",
  // The extension's features (src/features.ts), required by src/extension.ts when first used:
  // built below as a bundle of its own ("features").
  "./features": "features.js",
};
/** Lazy files built from our own source rather than a package's entry. */
const lazyEntries = { "./mcpSdk": "src/node/mcp/mcpSdk.ts" };
const requireFrom = createRequire(import.meta.url);
const lazyFilePlugin = {
  name: "lazy-files",
  setup(build) {
    const filter = new RegExp(`^(${Object.keys(lazyFiles).map((k) => k.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")).join("|")})$`);
    build.onResolve({ filter }, (args) => ({ path: `./${lazyFiles[args.path]}`, external: true }));
  },
};
const lazyFileBuilds = Object.entries(lazyFiles).filter(([specifier]) => specifier !== "./features").map(([specifier, file]) => ({
  label: file,
  entryPoints: [lazyEntries[specifier] ?? requireFrom.resolve(specifier)],
  outfile: `dist/${file}`,
  platform: "node",
  format: "cjs",
  target: "node20",
  sourcemap: false,
}));

// In the features bundle `vscode` is src/vscode/startup/featuresVscode.ts, the real API except
// that what the startup bundle registered a stand-in for is handed to that stand-in, not
// registered twice (issue 20). That file itself gets the real module.
const featuresVscode = path.resolve("src/vscode/startup/featuresVscode.ts");
const featuresVscodePlugin = {
  name: "features-vscode",
  setup(build) {
    build.onResolve({ filter: /^vscode$/ }, (args) => (args.importer === featuresVscode ? { path: "vscode", external: true } : { path: featuresVscode }));
  },
};

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
    lazyFiles: true,
    // What went into the bundle, by input: `npm run bench:activation` lists the biggest.
    metafile: true,
  },
  {
    // Everything the startup bundle (dist/extension.js) loads on first use: src/features.ts.
    label: "features",
    entryPoints: ["src/features.ts"],
    outfile: "dist/features.js",
    platform: "node",
    format: "cjs",
    target: "node20",
    external: nodeExternal.filter((name) => name !== "vscode"),
    lazyFiles: true,
    plugins: [featuresVscodePlugin],
    metafile: true,
  },
  {
    // The python sandbox's worker thread: its own file, loaded only on the first python call.
    label: "python worker",
    entryPoints: ["src/node/python/pythonWorker.ts"],
    outfile: "dist/pythonWorker.js",
    platform: "node",
    format: "cjs",
    target: "node20",
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
    lazyFiles: true,
    banner: { js: "#!/usr/bin/env node" },
  },
  ...lazyFileBuilds,
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

/** Writes a build's metafile beside its output (dist/extension.meta.json); the VSIX leaves it out. */
const metafileWriter = {
  name: "metafile-writer",
  setup(build) {
    build.onEnd((result) => {
      if (result.metafile) writeFileSync(build.initialOptions.outfile.replace(/\.js$/, ".meta.json"), JSON.stringify(result.metafile));
    });
  },
};

const contexts = await Promise.all(
  builds.map(({ label, lazyFiles: lazy, plugins = [], ...options }) =>
    esbuild.context({ ...common, ...options, plugins: [...(lazy ? [lazyFilePlugin] : []), ...plugins, reporter(label), ...(options.metafile ? [metafileWriter] : [])] }),
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
