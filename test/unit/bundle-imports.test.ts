// Imports that decide how much of a dependency lands in dist/extension.js, which every activation
// loads (issue 20). `import { z } from "zod"` takes zod's `z` as one namespace object, which esbuild
// cannot tree-shake: the whole of zod, every locale included, was 734 KB of a 1.24 MB bundle.
// `import * as z from "zod"` reads the same names, and esbuild keeps only the ones used (a
// one-schema bundle: 757 KB -> 171 KB). `npm run bench:activation` shows the bundle's biggest parts.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";

const srcRoot = path.resolve(__dirname, "../../src");
const sources = (readdirSync(srcRoot, { recursive: true, encoding: "utf8" }) as string[]).filter((file) => file.endsWith(".ts"));

test("zod is imported as a namespace, so esbuild keeps only what the code uses", () => {
  const offenders = sources.filter((file) => /import\s+(type\s+)?\{[^}]*\bz\b[^}]*\}\s+from\s+"zod"/.test(readFileSync(path.join(srcRoot, file), "utf8")));
  assert.deepEqual(offenders, [], 'use `import * as z from "zod"` (or `import type * as z`) instead of `import { z } from "zod"`');
});
