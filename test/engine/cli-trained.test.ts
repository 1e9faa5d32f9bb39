// The trained shape through the CLI, on the real engine (tiny model made to say a script): a
// repo_browser.open_file call reads the file, an apply_patch call edits with --allow edit and not
// without, a container.exec call is refused without --allow run, three identical calls get the
// repeat note; --session continues a conversation across runs and --prompt-log records every
// model call's harmony prompt.
import assert from "node:assert/strict";
import { cp, mkdtemp, readFile, rm } from "node:fs/promises";
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import type { CliIO } from "../../src/cli/command";
import { main } from "../../src/cli/main";
import { tinyModelPath } from "../helpers/tinyModel";

const root = path.resolve(__dirname, "../..");
const script = (name: string) => path.join(root, "test/fixtures/scripts", name);

let model: string;
let scratch: string;

before(async () => {
  model = await tinyModelPath();
  scratch = await mkdtemp(path.join(os.tmpdir(), "cli-trained-"));
});

after(async () => {
  await rm(scratch, { recursive: true, force: true });
});

async function workspace(name: string): Promise<string> {
  const dir = path.join(scratch, name);
  await cp(path.join(root, "test/fixtures/sample-workspace"), dir, { recursive: true });
  return dir;
}

async function chat(scriptFile: string, args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const io: CliIO = { out: (text) => (out += `${text}\n`), err: (text) => (err += `${text}\n`) };
  const code = await main(["chat", "--model", model, "--threads", "1", "--context", "8192", "--script", scriptFile, ...args], io);
  return { code, out, err };
}

const results = (out: string) =>
  out
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((e) => e.event === "tool-result");

test("--allow edit: repo_browser.open_file reads the file, apply_patch edits it, container.exec is refused without --allow run", async () => {
  const ws = await workspace("allowed");
  const { code, out, err } = await chat(script("trained-shape.json"), ["--workspace", ws, "--allow", "edit", "--json", "Raise the VAT rate"]);
  assert.equal(code, 0, err);
  const [open, patch, exec] = results(out);
  assert.equal(open?.name, "read_file", "the card names the real tool");
  assert.match(String(open?.content), /^3\| export const VAT_RATE = 0\.2;/);
  assert.equal(patch?.name, "apply_patch");
  assert.match(String(patch?.content), /^Success\. Updated the following files:\nM src\/tax\.ts \(\+1 −1\)/);
  assert.match(await readFile(path.join(ws, "src/tax.ts"), "utf8"), /export const VAT_RATE = 0\.21;/);
  assert.equal(exec?.name, "run_command");
  assert.match(String(exec?.content), /did not allow "run" tools for this run \(the command-line tool needs --allow run\)/);
  assert.equal(existsSync(path.join(ws, "ran.txt")), false);
});

test("without --allow edit the patch is denied and the file is untouched", async () => {
  const ws = await workspace("denied");
  const { code, out, err } = await chat(script("trained-shape.json"), ["--workspace", ws, "--json", "Raise the VAT rate"]);
  assert.equal(code, 0, err);
  assert.match(String(results(out)[1]?.content), /did not allow "edit" tools/);
  assert.match(await readFile(path.join(ws, "src/tax.ts"), "utf8"), /export const VAT_RATE = 0\.2;/);
});

test("three identical calls: the third gets the repeat note", async () => {
  const ws = await workspace("repeat");
  const { code, out, err } = await chat(script("repeat-calls.json"), ["--workspace", ws, "--json", "Read the README"]);
  assert.equal(code, 0, err);
  const list = results(out);
  assert.equal(list.length, 3);
  assert.match(String(list[1]?.content), /sample/i);
  assert.match(String(list[2]?.content), /^Not run: this call repeats your previous 2 calls exactly/);
});

test("--session continues the conversation across runs (reasoning of the old turn dropped); --prompt-log appends each prompt", async () => {
  const ws = await workspace("session");
  const session = path.join(scratch, "session.json");
  const log = path.join(scratch, "prompts.log");
  const turns = script("two-turns.json");
  // A fresh engine each run starts the script anew (the second run says its first response again): the prompts are what matter.
  const first = await chat(turns, ["--workspace", ws, "--session", session, "--prompt-log", log, "First question"]);
  assert.equal(first.code, 0, first.err);
  assert.equal(first.out, "First answer.\n");
  const saved = JSON.parse(await readFile(session, "utf8")) as { version: number; conversation: Array<{ role: string; content: string; channel?: string }> };
  assert.equal(saved.version, 1);
  assert.deepEqual(saved.conversation.map((m) => [m.role, m.channel ?? "", m.content]), [
    ["user", "", "First question"],
    ["assistant", "analysis", "first thoughts"],
    ["assistant", "final", "First answer."],
  ]);
  const second = await chat(turns, ["--workspace", ws, "--session", session, "--prompt-log", log, "Second question"]);
  assert.equal(second.code, 0, second.err);
  const after = JSON.parse(await readFile(session, "utf8")) as typeof saved;
  assert.deepEqual(after.conversation.filter((m) => m.role === "user").map((m) => m.content), ["First question", "Second question"]);
  const prompts = (await readFile(log, "utf8")).split(/^===== model call \d+ .*=====$/m).filter((p) => p.trim() !== "");
  assert.equal(prompts.length, 2);
  assert.match(prompts[0]!, /<\|start\|>user<\|message\|>First question<\|end\|><\|start\|>assistant\n$/);
  assert.match(prompts[1]!, /<\|start\|>user<\|message\|>First question<\|end\|><\|start\|>assistant<\|channel\|>final<\|message\|>First answer\.<\|end\|><\|start\|>user<\|message\|>Second question<\|end\|><\|start\|>assistant\n$/);
  assert.doesNotMatch(prompts[1]!, /first thoughts/, "the earlier turn's reasoning is dropped (cookbook rule)");
});

test("a session file that is not a session is refused with what to do", async () => {
  const ws = await workspace("bad-session");
  const { code, err } = await chat(script("two-turns.json"), ["--workspace", ws, "--session", path.join(root, "package.json"), "hi"]);
  assert.equal(code, 1);
  assert.match(err, /--session .*package\.json is not a gpt-oss-local session .*Give a new file name, or delete this one\./);
});
