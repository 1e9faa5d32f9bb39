// The small glob language of path patterns in settings (secret patterns and their allow-list).
import assert from "node:assert/strict";
import { test } from "node:test";
import { compileGlob, pathSegments } from "../../src/core/tools/glob";

const matches = (pattern: string, path: string, caseInsensitive = false) =>
  compileGlob(pattern, { caseInsensitive }).matches(pathSegments(path));

test("* matches any run of characters inside one segment, a leading dot included", () => {
  assert.ok(matches("*.pem", "server.pem"));
  assert.ok(matches("*.pem", ".pem"));
  assert.ok(!matches("*.pem", "server.pem.txt"));
});

test("* does not cross a '/'", () => {
  assert.ok(!matches("/src*", "src/a"));
});

test("? matches exactly one character", () => {
  assert.ok(matches("id_?sa", "id_rsa"));
  assert.ok(!matches("id_?sa", "id_sa"));
});

test("character classes, ranges and negation", () => {
  assert.ok(matches("key[0-9].txt", "key7.txt"));
  assert.ok(!matches("key[0-9].txt", "keyx.txt"));
  assert.ok(matches("key[!0-9].txt", "keyx.txt"));
  assert.ok(matches("key[^0-9].txt", "keyx.txt"));
  assert.ok(matches("[ab]c", "bc"));
});

test("an unclosed '[' is a literal character", () => {
  assert.ok(matches("a[b", "a[b"));
});

test("a reversed range matches nothing instead of throwing", () => {
  assert.ok(!matches("[z-a]", "m"));
});

test("a pattern without a leading '/' matches at any depth", () => {
  assert.ok(matches("*.pem", "deep/down/server.pem"));
  assert.ok(matches(".aws/credentials", "home/.aws/credentials"));
});

test("a leading '/' anchors the pattern to the folder root", () => {
  assert.ok(matches("/config/*.json", "config/prod.json"));
  assert.ok(!matches("/config/*.json", "src/config/prod.json"));
});

test("** spans zero or more segments", () => {
  assert.ok(matches("/a/**/z", "a/z"));
  assert.ok(matches("/a/**/z", "a/b/c/z"));
  assert.ok(matches(".ssh/**", ".ssh"));
  assert.ok(matches(".ssh/**", ".ssh/keys/id_rsa"));
});

test("regular-expression characters are literal", () => {
  assert.ok(matches("a+b(c).txt", "a+b(c).txt"));
  assert.ok(!matches("a.b", "axb"));
});

test("a backslash escapes the next character", () => {
  assert.ok(matches("\\*.txt", "*.txt"));
  assert.ok(!matches("\\*.txt", "a.txt"));
});

test("case is kept unless folding is asked for", () => {
  assert.ok(!matches(".env", ".ENV"));
  assert.ok(matches(".env", ".ENV", true));
});

test("an empty pattern matches nothing", () => {
  assert.ok(!matches("", "anything"));
  assert.ok(!matches("/", "anything"));
});

test("a pattern that makes backtracking matchers take minutes gives its answer at once", () => {
  // "*a*a*a...*b" against a long run of "a": a backtracking RegExp tries every split of the run
  // among the stars (minutes for 9 stars and a 5,000-character name). The matcher is linear.
  const pattern = "**/*a*a*a*a*a*a*a*a*a*b";
  const long = "a".repeat(5000);
  assert.equal(matches(pattern, `src/${long}`), false);
  assert.equal(matches(pattern, `src/${long}b`), true);
  assert.equal(matches(`/${"**/".repeat(30)}*a*a*a*b`, `${"x/".repeat(200)}${long}`), false);
  assert.equal(matches(`/${"*/**/".repeat(30)}x`, "y/".repeat(400) + "z"), false);
});

test("stars, classes and ? combine as before (agrees with a brute-force matcher)", () => {
  const cases: Array<[string, string, boolean]> = [
    ["a*b*c", "abc", true],
    ["a*b*c", "aXbYc", true],
    ["a*b*c", "acb", false],
    ["*.tar.gz", "x.tar.gz", true],
    ["*.tar.gz", "x.tar.gz.bak", false],
    ["[a-c]?*z", "b1z", true],
    ["[a-c]?*z", "d1z", false],
    ["*[!0-9]", "abc1", false],
    ["*[!0-9]", "abc1x", true],
    ["?", "é", true],
    ["?", "😀", true],
    ["a**b", "ab", true],
  ];
  for (const [pattern, name, expected] of cases) assert.equal(matches(`/${pattern}`, name), expected, `${pattern} vs ${name}`);
  // And on 3,000 random small patterns and names, the same verdict as a RegExp built from the
  // pattern (fine at this size; the RegExp form is what backtracked on long names).
  const pieces = ["a", "b", "*", "?", "[ab]", "[!a]", "**"];
  const toRegExp: Record<string, string> = { a: "a", b: "b", "*": "[^/]*", "?": "[^/]", "[ab]": "[ab]", "[!a]": "[^a/]", "**": "[^/]*" };
  let seed = 7;
  const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
  for (let k = 0; k < 3000; k++) {
    const parts = Array.from({ length: 1 + random(5) }, () => pieces[random(pieces.length)]!);
    const name = Array.from({ length: random(7) }, () => "abc"[random(3)]).join("") || "a";
    const expected = new RegExp(`^${parts.map((part) => toRegExp[part]).join("")}$`).test(name);
    assert.equal(matches(`/${parts.join("")}`, name), expected, `${parts.join("")} vs ${name}`);
  }
});

test("case folding reaches classes and ranges", () => {
  assert.ok(matches("[a-c].PEM", "B.pem", true));
  assert.ok(!matches("[a-c].PEM", "B.pem"));
});
