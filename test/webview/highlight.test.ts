// The code-block highlighter (plain Node: tokenize() needs no DOM).
import assert from "node:assert/strict";
import { test } from "node:test";
import { tokenize, type TokenKind } from "../../src/webview/highlight";

/** The tokens as [kind, text] pairs, for readable expectations. */
function tokens(code: string, language: string): Array<[TokenKind, string]> {
  return tokenize(code, language).map((t) => [t.kind, code.slice(t.start, t.end)]);
}

test("TypeScript: declarations, control flow, strings, numbers, comments, calls, types", () => {
  assert.deepEqual(tokens('const n: Map<string, number> = new Map(); // note\nif (n.size > 0x1F) return `a${b}`;', "ts"), [
    ["keyword", "const"],
    ["type", "Map"],
    ["keyword", "new"],
    ["function", "Map"],
    ["comment", "// note"],
    ["control", "if"],
    ["number", "0x1F"],
    ["control", "return"],
    ["string", "`a${b}`"],
  ]);
});

test("Python: triple-quoted strings span lines; # starts a comment; decorators", () => {
  assert.deepEqual(tokens('@cache\ndef f(x):\n    """doc\n    more"""\n    return None  # done', "python"), [
    ["meta", "@cache"],
    ["keyword", "def"],
    ["function", "f"],
    ["string", '"""doc\n    more"""'],
    ["control", "return"],
    ["literal", "None"],
    ["comment", "# done"],
  ]);
});

test("JSON: keys are properties, values strings, numbers and literals", () => {
  assert.deepEqual(tokens('{"a": "b", "n": -1.5e3, "ok": true}', "json"), [
    ["property", '"a"'],
    ["string", '"b"'],
    ["property", '"n"'],
    ["number", "1.5e3"],
    ["property", '"ok"'],
    ["literal", "true"],
  ]);
});

test("shell: variables, and # only after a space starts a comment", () => {
  assert.deepEqual(tokens('echo "${HOME}" $1 ${#list} # note', "bash"), [
    ["string", '"${HOME}"'],
    ["variable", "$1"],
    ["variable", "${#list}"],
    ["comment", "# note"],
  ]);
});

test("an unclosed string ends at its line; the next line is code again", () => {
  assert.deepEqual(tokens("x = 'oops\nreturn 1", "ts"), [
    ["string", "'oops"],
    ["control", "return"],
    ["number", "1"],
  ]);
});

test("HTML: tags, attribute names, quoted and bare values, comments", () => {
  assert.deepEqual(tokens('<!-- c --><a href="x" id=y>t</a>', "html"), [
    ["comment", "<!-- c -->"],
    ["tag", "<a"],
    ["attribute", "href"],
    ["string", '"x"'],
    ["attribute", "id"],
    ["string", "y"],
    ["tag", ">"],
    ["tag", "</a"],
    ["tag", ">"],
  ]);
});

test("diff: added, removed and hunk lines", () => {
  assert.deepEqual(tokens("@@ -1 +1 @@\n-old\n+new\n same", "diff"), [
    ["meta", "@@ -1 +1 @@"],
    ["deleted", "-old"],
    ["inserted", "+new"],
  ]);
});

test("no language or plain text: nothing is coloured; an unknown language gets strings and numbers", () => {
  assert.deepEqual(tokens('x = "a" 1', ""), []);
  assert.deepEqual(tokens('x = "a" 1', "text"), []);
  assert.deepEqual(tokens('x = "a" 1', "zig"), [
    ["string", '"a"'],
    ["number", "1"],
  ]);
});

test("hostile megabytes take one linear pass, whatever the language", () => {
  const inputs = ['"'.repeat(1e6), "/*".repeat(5e5), "${".repeat(5e5), '<a x="'.repeat(2e5), "a: ".repeat(3e5), "1.".repeat(5e5), "'\n".repeat(5e5)];
  for (const language of ["ts", "bash", "yaml", "html", "python", "css"]) {
    for (const input of inputs) {
      const started = performance.now();
      tokenize(input, language);
      const ms = performance.now() - started;
      assert.ok(ms < 1_500, `${language}, ${JSON.stringify(input.slice(0, 6))}…: ${ms.toFixed(0)} ms`);
    }
  }
});
