import assert from "node:assert/strict";
import { test } from "node:test";
import { Scheduler, SchedulerAbort } from "../../src/engine/scheduler";

const tick = () => new Promise((resolve) => setImmediate(resolve));

async function rejection(promise: Promise<unknown>): Promise<SchedulerAbort> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof SchedulerAbort, `expected SchedulerAbort, got ${String(error)}`);
    return error;
  }
  assert.fail("the request was granted");
}

test("a free slot is lent at once", async () => {
  const scheduler = new Scheduler(["a"]);
  const lease = await scheduler.acquire("chat");
  assert.equal(lease.slot, "a");
  assert.deepEqual(scheduler.busy, ["chat"]);
});

test("a released slot goes to the highest priority waiting, chat before action before completion", async () => {
  const scheduler = new Scheduler(["a"]);
  const first = await scheduler.acquire("action");
  const granted: string[] = [];
  const completion = scheduler.acquire("completion").then((l) => (granted.push("completion"), l));
  const action = scheduler.acquire("action").then((l) => (granted.push("action"), l));
  const chat = scheduler.acquire("chat").then((l) => (granted.push("chat"), l));
  await tick();
  first.release();
  (await chat).release();
  (await action).release();
  (await completion).release();
  assert.deepEqual(granted, ["chat", "action", "completion"]);
});

test("requests of equal priority are served in arrival order", async () => {
  const scheduler = new Scheduler(["a"]);
  const first = await scheduler.acquire("chat");
  const order: number[] = [];
  const second = scheduler.acquire("chat").then((l) => (order.push(2), l));
  const third = scheduler.acquire("chat").then((l) => (order.push(3), l));
  first.release();
  (await second).release();
  (await third).release();
  assert.deepEqual(order, [2, 3]);
});

test("a newer completion supersedes a waiting older one", async () => {
  const scheduler = new Scheduler(["a"]);
  const chat = await scheduler.acquire("chat");
  const older = scheduler.acquire("completion");
  const newer = scheduler.acquire("completion");
  assert.equal((await rejection(older)).reason, "superseded");
  chat.release();
  assert.equal((await newer).priority, "completion");
});

test("a newer completion aborts the running older one, which hands its slot over on release", async () => {
  const scheduler = new Scheduler(["a"]);
  const older = await scheduler.acquire("completion");
  const newer = scheduler.acquire("completion");
  assert.equal(older.signal.aborted, true);
  assert.equal((older.signal.reason as SchedulerAbort).reason, "superseded");
  older.release();
  assert.equal((await newer).slot, "a");
});

test("a chat waiting behind a running completion preempts it", async () => {
  const scheduler = new Scheduler(["a"]);
  const completion = await scheduler.acquire("completion");
  const chat = scheduler.acquire("chat");
  assert.equal((completion.signal.reason as SchedulerAbort).reason, "preempted");
  completion.release();
  assert.equal((await chat).priority, "chat");
});

test("a chat never preempts another chat or an action: it waits", async () => {
  const scheduler = new Scheduler(["a", "b"]);
  const chat = await scheduler.acquire("chat");
  const action = await scheduler.acquire("action");
  const waiting = scheduler.acquire("chat");
  await tick();
  assert.equal(chat.signal.aborted, false);
  assert.equal(action.signal.aborted, false);
  assert.equal(scheduler.queued, 1);
  action.release();
  assert.equal((await waiting).slot, "b");
});

test("an action preempts the newest running completion, not an older chat", async () => {
  const scheduler = new Scheduler(["a", "b"]);
  const chat = await scheduler.acquire("chat");
  const completion = await scheduler.acquire("completion");
  const action = scheduler.acquire("action");
  assert.equal(chat.signal.aborted, false);
  assert.equal(completion.signal.aborted, true);
  completion.release();
  assert.equal((await action).slot, "b");
});

test("a waiting request whose signal aborts is withdrawn and never granted", async () => {
  const scheduler = new Scheduler(["a"]);
  const chat = await scheduler.acquire("chat");
  const controller = new AbortController();
  const withdrawn = scheduler.acquire("action", controller.signal);
  controller.abort();
  assert.equal((await rejection(withdrawn)).reason, "cancelled");
  chat.release();
  assert.equal(scheduler.queued, 0);
  assert.deepEqual(scheduler.busy, []);
});

test("an already aborted signal is refused without queueing", async () => {
  const scheduler = new Scheduler(["a"]);
  assert.equal((await rejection(scheduler.acquire("chat", AbortSignal.abort()))).reason, "cancelled");
  assert.equal(scheduler.queued, 0);
});

test("releasing twice returns the slot once", async () => {
  const scheduler = new Scheduler(["a"]);
  const lease = await scheduler.acquire("chat");
  lease.release();
  lease.release();
  const a = await scheduler.acquire("chat");
  const b = scheduler.acquire("chat");
  await tick();
  assert.equal(scheduler.queued, 1, "only one slot exists");
  a.release();
  (await b).release();
});

test("close aborts leases and waiters and refuses new requests; drained resolves after release", async () => {
  const scheduler = new Scheduler(["a"]);
  const lease = await scheduler.acquire("chat");
  const waiter = scheduler.acquire("action");
  scheduler.close();
  assert.equal((lease.signal.reason as SchedulerAbort).reason, "closed");
  assert.equal((await rejection(waiter)).reason, "closed");
  assert.equal((await rejection(scheduler.acquire("chat"))).reason, "closed");
  let drained = false;
  const done = scheduler.drained().then(() => (drained = true));
  await tick();
  assert.equal(drained, false);
  lease.release();
  await done;
  assert.equal(drained, true);
});

// Lanes: slots tagged with the kind of caller they serve.
const laneOf = (slot: string) => slot.split(":")[0];

test("with lanes, a completion takes its own lane's slot while the chat's is busy, and a chat does not preempt it", async () => {
  const scheduler = new Scheduler(["chat:1", "completion:1", "other:1"], laneOf);
  const chat = await scheduler.acquire("chat", undefined, { lane: "chat" });
  const completion = await scheduler.acquire("completion", undefined, { lane: "completion" });
  assert.equal(chat.slot, "chat:1");
  assert.equal(completion.slot, "completion:1");
  const secondChat = scheduler.acquire("chat", undefined, { lane: "chat" });
  await tick();
  assert.equal(completion.signal.aborted, false, "the completion holds no slot the chat could use");
  const action = await scheduler.acquire("action", undefined, { lane: "other" });
  assert.equal(action.slot, "other:1", "a code action does not wait behind the chat either");
  chat.release();
  assert.equal((await secondChat).slot, "chat:1");
});

test("with lanes, a waiter whose lane is full lets a lower-priority waiter of another lane by", async () => {
  const scheduler = new Scheduler(["chat:1", "completion:1"], laneOf);
  const chat = await scheduler.acquire("chat", undefined, { lane: "chat" });
  const completion = await scheduler.acquire("completion", undefined, { lane: "completion" });
  const waitingChat = scheduler.acquire("chat", undefined, { lane: "chat" });
  const nextCompletion = scheduler.acquire("completion", undefined, { lane: "completion" });
  assert.equal(completion.signal.aborted, true, "superseded by the newer completion");
  completion.release();
  assert.equal((await nextCompletion).slot, "completion:1");
  chat.release();
  assert.equal((await waitingChat).slot, "chat:1");
});

test("a lane no slot serves falls back to any slot (a server backend's slots have no lanes)", async () => {
  const scheduler = new Scheduler(["a", "b"]);
  const lease = await scheduler.acquire("completion", undefined, { lane: "completion" });
  assert.equal(lease.slot, "a");
});

test("affinity: a conversation gets its last slot back when free, else the slot used longest ago", async () => {
  const scheduler = new Scheduler(["s0", "s1"]);
  const take = async (affinity: string) => {
    const lease = await scheduler.acquire("chat", undefined, { affinity });
    lease.release();
    return lease.slot;
  };
  assert.equal(await take("a"), "s0");
  assert.equal(await take("b"), "s1");
  assert.equal(await take("b"), "s1", "not s0, used longest ago: that one holds a's prefix");
  assert.equal(await take("a"), "s0");
  assert.equal(scheduler.lastOwnerOf("s0"), "a");
  // a's slot busy (a code action of a's holds it): a's chat takes the other one rather than wait.
  const held = await scheduler.acquire("action", undefined, { affinity: "a" });
  assert.equal(held.slot, "s0");
  const busyA = await scheduler.acquire("chat", undefined, { affinity: "a" });
  assert.equal(busyA.slot, "s1");
});
