// Saved conversations: atomic writes, newest first, and a corrupt file set aside without breaking the list.
import assert from "node:assert/strict";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { chatTitle, newChatId, type SavedChat } from "../../src/core/history/savedChat";
import { ChatStore } from "../../src/node/chatStore";

let root: string;
before(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "chat-store-"));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

async function store(name: string): Promise<{ store: ChatStore; folder: string; warnings: string[] }> {
  const folder = path.join(root, name);
  const warnings: string[] = [];
  return { store: new ChatStore({ folder, warn: (m) => warnings.push(m) }), folder, warnings };
}

function chat(id: string, updatedAt: string, title = "Why is the tax off by a cent?"): SavedChat {
  return {
    version: 1,
    id,
    title,
    createdAt: "2026-11-25T06:00:00.000Z",
    updatedAt,
    effort: "medium",
    conversation: [{ role: "user", content: "Why is the tax off by a cent?" }, { role: "assistant", channel: "final", content: "Rounding per line." }],
    turns: [{ turnId: "t1", text: "Why is the tax off by a cent?", attachments: [], events: [{ kind: "text", channel: "final", text: "Rounding per line." }, { kind: "done", reason: "final", steps: 1 }] }],
  };
}

test("a saved chat loads back equal, and the list is newest first", async () => {
  const { store: s } = await store("roundtrip");
  await s.save(chat("a1", "2026-11-25T06:01:00.000Z", "older"));
  await s.save(chat("b2", "2026-11-25T06:05:00.000Z", "newer"));
  assert.deepEqual(await s.load("a1"), chat("a1", "2026-11-25T06:01:00.000Z", "older"));
  assert.deepEqual((await s.list()).map((c) => c.title), ["newer", "older"]);
});

test("saves of one chat land in order and leave no temp files", async () => {
  const { store: s, folder } = await store("order");
  await Promise.all(Array.from({ length: 20 }, (_, i) => s.save(chat("c3", `2026-11-25T06:${String(i).padStart(2, "0")}:00.000Z`, `v${i}`))));
  assert.equal((await s.load("c3"))?.title, "v19");
  assert.deepEqual(await readdir(folder), ["chat-c3.json"]);
});

test("a corrupt file is set aside with a warning and the other chats still list", async () => {
  const { store: s, folder, warnings } = await store("corrupt");
  await s.save(chat("ok1", "2026-11-25T06:01:00.000Z"));
  await writeFile(path.join(folder, "chat-bad1.json"), '{"version":1,"id":"bad1","title":');
  const list = await s.list();
  assert.deepEqual(list.map((c) => c.id), ["ok1"]);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, /could not be read and was set aside as chat-bad1\.corrupt-\d+\.json: it is not valid JSON/);
  assert.ok((await readdir(folder)).some((n) => /^chat-bad1\.corrupt-\d+\.json$/.test(n)));
});

test("a file that parses but does not fit the schema is set aside too", async () => {
  const { store: s, folder, warnings } = await store("schema");
  await s.save(chat("x1", "2026-11-25T06:01:00.000Z"));
  const saved = JSON.parse(await readFile(path.join(folder, "chat-x1.json"), "utf8"));
  saved.turns = "not a list";
  await writeFile(path.join(folder, "chat-x1.json"), JSON.stringify(saved));
  assert.equal(await s.load("x1"), undefined);
  assert.match(warnings[0]!, /set aside/);
});

test("rename keeps the content; delete removes the file", async () => {
  const { store: s } = await store("rename");
  await s.save(chat("r1", "2026-11-25T06:01:00.000Z"));
  assert.equal(await s.rename("r1", "  Tax rounding  "), true);
  assert.equal((await s.load("r1"))?.title, "Tax rounding");
  assert.equal(await s.rename("missing", "x"), false);
  await s.delete("r1");
  assert.deepEqual(await s.list(), []);
});

test("a chat's title is the first line of its first message, cut at a word", () => {
  assert.equal(chatTitle("Fix the tax\nmore details"), "Fix the tax");
  assert.equal(chatTitle("   "), "New chat");
  const long = chatTitle("Explain why the invoice total differs from the sum of the line totals when VAT applies");
  assert.ok(long.length <= 61 && long.endsWith("…"), long);
  assert.match(newChatId(), /^[a-z0-9]+-[a-z0-9]+$/);
});
