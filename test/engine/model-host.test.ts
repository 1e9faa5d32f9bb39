// The shared model host on the real engine: lazy load, leases through the scheduler, unload.
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import type { EngineOptions } from "../../src/engine/load";
import { type HostState, ModelHost } from "../../src/engine/modelHost";
import { SchedulerAbort } from "../../src/engine/scheduler";
import { tinyModelPath } from "../helpers/tinyModel";

let modelPath = "";
let dir = "";
before(async () => {
  modelPath = await tinyModelPath();
  dir = await mkdtemp(path.join(os.tmpdir(), "gpt-oss-host-"));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

function host(resolve: () => EngineOptions | undefined, idleUnloadMs = 0) {
  const states: HostState["kind"][] = [];
  const modelHost = new ModelHost({
    resolveOptions: async () => resolve(),
    idleUnloadMs: () => idleUnloadMs,
    log: () => {},
  });
  modelHost.onState((state) => {
    if (states.at(-1) !== state.kind) states.push(state.kind);
  });
  return { modelHost, states };
}

const tiny = (): EngineOptions => ({ modelPath, gpu: false, threads: 1, contextSize: 1024, script: false });

test("the first lease loads the model once, however many ask at the same time", async () => {
  const { modelHost, states } = host(tiny);
  try {
    const [a, b] = await Promise.all([modelHost.ensureLoaded(), modelHost.ensureLoaded()]);
    assert.equal(a, b);
    assert.deepEqual(states, ["loading", "ready"]);
    const state = modelHost.state;
    assert.equal(state.kind === "ready" && state.report.device.gpu, false);
  } finally {
    await modelHost.dispose();
  }
});

test("a lease lends a sequence that generates, and release hands it to the next", async () => {
  const { modelHost } = host(tiny);
  try {
    const lease = (await modelHost.lease("chat"))!;
    const waiting = modelHost.lease("action");
    const result = await lease.slot.complete(
      { segments: [{ kind: "special", name: "start" }, { kind: "text", text: "user" }, { kind: "special", name: "message" }, { kind: "text", text: "hi" }, { kind: "special", name: "end" }, { kind: "special", name: "start" }, { kind: "text", text: "assistant" }] },
      { maxTokens: 4, temperature: 0 },
    );
    assert.ok(result.stats.generatedTokens > 0);
    lease.release();
    const next = (await waiting)!;
    assert.equal(next.slot, lease.slot, "one sequence: the same slot");
    next.release();
  } finally {
    await modelHost.dispose();
  }
});

test("unloading aborts a held lease and the next lease loads again", async () => {
  const { modelHost, states } = host(tiny);
  try {
    const lease = (await modelHost.lease("completion"))!;
    const unloaded = modelHost.unload("test");
    assert.equal(lease.signal.aborted, true);
    assert.ok(lease.signal.reason instanceof SchedulerAbort);
    lease.release();
    await unloaded;
    assert.equal(modelHost.state.kind, "idle");
    (await modelHost.lease("chat"))!.release();
    assert.deepEqual(states, ["loading", "ready", "idle", "loading", "ready"]);
  } finally {
    await modelHost.dispose();
  }
});

test("with nothing to load (a declined download) a lease is undefined and the host stays idle", async () => {
  const { modelHost } = host(() => undefined);
  assert.equal(await modelHost.lease("chat"), undefined);
  assert.equal(modelHost.state.kind, "idle");
  await modelHost.dispose();
});

test("a bad model file puts the host in error with the reason, and a fixed setting loads", async () => {
  const broken = path.join(dir, "broken.gguf");
  await writeFile(broken, "<!DOCTYPE html>");
  let options: EngineOptions = { ...tiny(), modelPath: broken };
  const { modelHost } = host(() => options);
  try {
    await assert.rejects(modelHost.lease("chat"));
    const state = modelHost.state;
    assert.equal(state.kind, "error");
    assert.match(state.kind === "error" ? state.message : "", /not a GGUF/i);
    options = tiny();
    (await modelHost.lease("chat"))!.release();
    assert.equal(modelHost.state.kind, "ready");
  } finally {
    await modelHost.dispose();
  }
});

test("the model unloads after the idle time once the last lease is released", async () => {
  const { modelHost, states } = host(tiny, 50);
  try {
    (await modelHost.lease("chat"))!.release();
    for (let i = 0; i < 100 && modelHost.state.kind !== "idle"; i++) await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(states, ["loading", "ready", "idle"]);
  } finally {
    await modelHost.dispose();
  }
});
