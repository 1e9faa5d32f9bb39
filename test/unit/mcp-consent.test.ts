// The one-time consent for a workspace's MCP servers: remembered per server for its exact
// configuration, asked again when anything that decides what runs changes, and nothing secret kept.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { McpServerSpec } from "../../src/core/mcp/config";
import { McpConsentStore, mcpServerHash, type ConsentMemento } from "../../src/node/mcp/mcpConsent";

/** A Memento over a Map, as VS Code's workspaceState behaves (values stored as JSON). */
function memento(): ConsentMemento & { raw: Map<string, string> } {
  const raw = new Map<string, string>();
  return {
    raw,
    get: <T>(key: string) => (raw.has(key) ? (JSON.parse(raw.get(key)!) as T) : undefined),
    update: async (key: string, value: unknown) => void raw.set(key, JSON.stringify(value)),
  };
}

const stdio = (extra: Partial<Extract<McpServerSpec, { transport: "stdio" }>> = {}): McpServerSpec => ({
  name: "notes",
  transport: "stdio",
  command: "node",
  args: ["server.js"],
  env: { A: "1", TOKEN: "secret-token-value" },
  source: ".vscode/mcp.json",
  ...extra,
});
const http = (extra: Partial<Extract<McpServerSpec, { transport: "http" | "sse" }>> = {}): McpServerSpec => ({
  name: "remote",
  transport: "http",
  url: "http://127.0.0.1:9/mcp",
  headers: { Authorization: "Bearer secret-header-value" },
  source: ".vscode/mcp.json",
  ...extra,
});

test("an answer is remembered for that server's exact configuration, allow or deny", async () => {
  const state = memento();
  const store = new McpConsentStore(state);
  assert.equal(store.consent(stdio()), undefined, "never asked");
  await store.record(stdio(), "allow");
  await store.record(http(), "deny");
  const again = new McpConsentStore(state);
  assert.equal(again.consent(stdio()), "allow");
  assert.equal(again.consent(http()), "deny");
  assert.equal(again.consent(stdio({ name: "other" })), undefined, "by server name");
  await again.record(http(), "allow");
  assert.equal(again.consent(http()), "allow", "a later answer replaces the earlier one");
});

test("a changed command, args, env, cwd, url or header asks again; key order and the source do not", async () => {
  const store = new McpConsentStore(memento());
  await store.record(stdio(), "allow");
  await store.record(http(), "allow");
  for (const changed of [stdio({ command: "python" }), stdio({ args: ["server.js", "--evil"] }), stdio({ env: { A: "2", TOKEN: "secret-token-value" } }), stdio({ cwd: "/tmp" }), stdio({ transport: "stdio", env: { A: "1" } })]) {
    assert.equal(store.consent(changed), undefined, JSON.stringify(changed));
  }
  assert.equal(store.consent(http({ url: "http://127.0.0.1:10/mcp" })), undefined);
  assert.equal(store.consent(http({ headers: { Authorization: "Bearer other" } })), undefined);
  assert.equal(store.consent(http({ transport: "sse" })), undefined);
  assert.equal(store.consent(stdio({ env: { TOKEN: "secret-token-value", A: "1" } })), "allow", "env key order does not matter");
  assert.equal(store.consent(stdio({ source: "other/.vscode/mcp.json" })), "allow", "the file's label is not what runs");
  assert.notEqual(mcpServerHash(stdio({ args: ["a b"] })), mcpServerHash(stdio({ args: ["a", "b"] })), "args are not joined ambiguously");
});

test("only hashes are stored: no command line, env value or header", async () => {
  const state = memento();
  await new McpConsentStore(state).record(stdio(), "allow");
  await new McpConsentStore(state).record(http(), "deny");
  const stored = [...state.raw.values()].join("\n");
  assert.doesNotMatch(stored, /secret|server\.js|127\.0\.0\.1/);
  assert.match(stored, /"hash":"[0-9a-f]{64}"/);
});

test("a damaged stored value is treated as never asked", async () => {
  const state = memento();
  await state.update("gptOss.mcpConsent", { notes: { hash: 3, consent: "allow" }, remote: "yes" });
  const store = new McpConsentStore(state);
  assert.equal(store.consent(stdio()), undefined);
  assert.equal(store.consent(http()), undefined);
  await state.update("gptOss.mcpConsent", "nonsense");
  assert.equal(store.consent(stdio()), undefined);
});
