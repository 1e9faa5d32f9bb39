// MCP: VS Code's mcp.json format, tool names the model can call, and a real server written with the
// official SDK (stdio and streamable HTTP): tools listed, called, results mapped, a dead server
// restarted once, a server that cannot start reported while the others serve.
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { after, test } from "node:test";
import { mergeMcpConfigs, parseMcpConfig, stripJsonComments, type McpServerSpec } from "../../src/core/mcp/config";
import { externalResultText, externalToolName } from "../../src/core/mcp/externalTools";
import { functionToolDescriptions } from "../../src/core/tools/registry";
import { McpHub } from "../../src/node/mcp/mcpHub";

const root = path.resolve(__dirname, "../..");
const SERVER = path.join(root, "test/fixtures/mcp/server.ts");
const stdioNotes = (name = "notes", extra: Partial<McpServerSpec> = {}): McpServerSpec =>
  ({ name, transport: "stdio", command: process.execPath, args: ["--import", "tsx", SERVER], env: { TEST_MCP_VALUE: "from-config" }, cwd: root, source: "test", ...extra }) as McpServerSpec;
const signal = () => new AbortController().signal;
const context = { env: {} as never, signal: signal(), maxResultChars: 10_000 };
const hubs: McpHub[] = [];
after(async () => {
  await Promise.all(hubs.map((h) => h.dispose()));
});
function hub(...servers: McpServerSpec[]) {
  const h = new McpHub({ servers, problems: [] }, { startMs: 30_000, callMs: 30_000 });
  hubs.push(h);
  return h;
}

test("mcp.json: stdio and http servers, comments and trailing commas, ${workspaceFolder}; bad entries are reported", () => {
  const text = `{
    // VS Code's own format
    "servers": {
      "files": { "type": "stdio", "command": "node", "args": ["\${workspaceFolder}/srv.js", "a//b"], "env": { "N": 1 }, },
      "remote": { "url": "http://127.0.0.1:9/mcp", "headers": { "Authorization": "Bearer x" } },
      "broken": { "type": "stdio" },
      "asks": { "command": "x", "env": { "KEY": "\${input:key}" } },
    },
  }`;
  const config = parseMcpConfig(text, ".vscode/mcp.json", { workspaceFolder: "/ws" });
  assert.deepEqual(config.servers, [
    { name: "files", transport: "stdio", command: "node", args: ["/ws/srv.js", "a//b"], env: { N: "1" }, source: ".vscode/mcp.json" },
    { name: "remote", transport: "http", url: "http://127.0.0.1:9/mcp", headers: { Authorization: "Bearer x" }, source: ".vscode/mcp.json" },
  ]);
  assert.equal(config.problems.length, 2);
  assert.match(config.problems[0]!, /server "broken".*command/);
  assert.match(config.problems[1]!, /server "asks".*input:key.*not supported/);
  assert.match(parseMcpConfig("{ nope", "f").problems[0]!, /f: not valid JSON/);
  assert.equal(stripJsonComments('{"a": "// not a comment", /* c */ "b": [1,],}'), '{"a": "// not a comment",  "b": [1]}');
  const merged = mergeMcpConfigs(parseMcpConfig({ servers: { x: { command: "user" } } }, "settings"), parseMcpConfig({ servers: { x: { command: "ws" } } }, "file"));
  assert.deepEqual(merged.servers.map((s) => s.transport === "stdio" && s.command), ["ws"]);
});

test("tool names: <server>_<tool> in identifier characters, unique beside ours and each other", () => {
  const taken = new Set(["read_file", "notes_add"]);
  assert.equal(externalToolName("my-server", "get.weather now", taken), "my_server_get_weather_now");
  assert.equal(externalToolName("notes", "add", taken), "notes_add_2");
  assert.equal(externalToolName("read", "file", taken), "read_file_2");
  assert.equal(externalToolName("3d", "render", new Set()), "_3d_render");
  assert.equal(externalToolName("ü", "ö", new Set()), "server_tool");
  assert.ok(externalToolName("s".repeat(80), "t".repeat(80), new Set()).length <= 64);
});

test("results: text and structured content go to the model; images and binary resources are described", () => {
  const text = externalResultText({
    content: [
      { type: "text", text: "hello" },
      { type: "image", mimeType: "image/png", data: "AAAA" },
      { type: "resource_link", uri: "file:///x", name: "x" },
      { type: "resource", resource: { uri: "mem://b", blob: "AA", mimeType: "application/zip" } },
    ],
    structuredContent: { count: 2 },
  });
  assert.match(text, /hello/);
  assert.match(text, /\[image image\/png \(3 bytes\): not shown/);
  assert.match(text, /\[resource link: file:\/\/\/x \(x\)\]/);
  assert.match(text, /\[binary resource mem:\/\/b \(application\/zip\): not shown\]/);
  assert.match(text, /"count": 2/);
});

test("a stdio server's tools are listed with its schemas, called, and need approval (risk external)", async () => {
  const h = hub(stdioNotes());
  const [notes] = await h.serverTools(["read_file"]);
  assert.equal(notes!.error, undefined);
  assert.deepEqual(notes!.tools.map((t) => t.name).sort(), ["notes_add", "notes_crash", "notes_env", "notes_list", "notes_picture"]);
  const add = notes!.tools.find((t) => t.name === "notes_add")!;
  assert.equal(add.risk, "external");
  const [description] = functionToolDescriptions([add]);
  assert.deepEqual(Object.keys((description!.parameters as { properties: object }).properties), ["text", "pinned"]);
  assert.equal(add.parameters.safeParse({ text: 3 }).success, false, "the server's schema validates the model's arguments");
  const change = await add.prepare!({ text: "buy milk" }, context);
  assert.deepEqual(change, { kind: "external", source: "MCP server notes", tool: "add", arguments: '{\n  "text": "buy milk"\n}' });
  const result = await add.run({ text: "buy milk" }, context, change);
  assert.equal(result.content, "Added note 1: buy milk");
  const list = await notes!.tools.find((t) => t.name === "notes_list")!.run({}, context);
  assert.match(list.content, /1\. buy milk/);
  const env = await notes!.tools.find((t) => t.name === "notes_env")!.run({}, context);
  assert.match(env.content, /TEST_MCP_VALUE=from-config/);
  const picture = await notes!.tools.find((t) => t.name === "notes_picture")!.run({}, context);
  assert.match(picture.content, /\[image image\/png/);
});

test("a server killed from outside is restarted once, and the call is answered", async () => {
  const h = hub(stdioNotes());
  const [notes] = await h.serverTools([]);
  const env = notes!.tools.find((t) => t.name === "notes_env")!;
  const pid = Number(/pid=(\d+)/.exec((await env.run({}, context)).content)![1]);
  process.kill(pid, "SIGKILL");
  await new Promise((resolve) => setTimeout(resolve, 300));
  const again = await env.run({}, context);
  const newPid = Number(/pid=(\d+)/.exec(again.content)![1]);
  assert.notEqual(newPid, pid);
});

test("a server that dies on every call is reported with its last output, not restarted forever", async () => {
  const h = hub(stdioNotes());
  const [notes] = await h.serverTools([]);
  const crash = notes!.tools.find((t) => t.name === "notes_crash")!;
  await assert.rejects(crash.run({}, context), (error: Error) => /MCP server "notes".*crash failed after a restart/s.test(error.message) && /about to crash on purpose/.test(error.message));
});

test("a server that cannot start is reported; the others still serve", async () => {
  const h = hub(stdioNotes("missing", { command: "/nonexistent/mcp-server", args: [] } as Partial<McpServerSpec>), stdioNotes("notes"));
  const [missing, notes] = await h.serverTools([]);
  assert.deepEqual(missing!.tools, []);
  assert.match(missing!.error!, /MCP server "missing" \(`\/nonexistent\/mcp-server`, from test\) could not start/);
  assert.equal(notes!.tools.length, 5);
});

test("a streamable HTTP server works the same", async () => {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", SERVER, "--http", "0"], { cwd: root, stdio: ["ignore", "pipe", "inherit"] });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout!.on("data", (chunk: Buffer) => {
        const match = /listening (\d+)/.exec(chunk.toString());
        if (match) resolve(Number(match[1]));
      });
      child.once("exit", (code) => reject(new Error(`server exited ${code}`)));
    });
    const h = hub({ name: "web notes", transport: "http", url: `http://127.0.0.1:${port}/mcp`, headers: {}, source: "test" });
    const [server] = await h.serverTools([]);
    assert.equal(server!.error, undefined);
    const add = server!.tools.find((t) => t.name === "web_notes_add")!;
    assert.match((await add.run({ text: "over http" }, context)).content, /Added note 1: over http/);
  } finally {
    child.kill();
  }
});
