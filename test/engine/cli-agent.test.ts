// `gpt-oss-local chat --workspace`: the agent loop headless on plain files, through the real engine
// on the tiny model made to say a script: a read, a refused escape, an edit approved (or not).
import assert from "node:assert/strict";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import type { CliIO } from "../../src/cli/command";
import { main } from "../../src/cli/main";
import { tinyModelPath } from "../helpers/tinyModel";

const root = path.resolve(__dirname, "../..");
const SCRIPT = path.join(root, "test/fixtures/scripts/agent-edit.json");
const ORIGINAL = "export const VAT_RATE = 0.2;";
const EDITED = "export const VAT_RATE = 0.21;";

let model: string;
let scratch: string;

before(async () => {
  model = await tinyModelPath();
  scratch = await mkdtemp(path.join(os.tmpdir(), "cli-agent-"));
  // Checkpoints of the runs that name no --checkpoints go here, not into the real state folder.
  process.env.GPT_OSS_LOCAL_CHECKPOINTS = path.join(scratch, "default-checkpoints");
});

after(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/** A fresh copy of the sample workspace, with a file just outside it that must stay unread. */
async function workspace(name: string): Promise<string> {
  const dir = path.join(scratch, name, "ws");
  await cp(path.join(root, "test/fixtures/sample-workspace"), dir, { recursive: true });
  await writeFile(path.join(scratch, name, "rates.txt"), "OUTSIDE-SECRET\n");
  return dir;
}

async function chat(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const io: CliIO = { out: (text) => (out += `${text}\n`), err: (text) => (err += `${text}\n`) };
  const code = await main(["chat", "--model", model, "--threads", "1", "--context", "8192", "--script", SCRIPT, ...args], io);
  return { code, out, err };
}

function events(out: string): Array<Record<string, unknown>> {
  return out.trim().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
}

test("--json --allow edit: a read, a refused escape and an approved edit, one JSON event per line", async () => {
  const ws = await workspace("allowed");
  const { code, out, err } = await chat(["--workspace", ws, "--allow", "edit", "--json", "Raise the VAT rate to 21%"]);
  assert.equal(code, 0, err);
  const list = events(out);
  const results = list.filter((e) => e.event === "tool-result");
  assert.equal(results.length, 3);
  assert.equal(results[0]!.isError, false);
  assert.match(String(results[0]!.content), /VAT_RATE = 0\.2;/);
  assert.equal(results[1]!.isError, true);
  assert.match(String(results[1]!.content), /outside the workspace/);
  assert.doesNotMatch(out, /OUTSIDE-SECRET/);
  assert.deepEqual(list.find((e) => e.event === "approval-asked")?.change, { kind: "edit", path: "src/tax.ts", create: false, added: 1, removed: 1 });
  assert.ok(list.some((e) => e.event === "approval-given"));
  assert.equal(results[2]!.isError, false);
  const final = list.at(-1)!;
  assert.equal(final.event, "final");
  assert.equal(final.reason, "final");
  assert.equal(final.steps, 4);
  assert.match(String(final.answer), /0\.21/);
  assert.match(await readFile(path.join(ws, "src/tax.ts"), "utf8"), new RegExp(EDITED.replace(/[.]/g, "\\.")));
});

test("without --allow and without a terminal the edit is denied, the model is told why, and the file is untouched", async () => {
  const ws = await workspace("denied");
  const { code, out, err } = await chat(["--workspace", ws, "Raise the VAT rate to 21%"]);
  assert.equal(code, 0, err);
  assert.match(err, /→ Reading src\/tax\.ts/);
  assert.match(err, /✗ \.\.\/rates\.txt is outside the workspace folder/);
  assert.match(err, /denied: The user did not allow "edit" tools for this run \(the command-line tool needs --allow edit\)/);
  assert.match(err, /\[4 step\(s\); last: \d+ tokens/);
  assert.equal(out, "I changed `VAT_RATE` to 0.21 in `src/tax.ts`.\n");
  const text = await readFile(path.join(ws, "src/tax.ts"), "utf8");
  assert.ok(text.includes(ORIGINAL) && !text.includes(EDITED));
});

test("agent-mode options without --workspace are a usage error", async () => {
  const { code, err } = await chat(["--json", "hi"]);
  assert.equal(code, 2);
  assert.match(err, /give --workspace DIR too/);
});

test("a --workspace that does not exist is refused before anything runs", async () => {
  const { code, err } = await chat(["--workspace", path.join(scratch, "nope"), "hi"]);
  assert.equal(code, 1);
  assert.match(err, /--workspace .*nope: no such folder/);
});

test("the workspace's AGENTS.md goes into the prompt (named on stderr, the prompt grows); --no-instructions leaves it out", async () => {
  const ws = await workspace("instructions");
  await writeFile(path.join(ws, "AGENTS.md"), `# House rules\n${"Prefer small, well-named functions and keep every change covered by a test. ".repeat(8)}\n`);
  const promptTokens = (err: string) => Number(/prompt (\d+) tokens/.exec(err)?.[1]);
  const log = path.join(scratch, "instructions", "prompts.harmony");
  const withFile = await chat(["--workspace", ws, "--allow", "edit", "--prompt-log", log, "Raise the VAT rate to 21%"]);
  assert.equal(withFile.code, 0, withFile.err);
  assert.match(withFile.err, /^instructions: AGENTS\.md$/m);
  // The exact text the model read: our instructions, then the file under its name.
  assert.match(await readFile(log, "utf8"), /# Instructions\n\nYou are[\s\S]*## AGENTS\.md\n\n# House rules\nPrefer small, well-named functions/);
  const without = await chat(["--workspace", ws, "--allow", "edit", "--no-instructions", "Raise the VAT rate to 21%"]);
  assert.equal(without.code, 0, without.err);
  assert.doesNotMatch(without.err, /^instructions:/m);
  assert.ok(promptTokens(withFile.err) > promptTokens(without.err) + 100, `${promptTokens(withFile.err)} vs ${promptTokens(without.err)}`);
});

test("chat --workspace takes a checkpoint before the edit; `checkpoints restore` undoes it", async () => {
  const ws = await workspace("checkpoint");
  const store = path.join(scratch, "checkpoint", "store");
  const before = await readFile(path.join(ws, "src/tax.ts"), "utf8");
  const run = await chat(["--workspace", ws, "--allow", "edit", "--checkpoints", store, "Raise the VAT rate to 21%"]);
  assert.equal(run.code, 0, run.err);
  const id = /checkpoint ([0-9a-f]{12}) taken/.exec(run.err)?.[1];
  assert.ok(id, run.err);
  assert.notEqual(await readFile(path.join(ws, "src/tax.ts"), "utf8"), before);
  let out = "";
  let err = "";
  const io: CliIO = { out: (text) => (out += `${text}\n`), err: (text) => (err += `${text}\n`) };
  assert.equal(await main(["checkpoints", "--workspace", ws, "--checkpoints", store, "list"], io), 0, err);
  assert.match(out, new RegExp(`^${id}  \\S+  Raise the VAT rate to 21%$`, "m"));
  assert.equal(await main(["checkpoints", "--workspace", ws, "--checkpoints", store, "restore", id], io), 1, "no terminal and no --yes: nothing restored");
  assert.match(err, /M src\/tax\.ts/);
  assert.equal(await main(["checkpoints", "--workspace", ws, "--checkpoints", store, "restore", id, "--yes"], io), 0, err);
  assert.equal(await readFile(path.join(ws, "src/tax.ts"), "utf8"), before);
});

test("a run whose edit is denied takes no checkpoint", async () => {
  const ws = await workspace("no-checkpoint");
  const store = path.join(scratch, "no-checkpoint", "store");
  const run = await chat(["--workspace", ws, "--checkpoints", store, "Raise the VAT rate to 21%"]);
  assert.equal(run.code, 0, run.err);
  assert.doesNotMatch(run.err, /checkpoint .* taken/);
});

test("an MCP server's tools run as <server>_<tool>: asked without --allow mcp, run with it", async () => {
  const ws = await workspace("mcp");
  const config = path.join(scratch, "mcp", "mcp.json");
  await writeFile(config, JSON.stringify({ servers: { notes: { command: process.execPath, args: ["--import", "tsx", path.join(root, "test/fixtures/mcp/server.ts")], cwd: root } } }));
  const MCP_SCRIPT = path.join(root, "test/fixtures/scripts/agent-mcp.json");
  const run = async (extra: string[]) => {
    let out = "";
    let err = "";
    const io: CliIO = { out: (text) => (out += `${text}\n`), err: (text) => (err += `${text}\n`) };
    const code = await main(["chat", "--model", model, "--threads", "1", "--context", "8192", "--script", MCP_SCRIPT, "--workspace", ws, "--mcp-config", config, "--json", ...extra, "Remember to water the plants"], io);
    return { code, list: events(out), err };
  };
  const denied = await run([]);
  assert.equal(denied.code, 0, denied.err);
  const deniedResult = denied.list.find((e) => e.event === "tool-result" && e.name === "notes_add");
  assert.equal(deniedResult?.isError, true);
  assert.match(String(deniedResult?.content), /needs --allow mcp/);
  // Every outside tool asks, even one that only reads: we cannot know what it does.
  assert.match(String(denied.list.find((e) => e.event === "tool-result" && e.name === "notes_list")?.content), /needs --allow mcp/);

  const allowed = await run(["--allow", "mcp"]);
  assert.equal(allowed.code, 0, allowed.err);
  assert.deepEqual(allowed.list.find((e) => e.event === "approval-asked")?.change, { kind: "external", source: "MCP server notes", tool: "add", arguments: '{\n  "text": "water the plants"\n}' });
  assert.match(String(allowed.list.find((e) => e.event === "tool-result" && e.name === "notes_add")?.content), /Added note 1: water the plants/);
  assert.match(String(allowed.list.find((e) => e.event === "tool-result" && e.name === "notes_list")?.content), /1\. water the plants/);
});
