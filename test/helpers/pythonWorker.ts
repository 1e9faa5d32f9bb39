// The python sandbox's worker, bundled as esbuild.mjs bundles it (tests run the sources under
// tsx, and a worker thread needs plain JavaScript). Built once per test process.
import { buildSync } from "esbuild";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

let built: string | undefined;

export function pythonWorkerFile(): string {
  if (built) return built;
  const outfile = path.join(mkdtempSync(path.join(tmpdir(), "python-worker-")), "pythonWorker.js");
  buildSync({
    entryPoints: [path.join(__dirname, "../../src/node/python/pythonWorker.ts")],
    outfile,
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    logLevel: "warning",
  });
  built = outfile;
  return outfile;
}
