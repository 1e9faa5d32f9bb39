// The command-line agent's consent for MCP servers: the workspace's own .vscode/mcp.json starts its
// servers only with --allow mcp (else it says which it left and how to start them); a file named
// with --mcp-config is the user's choice and starts. Real servers (the SDK fixture) over stdio.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import { cliMcpTools } from "../../src/cli/agent/mcpTools";

const root = path.resolve(__dirname, "../..");
const scratch = mkdtempSync(path.join(os.tmpdir(), "mcp-cli-consent-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

const folder = { name: "ws", path: path.join(scratch, "ws") };
mkdirSync(path.join(folder.path, ".vscode"), { recursive: true });
const config = JSON.stringify({ servers: { notes: { command: process.execPath, args: ["--import", "tsx", path.join(root, "test/fixtures/mcp/server.ts")], cwd: root } } });
writeFileSync(path.join(folder.path, ".vscode/mcp.json"), config);
const named = path.join(scratch, "named-mcp.json");
writeFileSync(named, config);

async function tools(configFile: string | undefined, allowMcp: boolean): Promise<{ names: string[]; said: string[] }> {
  const said: string[] = [];
  const mcp = await cliMcpTools(folder, configFile, ["read_file"], (line) => said.push(line), allowMcp);
  try {
    return { names: mcp.tools.map((t) => t.name), said };
  } finally {
    await mcp.dispose();
  }
}

test("the workspace's mcp.json starts nothing without --allow mcp, and says how to start it", async () => {
  const { names, said } = await tools(undefined, false);
  assert.deepEqual(names, []);
  assert.equal(said.length, 1);
  assert.match(said[0]!, /mcp: not started: notes \(`.*server\.ts`\) from .*\.vscode\/mcp\.json; .*--allow mcp.*--mcp-config/);
});

test("with --allow mcp the workspace's servers start", async () => {
  const { names } = await tools(undefined, true);
  assert.ok(names.includes("notes_add"), names.join(", "));
});

test("a file named with --mcp-config starts without --allow mcp (its tools still ask)", async () => {
  const { names } = await tools(named, false);
  assert.ok(names.includes("notes_add"), names.join(", "));
});
