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
