// The e2e tests load the extension from dist/ and the in-host suites from out/: say so plainly
// when a build is missing, instead of letting the workbench fail somewhere less obvious.
import { existsSync } from "fs";
import * as path from "path";
import { repoRoot, suiteIndex } from "./paths";

export function assertBuilt(options: { suites?: boolean } = {}): void {
  const required = [path.join(repoRoot, "dist/extension.js"), ...(options.suites ? [suiteIndex] : [])];
  const missing = required.filter((file) => !existsSync(file));
  if (missing.length) {
    throw new Error(`missing build output: ${missing.map((f) => path.relative(repoRoot, f)).join(", ")}; run \`node esbuild.mjs --tests\``);
  }
}
