// The engine's child process (bundled as dist/engineHost.js): node-llama-cpp and the model live
// here, so a llama.cpp abort, a segfault or an out-of-memory kill ends this process only, never
// the extension host or the CLI that started it. It does what the parent asks over the IPC
// channel (protocol.ts) with the ordinary in-process engine (load.ts, engine.ts) and exits when
// the parent says so or goes away.
import { EngineError, errorText } from "../errors";
import { loadEngine } from "../load";
import type { Engine } from "../engine";
import type { EngineSequence } from "../sequence";
import { type FromChild, ToChild, type WireError } from "./protocol";

if (!process.send) {
  console.error("engineHost.js is the gpt-oss engine's child process; the extension and the CLI start it (it needs an IPC channel).");
  process.exit(2);
}

let engine: Engine | undefined;
const slots = new Map<number, EngineSequence>();
/** Per slot: the generation running or winding down (an abort lands within a token). */
const running = new Map<number, Promise<void>>();
const aborts = new Map<number, AbortController>();

// Messages go out in one batch per event-loop turn: a token's events (text, message-start, ...)
// then cost one write on the pipe, not one each.
let outbox: FromChild[] = [];
function send(message: FromChild): void {
  if (outbox.length === 0) setImmediate(flush);
  outbox.push(message);
}
function flush(): void {
  const batch = outbox;
  outbox = [];
  if (batch.length && process.connected) process.send!(batch);
}

function wireError(error: unknown): WireError {
  if (error instanceof EngineError) {
    return { name: error.name, message: error.message, code: error.code, ...(error.fileProblem ? { fileProblem: error.fileProblem } : {}) };
  }
  return { name: error instanceof Error ? error.name : "Error", message: errorText(error) };
}

async function load(message: Extract<ToChild, { type: "load" }>): Promise<void> {
  const { logLevel, ...options } = message.options;
  try {
    engine = await loadEngine({
      ...options,
      ...(logLevel ? { logLevel, log: (level, text) => send({ type: "log", level, message: text }) } : {}),
      onStage: (stage) => send({ type: "stage", stage }),
      onLoadProgress: (fraction) => send({ type: "load-progress", fraction }),
    });
    // Slots in the order the parent numbers them: one per lane when there are lanes.
    const lanes = engine.report.lanes?.sequences;
    if (lanes) lanes.forEach((lane, slot) => slots.set(slot, engine!.openSequence(lane.lane)));
    else for (let slot = 0; slot < engine.report.sequences; slot++) slots.set(slot, engine.openSequence());
    send({ type: "loaded", report: engine.report });
  } catch (error) {
    send({ type: "load-failed", error: wireError(error) });
  }
}

function generate(message: Extract<ToChild, { type: "generate" }>): void {
  const { id, slot: index, request, options } = message;
  const abort = new AbortController();
  aborts.set(id, abort);
  const previous = running.get(index) ?? Promise.resolve();
  const run = previous.then(async () => {
    try {
      const slot = slots.get(index);
      if (!slot) throw new EngineError("disposed", "The model was unloaded; load it again to generate.");
      const { progress, ...rest } = options;
      const stream = slot.generate(request, {
        ...rest,
        signal: abort.signal,
        ...(progress ? { onPromptProgress: (evaluated: number, total: number) => send({ type: "prompt-progress", id, evaluated, total }) } : {}),
      });
      for (;;) {
        const next = await stream.next();
        if (next.done) {
          send({ type: "result", id, result: next.value });
          break;
        }
        send({ type: "event", id, event: next.value });
      }
    } catch (error) {
      send({ type: "failed", id, error: wireError(error) });
    } finally {
      aborts.delete(id);
    }
  });
  running.set(index, run);
  void run.finally(() => {
    if (running.get(index) === run) running.delete(index);
  });
}

async function dispose(): Promise<never> {
  for (const abort of aborts.values()) abort.abort();
  await Promise.allSettled(running.values());
  await engine?.dispose().catch(() => undefined);
  flush();
  process.exit(0);
}

process.on("message", (raw) => {
  const parsed = ToChild.safeParse(raw);
  if (!parsed.success) {
    // Our own parent sent it: a bug, said loudly where the parent reads it (stderr tail).
    console.error(`gpt-oss engine process: unreadable message from the parent: ${parsed.error.message}`);
    return;
  }
  const message = parsed.data;
  switch (message.type) {
    case "load":
      void load(message);
      break;
    case "generate":
      generate(message);
      break;
    case "abort":
      aborts.get(message.id)?.abort();
      break;
    case "dispose":
      void dispose();
      break;
  }
});

// The parent is gone (closed the channel, crashed): nothing is left to serve.
process.on("disconnect", () => void dispose());
