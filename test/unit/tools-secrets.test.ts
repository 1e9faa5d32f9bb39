// Which workspace files count as secrets, and why (the pattern is shown to the user).
import assert from "node:assert/strict";
import { test } from "node:test";
import { isSecretPath, secretRefusalMessage } from "../../src/core/tools/secrets";

const secret = (path: string) => isSecretPath(path) !== undefined;

test(".env is secret at the root and at any depth", () => {
  assert.deepEqual(isSecretPath(".env"), { pattern: ".env", source: "built-in" });
  assert.ok(secret("packages/api/.env"));
});

test(".env.* variants are secret", () => {
  assert.equal(isSecretPath(".env.local")?.pattern, ".env.*");
  assert.ok(secret("config/.env.production"));
});

test(".env templates are not secret", () => {
  for (const name of [".env.example", ".env.sample", ".env.template", "api/.env.example"]) assert.ok(!secret(name), name);
});

test("private keys and key stores are secret", () => {
  for (const name of ["certs/server.pem", "tls.key", "client.p12", "client.pfx", "release.jks", "android.keystore"]) {
    assert.ok(secret(name), name);
  }
});

test("ssh private keys are secret, their .pub halves are not", () => {
  assert.ok(secret("deploy/id_rsa"));
  assert.ok(secret("id_ed25519"));
  assert.ok(!secret("deploy/id_rsa.pub"));
  assert.ok(!secret("id_ed25519.pub"));
});

test("everything under .ssh is secret, the folder included", () => {
  assert.equal(isSecretPath(".ssh/config")?.pattern, ".ssh/**");
  assert.ok(secret(".ssh"));
  assert.ok(secret("home/.ssh/known_hosts"));
});

test("credential files of package managers, cloud CLIs and git are secret", () => {
  for (const name of [".npmrc", ".pypirc", ".netrc", ".git-credentials", ".aws/credentials", "credentials.json", "secrets.yaml"]) {
    assert.ok(secret(name), name);
  }
});

test("secrets.* data files are secret, source files named secrets are not", () => {
  assert.ok(secret("config/secrets.json"));
  assert.ok(secret("secrets.yml"));
  assert.ok(!secret("src/core/tools/secrets.ts"));
  assert.ok(!secret("app/secrets.py"));
});

test("git internals are secret", () => {
  assert.equal(isSecretPath(".git/config")?.pattern, ".git/**");
  assert.ok(secret(".git/objects/ab/cdef"));
});

test("ordinary project files are not secret", () => {
  for (const name of ["src/index.ts", "README.md", ".gitignore", ".github/workflows/ci.yml", "keyboard.ts", "src/env.ts", "package.json", "."]) {
    assert.ok(!secret(name), name);
  }
});

test("matching ignores case, since .ENV is .env on case-insensitive file systems", () => {
  assert.ok(secret(".ENV"));
  assert.ok(secret("Server.PEM"));
});

test("a file inside a folder that matches is secret", () => {
  assert.deepEqual(isSecretPath("private/notes.txt", { patterns: ["private"] }), { pattern: "private", source: "user" });
});

test("a user pattern is reported as the user's", () => {
  assert.deepEqual(isSecretPath("config/prod.yaml", { patterns: ["/config/prod.*"] }), {
    pattern: "/config/prod.*",
    source: "user",
  });
});

test("an anchored user pattern only matches from the folder root", () => {
  assert.equal(isSecretPath("src/config/prod.yaml", { patterns: ["/config/prod.*"] }), undefined);
});

test("the allow-list overrides a built-in pattern", () => {
  assert.equal(isSecretPath("test/fixtures/server.pem", { allow: ["test/fixtures/**"] }), undefined);
  assert.ok(secret("test/fixtures/server.pem"));
});

test("the allow-list overrides a user pattern", () => {
  assert.equal(isSecretPath("private/ok.txt", { patterns: ["private"], allow: ["private/ok.txt"] }), undefined);
});

test("an allowed path does not allow its neighbours", () => {
  assert.ok(isSecretPath(".env.local", { allow: [".env"] }) !== undefined);
});

test("the refusal tells the model why and not to look for another way in", () => {
  const match = isSecretPath("api/.env")!;
  assert.equal(
    secretRefusalMessage("api/.env", match),
    "api/.env looks like a secret file (it matches .env), so tools may not use it. Do not try another path to the same file; if it is really needed, ask the user to allow it in the settings.",
  );
});

test("the wider list: what gitleaks-style rule sets name, and files found readable before", () => {
  const names = [
    ".envrc",
    "prod.env",
    "deploy/staging.env",
    ".env-local",
    ".env_production",
    "infra/terraform.tfstate",
    "infra/terraform.tfstate.backup",
    "keys/my-project-service-account.json",
    "gcp_service_account_key.json",
    "client_secret_1234.apps.googleusercontent.com.json",
    "putty.ppk",
    ".yarnrc.yml",
    ".kube/config",
    "home/.kube/config",
    "cluster.kubeconfig",
    ".npmrc",
    ".pypirc",
    ".netrc",
    "id_ed25519_sk",
    "cert.p12",
    "store.pfx",
    "app.jks",
    "AuthKey_ABC123.p8",
    ".aws/credentials",
    ".docker/config.json",
    ".git-credentials",
    ".cargo/credentials.toml",
    ".vault-token",
    ".bash_history",
  ];
  for (const name of names) assert.ok(secret(name), name);
});

test("the wider list still leaves ordinary files and templates alone, and the allow-list still wins", () => {
  for (const name of ["src/env.ts", "example.env", "config/.env-example", "src/credentials.ts", "docs/kubeconfig.md", "id_utils.ts", "terraform/main.tf", "yarn.lock"]) {
    assert.ok(!secret(name), name);
  }
  assert.equal(isSecretPath("prod.env", { allow: ["prod.env"] }), undefined);
  assert.equal(isSecretPath("infra/terraform.tfstate", { allow: ["infra/*.tfstate"] }), undefined);
});
