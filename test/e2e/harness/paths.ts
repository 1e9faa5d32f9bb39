// Where the end-to-end tests find things. Absolute paths, derived from this file's location.
import * as path from "path";

export const repoRoot = path.resolve(__dirname, "../../..");
/** The small TypeScript project the tests (and `npm start`) open. */
export const sampleWorkspace = path.join(repoRoot, "test/fixtures/sample-workspace");
/** Bundle of test/e2e/suite/index.ts (`node esbuild.mjs --tests`), exporting `run()`. */
export const suiteIndex = path.join(repoRoot, "out/test/suite/index.js");
/** Git-ignored. */
export const resultsDir = path.join(repoRoot, "test-results");
export const screenshotsDir = path.join(resultsDir, "screenshots");
export const logsDir = path.join(resultsDir, "logs");

export const extensionId = "gpt-oss-local.gpt-oss-local";
/** The activity-bar container and webview view from package.json. */
export const containerTitle = "gpt-oss Local";
export const chatViewId = "gptOss.chat";
