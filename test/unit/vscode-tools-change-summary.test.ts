// The words and the short diff an approval shows (src/vscode/tools/changeSummary.ts, plain Node).
import assert from "node:assert/strict";
import { test } from "node:test";
import { describeChange, diffExcerpt, fenced, lineChange } from "../../src/vscode/tools/changeSummary";
import { ripgrepCandidates } from "../../src/vscode/tools/ripgrep";

const edit = (before: string, after: string, create = false) => ({ kind: "edit" as const, path: "src/a.ts", absolute: "/w/src/a.ts", before, after, create });

test("the changed region is what lies between the common first and last lines", () => {
  assert.deepEqual(lineChange("a\nb\nc\n", "a\nB\nB2\nc\n"), { added: 2, removed: 1, startLine: 2, removedLines: ["b"], addedLines: ["B", "B2"] });
  assert.deepEqual(lineChange("same\n", "same\n"), { added: 0, removed: 0, startLine: 2, removedLines: [], addedLines: [] });
});

test("line endings do not count as changes", () => {
  assert.equal(lineChange("a\r\nb\r\n", "a\nb\n").added, 0);
});

test("an edit is described by its path and line counts; a new file by its size", () => {
  assert.equal(describeChange(edit("a\nb\n", "a\nc\n")), "src/a.ts (+1 −1)");
  assert.equal(describeChange(edit("", "one\ntwo\n", true)), "src/a.ts (new file, 2 lines)");
  assert.equal(describeChange(edit("", "one\n", true)), "src/a.ts (new file, 1 line)");
  assert.equal(describeChange({ kind: "command", command: "npm test", cwd: "/w", cwdLabel: "." }), "`npm test` in .");
});

test("the diff excerpt shows the changed lines and cuts a long one", () => {
  assert.equal(diffExcerpt("a\nb\n", "a\nc\n"), "@@ line 2 @@\n-b\n+c");
  const long = diffExcerpt("", Array.from({ length: 100 }, (_, i) => `line ${i}`).join("\n"), 10);
  assert.equal(long.split("\n").length, 11);
  assert.match(long, /… 91 more lines \(open the diff to see all\)$/);
});

test("a fence is longer than any backtick run inside it", () => {
  assert.equal(fenced("plain", "sh"), "```sh\nplain\n```");
  assert.equal(fenced("has ``` inside"), "````\nhas ``` inside\n````");
});

test("VS Code's bundled ripgrep is looked for unpacked from asar first, then in node_modules", () => {
  assert.deepEqual(ripgrepCandidates("/app", "linux"), [
    "/app/node_modules.asar.unpacked/@vscode/ripgrep/bin/rg",
    "/app/node_modules.asar.unpacked/vscode-ripgrep/bin/rg",
    "/app/node_modules/@vscode/ripgrep/bin/rg",
    "/app/node_modules/vscode-ripgrep/bin/rg",
  ]);
});
