// The include globs of find_files and search_text: brace alternatives, case folding, and the
// ripgrep file type that pre-selects files by name without overriding .gitignore.
import assert from "node:assert/strict";
import { test } from "node:test";
import { existsSync, readFileSync } from "node:fs";
import { compileInclude, expandBraces, withIncludeArgs } from "../../src/core/tools/includeGlob";
import { nodeFileAccess } from "../../src/node/tools/nodeFileAccess";

test("braces expand to alternatives, nested ones too", () => {
  assert.deepEqual(expandBraces("*.{ts,tsx}"), ["*.ts", "*.tsx"]);
  assert.deepEqual(expandBraces("{src,lib}/**/*.{js,m{js,ts}}"), ["src/**/*.js", "src/**/*.mjs", "src/**/*.mts", "lib/**/*.js", "lib/**/*.mjs", "lib/**/*.mts"]);
});

test("unbalanced and escaped braces are kept literally", () => {
  assert.deepEqual(expandBraces("a{b,c"), ["a{b,c"]);
  assert.deepEqual(expandBraces("a\\{b,c}"), ["a\\{b,c}"]);
});

test("a pattern without a slash matches names at any depth, ignoring case", () => {
  const include = compileInclude("*.TS");
  assert.ok(include.matches("a.ts"));
  assert.ok(include.matches("src/deep/b.Ts"));
  assert.ok(!include.matches("src/b.tsx"));
});

test("a pattern with a slash matches at any depth unless it starts with one", () => {
  assert.ok(compileInclude("test/*.ts").matches("pkg/test/a.ts"));
  assert.ok(!compileInclude("/test/*.ts").matches("pkg/test/a.ts"));
  assert.ok(compileInclude("./test/*.ts").matches("pkg/test/a.ts"), "a leading ./ is dropped");
});

test("name patterns become an exact ripgrep file type, with case folded", () => {
  const include = compileInclude("*.{ts,md}");
  assert.equal(include.namesOnly, true);
  assert.deepEqual(include.typeArgs, ["--type-add", "include:*.[tT][sS]", "--type-add", "include:*.[mM][dD]", "--type", "include"]);
});

test("path patterns become an ignore file that keeps folders and the matching paths, at any depth", () => {
  const include = compileInclude("src/**/*.{css,scss}");
  assert.equal(include.namesOnly, false);
  assert.equal(include.ignoreFileText, "*\n!*/\n!**/[sS][rR][cC]/**/*.[cC][sS][sS]\n!**/[sS][rR][cC]/**/*.[sS][cC][sS][sS]\n");
});

test("an anchored pattern stays anchored in the ignore file", () => {
  assert.equal(compileInclude("/docs/*.md").ignoreFileText, "*\n!*/\n!/[dD][oO][cC][sS]/*.[mM][dD]\n");
});

test("a pattern ending in ** is a path pattern", () => {
  assert.equal(compileInclude("docs/**").namesOnly, false);
  assert.equal(compileInclude("**").namesOnly, false);
});

test("character classes are left as written when case is folded", () => {
  assert.deepEqual(compileInclude("[a-c]x.md").typeArgs[1], "include:[a-c][xX].[mM][dD]");
});

test("the ignore file exists while ripgrep runs and is gone afterwards", async () => {
  let seen = "";
  await withIncludeArgs(nodeFileAccess, compileInclude("src/*.ts"), async (args) => {
    assert.equal(args[0], "--ignore-file");
    seen = args[1]!;
    assert.match(readFileSync(seen, "utf8"), /^\*\n!\*\/\n/);
  });
  assert.ok(seen !== "" && !existsSync(seen));
  await withIncludeArgs(nodeFileAccess, undefined, async (args) => assert.deepEqual(args, []));
});
