// Checkpoints over a real git: a shadow repository in our storage snapshots the folder and puts it
// back (edits, creations, deletions, whatever a command did), honours .gitignore, never touches
// the folder's own .git, and refuses a snapshot over its size limit.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { checkpointingApprover } from "../../src/core/agent/checkpointApprover";
import type { ApprovalRequest } from "../../src/core/agent/types";
import { CheckpointError, CheckpointStore } from "../../src/node/checkpoints/checkpointStore";

function scratch(files: Record<string, string>) {
  const root = mkdtempSync(join(tmpdir(), "checkpoints-"));
  const folder = join(root, "ws");
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(folder, name, ".."), { recursive: true });
    writeFileSync(join(folder, name), text);
  }
  mkdirSync(folder, { recursive: true });
  const store = new CheckpointStore({ storeRoot: join(root, "store"), folder });
  return { root, folder, store, read: (name: string) => readFileSync(join(folder, name), "utf8"), done: () => rmSync(root, { recursive: true, force: true }) };
}

test("restore undoes edits, creations and deletions, including what a command did", async () => {
  const s = scratch({ "src/a.ts": "a1\n", "src/b.ts": "b1\n", "README.md": "hi\n" });
  try {
    const checkpoint = await s.store.take("Raise the rate\nsecond line");
    assert.equal(checkpoint.label, "Raise the rate");
    writeFileSync(join(s.folder, "src/a.ts"), "a2\n");
    unlinkSync(join(s.folder, "src/b.ts"));
    mkdirSync(join(s.folder, "new/deep"), { recursive: true });
    writeFileSync(join(s.folder, "new/deep/c.ts"), "c\n");
    execFileSync("sh", ["-c", "echo built > out.txt && rm README.md"], { cwd: s.folder });
    const changes = await s.store.changesSince(checkpoint.id);
    assert.deepEqual(
      changes.map((c) => `${c.status} ${c.path}`).sort(),
      ["created new/deep/c.ts", "created out.txt", "deleted README.md", "deleted src/b.ts", "modified src/a.ts"],
    );
    const result = await s.store.restore(checkpoint.id.slice(0, 10));
    assert.equal(result.changes.length, 5);
    assert.equal(s.read("src/a.ts"), "a1\n");
    assert.equal(s.read("src/b.ts"), "b1\n");
    assert.equal(s.read("README.md"), "hi\n");
    assert.equal(existsSync(join(s.folder, "out.txt")), false);
    assert.equal(existsSync(join(s.folder, "new")), false, "folders that held only created files go too");
    assert.deepEqual(await s.store.changesSince(checkpoint.id), []);
    // The state before the restore is a checkpoint of its own: restoring it brings the changes back.
    await s.store.restore(result.before!.id);
    assert.equal(s.read("src/a.ts"), "a2\n");
    assert.equal(s.read("out.txt"), "built\n");
    assert.equal(existsSync(join(s.folder, "src/b.ts")), false);
  } finally {
    s.done();
  }
});

test("in a git repository: .gitignore is honoured and the folder's own .git is left alone", async () => {
  const s = scratch({ "app.py": "x = 1\n", ".gitignore": "build/\n*.log\n" });
  try {
    const git = (...args: string[]) => execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@t", ...args], { cwd: s.folder, encoding: "utf8" });
    git("init", "-q");
    git("add", "-A");
    git("commit", "-qm", "first");
    writeFileSync(join(s.folder, "app.py"), "x = 2\n"); // uncommitted work of the user's
    const before = { head: git("rev-parse", "HEAD"), status: git("status", "--porcelain"), index: statSync(join(s.folder, ".git/index")).mtimeMs };
    const checkpoint = await s.store.take("change it");
    mkdirSync(join(s.folder, "build"));
    writeFileSync(join(s.folder, "build/out.bin"), "artifact");
    writeFileSync(join(s.folder, "debug.log"), "log");
    writeFileSync(join(s.folder, "app.py"), "x = 3\n");
    await s.store.restore(checkpoint.id);
    assert.equal(s.read("app.py"), "x = 2\n", "back to the user's uncommitted text, not to their last commit");
    assert.equal(s.read("build/out.bin"), "artifact", "ignored files are neither stored nor removed");
    assert.equal(s.read("debug.log"), "log");
    assert.equal(statSync(join(s.folder, ".git/index")).mtimeMs, before.index, "the folder's own index was not written");
    assert.equal(git("rev-parse", "HEAD"), before.head);
    assert.equal(git("status", "--porcelain"), before.status);
    assert.equal(git("log", "--format=%s").trim(), "first");
  } finally {
    s.done();
  }
});

test("a folder whose new files exceed the limit gets no checkpoint and a message naming the largest", async () => {
  const root = mkdtempSync(join(tmpdir(), "checkpoints-"));
  try {
    const folder = join(root, "ws");
    mkdirSync(folder);
    writeFileSync(join(folder, "big.bin"), Buffer.alloc(4096));
    writeFileSync(join(folder, "small.txt"), "s");
    const store = new CheckpointStore({ storeRoot: join(root, "store"), folder, maxBytes: 1024 });
    await assert.rejects(store.take("x"), (error: unknown) => error instanceof CheckpointError && /more than the 0\.0 MB.*big\.bin/.test(error.message));
    assert.deepEqual(await store.list(), []);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("a named pipe in the folder does not hang a checkpoint", async () => {
  const s = scratch({ "a.txt": "a" });
  try {
    execFileSync("mkfifo", [join(s.folder, "pipe")]);
    const checkpoint = await s.store.take("with a fifo");
    writeFileSync(join(s.folder, "a.txt"), "b");
    await s.store.restore(checkpoint.id);
    assert.equal(s.read("a.txt"), "a");
  } finally {
    s.done();
  }
});

test("unknown and malformed ids are refused with a message", async () => {
  const s = scratch({ "a.txt": "a" });
  try {
    await s.store.take("one");
    await assert.rejects(s.store.restore("--help"), /not a checkpoint id/);
    await assert.rejects(s.store.restore("deadbeef"), /No checkpoint deadbeef/);
  } finally {
    s.done();
  }
});

test("the approver takes one checkpoint per message, only once a change is approved", async () => {
  let taken = 0;
  const answers = [false, true, true];
  const approve = checkpointingApprover(async () => (answers.shift() ? { approved: true } : { approved: false }), {
    take: async () => void taken++,
    failed: () => assert.fail("no failure expected"),
  });
  const request = {} as ApprovalRequest;
  const signal = new AbortController().signal;
  assert.equal((await approve(request, signal)).approved, false);
  assert.equal(taken, 0, "a denied change takes no checkpoint");
  await approve(request, signal);
  await approve(request, signal);
  assert.equal(taken, 1);
});

test("a checkpoint that cannot be taken is reported and the change still goes ahead", async () => {
  const failures: unknown[] = [];
  const approve = checkpointingApprover(async () => ({ approved: true }), {
    take: async () => {
      throw new CheckpointError("no git");
    },
    failed: (error) => failures.push(error),
  });
  assert.equal((await approve({} as ApprovalRequest, new AbortController().signal)).approved, true);
  assert.equal(failures.length, 1);
});
