// The compiled secret filter that searches run over thousands of paths caches its verdicts on
// folders. The cache must not change an answer: checked here against the rule as written (the
// path or any folder above it matches; the allow-list on any of them overrides), in any order.
import assert from "node:assert/strict";
import { test } from "node:test";
import { compileGlob, pathSegments } from "../../src/core/tools/glob";
import { createSecretFilter, DEFAULT_SECRET_PATTERNS, isSecretPath, type SecretMatch, type SecretPolicy } from "../../src/core/tools/secrets";

/** The rule, uncached: allow on any prefix clears; else the first pattern matching any prefix. */
function reference(relativePath: string, policy: SecretPolicy): SecretMatch | undefined {
  const fold = { caseInsensitive: true };
  const segments = pathSegments(relativePath);
  const prefixes = segments.map((_, i) => segments.slice(0, segments.length - i));
  if ((policy.allow ?? []).some((pattern) => prefixes.some((prefix) => compileGlob(pattern, fold).matches(prefix)))) return undefined;
  const specs = [
    ...DEFAULT_SECRET_PATTERNS.map((spec) => ({ ...spec, source: "built-in" as const })),
    ...(policy.patterns ?? []).map((pattern) => ({ pattern, unless: [] as readonly string[], source: "user" as const })),
  ];
  for (const spec of specs) {
    for (const prefix of prefixes) {
      if (compileGlob(spec.pattern, fold).matches(prefix) && !(spec.unless ?? []).some((u) => compileGlob(u, fold).matches(prefix))) {
        return { pattern: spec.pattern, source: spec.source };
      }
    }
  }
  return undefined;
}

const policy: SecretPolicy = { patterns: ["private", "/config/prod.*"], allow: [".git/description", "fixtures", "certs/test.pem"] };
const folders = ["", "src/", ".git/", ".git/hooks/", "fixtures/", "fixtures/keys/", "certs/", "private/", "config/", "a/config/", ".ssh/", "app/.ssh/"];
const names = [".env", ".env.example", "id_rsa", "id_rsa.pub", "test.pem", "server.pem", "description", "HEAD", "prod.yaml", "index.ts", "notes.txt", "credentials.json"];
const paths = folders.flatMap((folder) => names.map((name) => folder + name));

test("the cached filter agrees with the rule on every path, checked twice in different orders", () => {
  const filter = createSecretFilter(policy);
  for (const path of [...paths, ...[...paths].reverse()]) assert.deepEqual(filter(path), reference(path, policy), path);
});

test("a folder found secret does not hide a file the allow-list names inside it", () => {
  const filter = createSecretFilter(policy);
  assert.ok(filter(".git/HEAD"));
  assert.equal(filter(".git/description"), undefined);
  assert.ok(filter(".git/HEAD"));
});

test("an allowed folder clears the secret files in it, before and after its verdict is cached", () => {
  const filter = createSecretFilter(policy);
  assert.equal(filter("fixtures/keys/id_rsa"), undefined);
  assert.equal(filter("fixtures/readme.md"), undefined);
  assert.equal(filter("fixtures/keys/server.pem"), undefined);
});

test("the reason is the first pattern in list order, whether it matched the file or a folder", () => {
  const filter = createSecretFilter({});
  filter(".ssh/known_hosts");
  assert.equal(filter(".ssh/id_rsa")?.pattern, "id_rsa*");
  assert.equal(isSecretPath(".ssh/id_rsa")?.pattern, "id_rsa*");
  assert.equal(filter(".ssh/config")?.pattern, ".ssh/**");
});

test("checking 20,000 paths stays cheap", () => {
  const filter = createSecretFilter({});
  const many = Array.from({ length: 20_000 }, (_, i) => `packages/pkg${i % 50}/src/mod${i % 20}/file${i}.ts`);
  const started = performance.now();
  for (const path of many) filter(path);
  const ms = performance.now() - started;
  assert.ok(ms < 2000, `took ${ms.toFixed(0)} ms`);
});
