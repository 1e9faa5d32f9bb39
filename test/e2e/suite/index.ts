// Entry point for VS Code's extension-test API (`extensionTestsPath`): the workbench loads this
// bundle (out/test/suite/index.js) inside the real extension host and calls `run()`; a rejected
// promise makes the test run exit non-zero. Runs every `*.test.js` bundled beside it.
import * as fs from "fs";
import * as path from "path";
import { format } from "util";
import * as vscode from "vscode";
// mocha stays external (esbuild.mjs): it loads its reporters and UIs by name at run time.
import Mocha = require("mocha");

/**
 * Marks mocha's report. The extension host's console reaches the test runner through the
 * browser console (as the workbench's log service's INFO lines), mixed with the workbench's own
 * log; the runner keeps the lines with this prefix (same constant in
 * test/e2e/harness/extensionTests.ts).
 */
const OUTPUT_PREFIX = "[suite] ";

/** Runs first: it checks that nothing activated the extension before it was used. */
const FIRST = "activation.test.js";

export async function run(): Promise<void> {
  // In the browser (code-server): formatted here, one marked console call per line; the
  // browser would leave mocha's "%s" in place. Desktop VS Code (test-electron) prints the
  // extension host's stdout as it is. (Only mocha's reporter can be redirected: VS Code's
  // extension host ignores assignments to console.log, so other console output arrives
  // unmarked, in the browser log.)
  const reporterLog = Mocha.reporters.Base.consoleLog;
  if (vscode.env.uiKind === vscode.UIKind.Web) {
    Mocha.reporters.Base.consoleLog = (...args: unknown[]) => {
      for (const line of format(...args).split("\n")) console.log(OUTPUT_PREFIX + line);
    };
  }
  try {
    await runMocha();
  } finally {
    Mocha.reporters.Base.consoleLog = reporterLog;
  }
}

async function runMocha(): Promise<void> {
  const mocha = new Mocha({
    ui: "tdd",
    // The output ends up in a log or a browser console, where escape codes are noise.
    color: false,
    reporter: "spec",
    // Activation and webviews in a real workbench on a 2-core CI machine: seconds, not millis.
    timeout: 30_000,
    slow: 5_000,
  });
  // GPT_OSS_SUITE_GREP narrows a run to matching test titles (handy while writing a suite).
  const grep = process.env.GPT_OSS_SUITE_GREP;
  if (grep) mocha.grep(grep);

  const files = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith(".test.js"))
    .sort((a, b) => Number(b === FIRST) - Number(a === FIRST) || a.localeCompare(b));
  if (files.length === 0) throw new Error(`no *.test.js suites in ${__dirname}: run \`node esbuild.mjs --tests\``);
  for (const file of files) mocha.addFile(path.join(__dirname, file));

  const failures = await new Promise<number>((resolve, reject) => {
    try {
      mocha.run(resolve);
    } catch (error) {
      reject(error);
    }
  });
  if (failures > 0) throw new Error(`${failures} extension-host test(s) failed`);
}
