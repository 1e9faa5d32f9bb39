// Conformance cases on disk: one case file, or every `*.json` case in a folder and its subfolders, checked by
// src/core/harmony/conformance.ts.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { checkCase, parseCase, type CaseOptions, type CaseResult } from "../core/harmony/conformance";
import type { HarmonyCase } from "../core/harmony/caseFile";

/** Reads and validates one case file; throws with the file name and zod's complaint. */
export function loadCase(file: string): HarmonyCase {
  return parseCase(readFileSync(file, "utf8"), file);
}

/** The `*.json` case files under `dir`, relative to it: its own first, then each subfolder's (`differential/x.json`). */
export function caseFiles(dir: string): string[] {
  const entries = readdirSync(dir, { withFileTypes: true });
  const own = entries.filter((e) => e.isFile() && e.name.endsWith(".json")).map((e) => e.name).sort();
  const nested = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort()
    .flatMap((sub) => caseFiles(path.join(dir, sub)).map((file) => `${sub}/${file}`));
  return [...own, ...nested];
}

/**
 * Every `*.json` case under `dir` (subfolders included), named by its path there; a file that
 * fails to load is a failed case. A case's expected file is read from the case's own folder.
 */
export function runConformance(dir: string, options: CaseOptions = {}): CaseResult[] {
  return caseFiles(dir).map((file) => {
    const name = file.replace(/\.json$/, "");
    const caseDir = path.dirname(path.join(dir, file));
    try {
      const testCase = loadCase(path.join(dir, file));
      const result = checkCase(testCase, (expected) => readFileSync(path.join(caseDir, expected), "utf8"), options);
      return { ...result, name };
    } catch (error) {
      return { name, ok: false, diff: (error as Error).message };
    }
  });
}
