// The local engine in its own process: the real node-llama-cpp on the tiny model in a child
// process, driven through the Backend interface. Generation (scripted replies, tool grammars,
// prompt progress, stop, breaking out), counting tokens; and what happens when the child dies
// mid-answer (SIGKILL as the out-of-memory killer sends it, SIGABRT as a llama.cpp assert raises
// it): the answer fails with a message saying so, the host goes to an error state, and the next
// request starts a fresh child that answers.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { z } from "zod";
import { defaultSystemContent, developerContent, type Conversation } from "../../src/core/harmony/index";
import type { GenerationSlot } from "../../src/engine/backend";
import type { TurnEvent as GenerationEvent } from "../../src/core/agent/types";
import { EngineError, type GenerationResult } from "../../src/engine/index";
import { type HostState, ModelHost } from "../../src/engine/modelHost";
import { startEngineProcess, type ProcessBackend } from "../../src/engine/process/processBackend";
import { tinyModelPath } from "../helpers/tinyModel";

let modelPath = "";
let backend: ProcessBackend;
let slot: GenerationSlot;

before(async () => {
  modelPath = await tinyModelPath();
  backend = await startEngineProcess({ modelPath, gpu: false, threads: 1, contextSize: 4096, script: false });
  slot = backend.openSlot();
});

after(async () => {
  await backend?.dispose();
});

/** A long scripted answer: text events are certain, and it runs long enough to be stopped or killed. */
const LONG = `<|channel|>final<|message|>${Array.from({ length: 400 }, (_, i) => i + 1).join(", ")}<|return|>`;

const chat: Conversation = [
  { role: "system", content: defaultSystemContent({ reasoningEffort: "low" }) },
  { role: "user", content: "Say hello." },
];

function textOf(events: GenerationEvent[], channel: string): string {
  return events.map((e) => (e.type === "text" && e.channel === channel ? e.text : "")).join("");
}

async function run(target: GenerationSlot, conversation: Conversation, options: Parameters<GenerationSlot["complete"]>[1]): Promise<{ events: GenerationEvent[]; result: GenerationResult }> {
  const events: GenerationEvent[] = [];
  const result = await target.complete({ conversation }, { seed: 1, ...options }, (event) => events.push(event));
  return { events, result };
}

test("loads in a child process and reports the load as in-process", () => {
  assert.ok(backend.pid && backend.pid !== process.pid, "a process of its own");
  assert.equal(backend.report.device.gpu, false);
  assert.equal(backend.report.threads, 1, "the thread count passes through");
  assert.equal(backend.report.contextSize, 4096);
  assert.equal(slot.contextSize, 4096);
});

test("a scripted reply streams reasoning and answer through the pipe", async () => {
  let progress = 0;
  const { events, result } = await run(slot, chat, {
    script: "<|channel|>analysis<|message|>The user wants a greeting.<|end|><|start|>assistant<|channel|>final<|message|>Hello! How can I help?<|return|>",
    onPromptProgress: () => progress++,
  });
  assert.equal(textOf(events, "analysis"), "The user wants a greeting.");
  assert.equal(textOf(events, "final"), "Hello! How can I help?");
  assert.equal(result.stopReason, "return");
  assert.ok(result.stats.generatedTokens > 5);
  assert.ok(progress > 0, "prompt progress crosses the pipe");
});

test("a tool call's arguments are generated under the tool's grammar in the child", async () => {
  const parameters = z.object({ path: z.string().min(1).max(40) });
  const conversation: Conversation = [
    { role: "system", content: defaultSystemContent({ reasoningEffort: "low" }) },
    { role: "developer", content: developerContent("Use the tools.", [{ name: "read_file", description: "Read a file.", parameters: z.toJSONSchema(parameters) as Record<string, unknown> }]) },
    { role: "user", content: "What is in a.ts?" },
  ];
  // The script ends at the header: the random model writes the arguments, held to the schema.
  const { result } = await run(slot, conversation, { script: "<|channel|>commentary to=functions.read_file <|constrain|>json<|message|>", temperature: 1 });
  assert.equal(result.stopReason, "call");
  assert.equal(result.toolCall?.name, "read_file");
  assert.equal(result.toolCall?.constrained, true);
  assert.ok(parameters.safeParse(JSON.parse(result.toolCall!.arguments)).success, result.toolCall!.arguments);
});

test("stop ends the answer within a few tokens, and the slot answers again at once", async () => {
  const abort = new AbortController();
  let count = 0;
  const stopped = await slot.complete({ conversation: chat }, { signal: abort.signal, script: LONG }, (event) => {
    if (event.type === "text" && ++count === 5) abort.abort();
  });
  assert.equal(stopped.stopReason, "abort");
  assert.ok(stopped.stats.generatedTokens < 40, `${stopped.stats.generatedTokens} tokens`);
  const next = await slot.complete({ conversation: chat }, { script: "<|channel|>final<|message|>Again.<|return|>" });
  assert.equal(next.messages.at(-1)?.content, "Again.");
});

test("breaking out of the stream stops the child's generation; the next one runs", async () => {
  let count = 0;
  for await (const event of slot.generate({ conversation: chat }, { script: LONG })) {
    if (event.type === "text" && ++count === 3) break;
  }
  const next = await slot.complete({ conversation: chat }, { script: "<|channel|>final<|message|>Done.<|return|>" });
  assert.equal(next.messages.at(-1)?.content, "Done.");
});

/** Starts a long answer and kills the child with `signal` once text streams. */
async function killMidAnswer(target: ProcessBackend, targetSlot: GenerationSlot, signal: NodeJS.Signals): Promise<unknown> {
  let killed = false;
  try {
    await targetSlot.complete({ conversation: chat }, { script: LONG }, (event) => {
      if (event.type === "text" && !killed) {
        killed = true;
        process.kill(target.pid!, signal);
      }
    });
  } catch (error) {
    assert.ok(killed, "killed mid-answer");
    return error;
  }
  assert.fail("the answer should have failed");
}

test("a child killed by SIGKILL mid-answer fails the answer with what happened and the likely fix", async () => {
  let crashed: EngineError | undefined;
  const victim = await startEngineProcess({ modelPath, gpu: false, threads: 1, contextSize: 2048, script: false, onCrash: (error) => (crashed = error) });
  try {
    const victimSlot = victim.openSlot();
    const error = await killMidAnswer(victim, victimSlot, "SIGKILL");
    assert.ok(error instanceof EngineError, String(error));
    assert.equal(error.code, "engine-crashed");
    assert.match(error.message, /^The local engine \(llama\.cpp\) was stopped by signal SIGKILL while answering\./);
    assert.match(error.message, /killed it for lack of memory: a smaller context \(gptOss\.contextSize\) or a smaller model/);
    assert.equal(crashed, error, "the owner is told once, with the same error");
    assert.equal(victim.crashed, error);
    // Later requests on the dead backend fail at once with the same report, never hang.
    await assert.rejects(victimSlot.complete({ conversation: chat }, { script: false }), (e: unknown) => e === error);
  } finally {
    await victim.dispose();
  }
});

test("through the model host: SIGABRT mid-answer is an error state, and the next lease starts a fresh child that answers", async () => {
  const states: HostState[] = [];
  const logged: string[] = [];
  const host = new ModelHost({
    resolveOptions: async () => ({ modelPath, gpu: false, threads: 1, contextSize: 2048, script: false }),
    idleUnloadMs: () => 0,
    log: (level, message) => logged.push(`${level}: ${message}`),
  });
  host.onState((state) => states.push(state));
  try {
    const lease = (await host.lease("chat"))!;
    const first = (host as unknown as { engine: ProcessBackend }).engine;
    const error = await killMidAnswer(first, lease.slot, "SIGABRT");
    lease.release();
    assert.ok(error instanceof EngineError && error.code === "engine-crashed", String(error));
    assert.match(error.message, /stopped by signal SIGABRT while answering/);
    assert.equal(host.state.kind, "error");
    assert.equal(host.state.kind === "error" && host.state.code, "engine-crashed");
    assert.ok(logged.some((line) => line.startsWith("error: The local engine (llama.cpp) was stopped by signal SIGABRT")), logged.join("\n"));

    const again = (await host.lease("chat"))!;
    try {
      const second = (host as unknown as { engine: ProcessBackend }).engine;
      assert.notEqual(second.pid, first.pid, "a fresh child");
      const result = await again.slot.complete({ conversation: chat }, { script: "<|channel|>final<|message|>Back again.<|return|>" });
      assert.equal(result.messages.at(-1)?.content, "Back again.");
    } finally {
      again.release();
    }
    const kinds = states.map((s) => s.kind).filter((k, i, all) => i === 0 || all[i - 1] !== k);
    assert.deepEqual(kinds, ["loading", "ready", "error", "loading", "ready"]);
  } finally {
    await host.dispose();
  }
});
