// Conformance cases on disk: one case file, or every `*.json` case in a folder, checked by
// src/core/harmony/conformance.ts.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { checkCase, parseCase, type CaseOptions, type CaseResult } from "../core/harmony/conformance";
import type { HarmonyCase } from "../core/harmony/caseFile";

/** Reads and validates one case file; throws with the file name and zod's complaint. */
export function loadCase(file: string): HarmonyCase {
  return parseCase(readFileSync(file, "utf8"), file);
}

/** Every `*.json` case in `dir`, by file name; a file that fails to load is a failed case. */
export function runConformance(dir: string, options: CaseOptions = {}): CaseResult[] {
  const files = readdirSync(dir).filter((f) => f.endsWith(".json")).sort();
  return files.map((file) => {
    const name = file.replace(/\.json$/, "");
    try {
      const testCase = loadCase(path.join(dir, file));
      return checkCase(testCase, (expected) => readFileSync(path.join(dir, expected), "utf8"), options);
    } catch (error) {
      return { name, ok: false, diff: (error as Error).message };
    }
  });
}
