// search_text: ripgrep over the workspace, literal unless asked for a regex, results as
// "path:line: text" grouped by file, capped, and never a line from a secret file.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { searchTextTool } from "../../src/core/tools/definitions/searchText";
import { callTool, makeWorkspace, refusal } from "./tools-fixture";

const ws = makeWorkspace(
  {
    app: {
      ".gitignore": "build/\n",
      "src/a.ts": "import { parseConfig } from './config';\nconst x = parseConfig('a.b');\n// axb is not a.b\n",
      "src/config.ts": "export function parseConfig(text: string) {\n  return JSON.parse(text);\n}\n",
      "src/Case.ts": "const Needle = 1;\nconst needle = 2;\nconst NEEDLE = 3;\n",
      "docs/guide.md": "Call parseConfig with the file's text.\n",
      "build/out.js": "parseConfig()\n",
      "dist/bundle.js": "parseConfig()\n",
      "minified.js": `${"x".repeat(3000)}parseConfig${"y".repeat(3000)}\n`,
      "many.txt": Array.from({ length: 50 }, (_, i) => `hit ${i}`).join("\n") + "\n",
      ".env": "API_KEY=parseConfig-secret\n",
      ".env.local": "parseConfig-secret\n",
      "keys/server.pem": "parseConfig-secret\n",
      ".git/config": "url = https://parseConfig-secret@example.com\n",
      "credentials.json": '{"parseConfig": "parseConfig-secret"}\n',
      "notes.txt": { link: ".env" },
      "far.txt": { link: "../outside/far.txt" },
    },
    lib: { "lib.ts": "parseConfig(lib)\n" },
  },
  { outside: { "outside/far.txt": "parseConfig-secret outside\n" }, env: { excludeGlobs: ["dist"] } },
);
after(() => ws.remove());
const single = { ...ws.env, folders: [ws.folders[0]!] };
const search = (args: object, maxResultChars?: number) => callTool(searchTextTool, single, args, maxResultChars ? { maxResultChars } : {});

test("matches come back as path:line: text, grouped by file, files in order", async () => {
  const result = await search({ query: "parseConfig", include: "*.{ts,md}" });
  assert.equal(
    result.content,
    [
      '4 matching lines in 3 files for "parseConfig" (files matching *.{ts,md}):',
      "",
      "docs/guide.md:1: Call parseConfig with the file's text.",
      "",
      "src/a.ts:1: import { parseConfig } from './config';",
      "src/a.ts:2: const x = parseConfig('a.b');",
      "",
      "src/config.ts:1: export function parseConfig(text: string) {",
    ].join("\n"),
  );
  assert.equal(result.summary, "4 matches in 3 files");
});

test("the query is literal by default, so regex characters match themselves", async () => {
  const result = await search({ query: "a.b", path: "src" });
  assert.match(result.content, /^src\/a\.ts:2: /m);
  assert.match(result.content, /^src\/a\.ts:3: \/\/ axb is not a\.b$/m);
  const dotted = await search({ query: "(text", path: "src" });
  assert.match(dotted.content, /^src\/config\.ts:1: export function parseConfig\(text: string\) \{$/m);
});

test("is_regex searches with a regular expression", async () => {
  const result = await search({ query: "a.b", is_regex: true, path: "src/a.ts" });
  assert.match(result.content, /^src\/a\.ts:3: \/\/ axb is not a\.b$/m);
  const anchored = await search({ query: "^export\\s+function\\s+\\w+", is_regex: true });
  assert.match(anchored.content, /^1 matching line in 1 file/);
});

test("case is ignored by default and matched exactly with case_sensitive", async () => {
  assert.match((await search({ query: "needle" })).content, /^3 matching lines in 1 file/);
  const exact = await search({ query: "needle", case_sensitive: true });
  assert.match(exact.content, /^1 matching line in 1 file/);
  assert.match(exact.content, /src\/Case\.ts:2: const needle = 2;/);
});

test("include limits the files searched, and a path-shaped include works too", async () => {
  const names = await search({ query: "parseConfig", include: "*.md" });
  assert.match(names.content, /^1 matching line in 1 file/);
  const paths = await search({ query: "parseConfig", include: "src/**/config.*" });
  assert.match(paths.content, /^1 matching line in 1 file.*\n\nsrc\/config\.ts:1:/);
});

test("files ignored by .gitignore and the environment's excludes are not searched", async () => {
  const result = await search({ query: "parseConfig()" });
  assert.match(result.content, /^No matches for "parseConfig\(\)"/);
  const included = await search({ query: "parseConfig()", include: "**/*.js" });
  assert.match(included.content, /^No matches/, "an include glob must not bring ignored files back");
});

test("secret files never appear in results, nor links to them or out of the workspace", async () => {
  const result = await search({ query: "parseConfig", max_results: 500 });
  assert.ok(!result.content.includes("secret"), result.content);
  for (const name of [".env", ".env.local", "server.pem", ".git/config", "credentials.json", "notes.txt", "far.txt"]) {
    assert.ok(!result.content.includes(`${name}:`), `${name} appeared:\n${result.content}`);
  }
  const named = await search({ query: "secret", include: ".env*" });
  assert.match(named.content, /^No matches/);
});

test("max_results caps the matches and says there are more", async () => {
  const result = await search({ query: "hit", path: "many.txt", max_results: 5 });
  assert.match(result.content, /^Showing the first 5 matching lines for "hit" in many\.txt; there are more\./);
  assert.equal(result.content.split("\n").filter((line) => line.startsWith("many.txt:")).length, 5);
  assert.equal(result.truncated, true);
  assert.equal(result.summary, "5+ matches in 1 file");
});

test("results over maxResultChars are cut with a note", async () => {
  const result = await search({ query: "hit" }, 300);
  assert.ok(result.content.length <= 300, `content is ${result.content.length} chars`);
  assert.match(result.content, /\[The results were cut here to fit\. Narrow the query, or use include or path\.\]$/);
});

test("a very long matching line is cut around the match", async () => {
  const result = await search({ query: "parseConfig", path: "minified.js" });
  const line = result.content.split("\n").find((l) => l.startsWith("minified.js:1: "))!;
  assert.ok(line.length < 400, `line is ${line.length} chars`);
  assert.match(line, /^minified\.js:1: …x+parseConfigy+ … \[[\d,]+ more characters\]$/);
});

test("an invalid regular expression is refused with ripgrep's explanation", async () => {
  const error = await refusal(search({ query: "foo(", is_regex: true }));
  assert.match(error.message, /The search failed: regex parse error[\s\S]*unclosed group[\s\S]*set is_regex to false/);
});

test("a query with a line break is refused: search_text matches within one line", async () => {
  const error = await refusal(search({ query: "a\nb" }));
  assert.match(error.message, /matches within one line/);
});

test("no match hints that a regex-looking query was taken literally", async () => {
  const result = await search({ query: "parse\\w+" });
  assert.match(result.content, /No matches for "parse\\\\w\+"\. The query was taken literally; set is_regex to true/);
});

test("in a multi-root workspace, every folder is searched and paths start with its name", async () => {
  const result = await callTool(searchTextTool, ws.env, { query: "parseConfig(", include: "*.ts" });
  assert.match(result.content, /^app\/src\/a\.ts:2: /m);
  assert.match(result.content, /^lib\/lib\.ts:1: parseConfig\(lib\)$/m);
});

test("a search path outside the workspace is refused", async () => {
  const error = await refusal(search({ query: "x", path: "../outside" }));
  assert.match(error.message, /outside the workspace folder 'app'/);
});

test("a cancelled search stops with the abort", async () => {
  const controller = new AbortController();
  controller.abort(new Error("stop"));
  await assert.rejects(callTool(searchTextTool, single, { query: "hit" }, { signal: controller.signal }), /stop/);
});
