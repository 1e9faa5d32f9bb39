// `npm run test:electron`: the extension-host suites (test/e2e/suite/) in desktop VS Code, through
// the standard @vscode/test-electron runner.
//
// NEEDS THE NETWORK: on first use it DOWNLOADS VS Code (about 150 MB, from
// update.code.visualstudio.com) into .cache/vscode-test/. Offline machines and CI run the same
// suites in code-server instead: `npm run test:e2e` (test/e2e/ui/extension-host.test.ts).
// On Linux without a display, run it under a virtual one: `xvfb-run -a npm run test:electron`.
//
//   VSCODE_VERSION=1.104.0 npm run test:electron   # default: the latest stable release
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { runTests } from "@vscode/test-electron";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const sampleWorkspace = path.join(repoRoot, "test/fixtures/sample-workspace");

// The suites run from their bundles, built next to the extension's.
const build = spawnSync(process.execPath, ["esbuild.mjs", "--tests"], { cwd: repoRoot, stdio: "inherit" });
if (build.status !== 0) {
  console.error("test:electron: the build failed (node esbuild.mjs --tests)");
  process.exit(build.status ?? 1);
}

try {
  const exitCode = await runTests({
    version: process.env.VSCODE_VERSION ?? "stable",
    cachePath: path.join(repoRoot, ".cache/vscode-test"),
    // Give up on a stalled download after 15 s instead of hanging.
    timeout: 15_000,
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: path.join(repoRoot, "out/test/suite/index.js"),
    launchArgs: [
      sampleWorkspace,
      // Only the extension under test: no other installed extensions in the test window.
      "--disable-extensions",
      "--disable-workspace-trust",
      "--skip-welcome",
      "--skip-release-notes",
    ],
  });
  process.exitCode = exitCode;
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  const offline = /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|getaddrinfo|timeout|socket hang up/i.test(message);
  console.error(
    offline
      ? `test:electron: could not download VS Code (${message}).\n` +
          "This runner needs the network. Offline, run the same suites in code-server: npm run test:e2e"
      : `test:electron: ${message}`,
  );
  process.exitCode = 1;
}
