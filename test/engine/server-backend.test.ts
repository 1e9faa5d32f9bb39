// The server backend against a real llama.cpp llama-server on 127.0.0.1 serving the tiny gpt-oss
// model (built from the llama.cpp source node-llama-cpp ships; the first build takes minutes and
// is cached in .cache/llama.cpp/). Our harmony prompts go out as raw text, the streamed text comes
// back through our parser; scripts are forced by a grammar on the server, tool arguments follow
// the tool's grammar, cancel and a killed server behave as promised.
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import { after, before, test } from "node:test";
import { z } from "zod";
import { defaultSystemContent, developerContent, type Conversation } from "../../src/core/harmony/index";
import type { GenerationSlot } from "../../src/engine/backend";
import type { TurnEvent } from "../../src/core/agent/types";
import type { GenerationResult, GenerateOptions } from "../../src/engine/generationTypes";
import { ModelHost } from "../../src/engine/modelHost";
import { ServerError } from "../../src/engine/server/httpStream";
import { connectServer, type ServerOptions } from "../../src/engine/server/serverBackend";
import { startLlamaServer, type RunningLlamaServer } from "../helpers/llamaServer";
import { tinyModelPath } from "../helpers/tinyModel";

let server: RunningLlamaServer;
let host: ModelHost;
let slot: GenerationSlot;

function serverOptions(url: string): ServerOptions {
  return { url, api: "llama.cpp", script: false, idleTimeoutMs: 60_000 };
}

before(
  async () => {
    server = await startLlamaServer({ model: await tinyModelPath(), contextSize: 4096 });
    host = new ModelHost({ resolveOptions: async () => ({ server: serverOptions(server.url) }), idleUnloadMs: () => 0, log: () => undefined });
    const lease = await host.lease("chat");
    assert.ok(lease);
    slot = lease.slot;
    lease.release();
  },
  { timeout: 1_500_000 },
);

after(async () => {
  await host?.dispose();
  await server?.stop();
});

const chat: Conversation = [
  { role: "system", content: defaultSystemContent({ reasoningEffort: "low" }) },
  { role: "user", content: "Say hello." },
];

async function run(conversation: Conversation, options: GenerateOptions, target = slot): Promise<{ events: TurnEvent[]; result: GenerationResult }> {
  const events: TurnEvent[] = [];
  const result = await target.complete({ conversation }, { seed: 1, ...options }, (event) => events.push(event));
  return { events, result };
}

function textOf(events: TurnEvent[], channel: string): string {
  return events.map((e) => (e.type === "text" && e.channel === channel ? e.text : "")).join("");
}

test("the host connects to the server: its model, context size and slots, checked to be gpt-oss", () => {
  const state = host.state;
  assert.equal(state.kind, "ready");
  assert.ok(state.kind === "ready" && state.report.server);
  assert.equal(state.report.server.api, "llama.cpp");
  assert.match(state.report.server.model, /gguf|gpt-oss/i);
  assert.equal(state.report.contextSize, 4096);
  assert.equal(slot.contextSize, 4096);
});

test("a scripted chat streams its reasoning and answer through our parser; the next turn reuses the server's cache", async () => {
  const reply = "<|channel|>analysis<|message|>Greet back.<|end|><|start|>assistant<|channel|>final<|message|>Hello from the server!<|return|>";
  const first = await run(chat, { script: reply });
  assert.equal(first.result.stopReason, "return");
  assert.equal(textOf(first.events, "analysis"), "Greet back.");
  assert.equal(textOf(first.events, "final"), "Hello from the server!");
  assert.deepEqual(
    first.result.messages.map((m) => [m.channel, m.content, m.end]),
    [
      ["analysis", "Greet back.", "end"],
      ["final", "Hello from the server!", "return"],
    ],
  );
  assert.ok(first.events.some((e) => e.type === "prompt"));

  const second = await run(
    [...chat, { role: "assistant", channel: "final", content: "Hello from the server!" }, { role: "user", content: "Again." }],
    { script: "<|channel|>final<|message|>Hello again.<|return|>" },
  );
  assert.equal(textOf(second.events, "final"), "Hello again.");
  assert.ok(second.result.stats.reusedTokens > 0, `the server reused no cached prompt tokens: ${JSON.stringify(second.result.stats)}`);
  assert.ok(second.result.stats.reusedTokens < second.result.stats.promptTokens);
});

test("after a scripted tool-call header, the model writes arguments under the tool's grammar, and they validate", async () => {
  const schema = z.object({ city: z.string().max(24), days: z.number().int().min(1).max(7).optional() }).strict();
  const conversation: Conversation = [
    chat[0]!,
    {
      role: "developer",
      content: developerContent(undefined, [
        { name: "get_weather", description: "Weather for a city.", parameters: z.toJSONSchema(schema, { target: "draft-7" }) as Record<string, unknown> },
      ]),
    },
    { role: "user", content: "Weather in Oslo?" },
  ];
  for (const seed of [1, 2, 3]) {
    const { result, events } = await run(conversation, { seed, script: "<|channel|>commentary to=functions.get_weather <|constrain|>json<|message|>", maxTokens: 200 });
    assert.equal(result.stopReason, "call", `seed ${seed}: ${JSON.stringify(result.messages)}`);
    assert.ok(result.toolCall?.constrained, "the arguments were generated under the grammar");
    assert.equal(result.toolCall?.name, "get_weather");
    const parsed = schema.safeParse(JSON.parse(result.toolCall!.arguments));
    assert.ok(parsed.success, `seed ${seed}: ${result.toolCall!.arguments}`);
    assert.ok(events.some((e) => e.type === "tool-call"));
  }
});

/** A long scripted answer: text streams from its first tokens on (the random model's own output may have no message to show). */
const LONG_ANSWER = `<|channel|>final<|message|>${Array.from({ length: 600 }, (_, i) => `step ${i + 1},`).join(" ")} THE END.<|return|>`;

test("cancel stops the stream at once, and the slot serves the next request", async () => {
  const controller = new AbortController();
  let text = "";
  const result = await slot.complete({ conversation: chat }, { seed: 7, script: LONG_ANSWER, signal: controller.signal }, (event) => {
    if (event.type === "text") {
      text += event.text;
      controller.abort();
    }
  });
  assert.equal(result.stopReason, "abort");
  assert.ok(text.length > 0 && !text.includes("THE END."), `${text.length} characters arrived`);
  console.log(`# cancelled with ${text.length} characters of the answer shown, ${result.stats.generatedTokens} tokens generated`);
  const next = await run(chat, { script: "<|channel|>final<|message|>Still here.<|return|>" });
  assert.equal(textOf(next.events, "final"), "Still here.");
});

test("a server killed mid-answer is a clear 'dropped' error, and the text that arrived was delivered", async () => {
  const doomed = await startLlamaServer({ model: await tinyModelPath(), contextSize: 4096 });
  try {
    const backend = await connectServer(serverOptions(doomed.url));
    const own = backend.openSlot();
    let text = "";
    const error = await own
      .complete({ conversation: chat }, { seed: 3, script: LONG_ANSWER }, (event) => {
        if (event.type === "text" && text === "") doomed.process.kill("SIGKILL");
        if (event.type === "text") text += event.text;
      })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    assert.ok(error instanceof ServerError, `expected a ServerError, got ${String(error)}`);
    assert.equal(error.code, "dropped", error.message);
    assert.match(error.message, /gpt-oss server/);
    assert.ok(text.length > 0 && !text.includes("THE END."));
  } finally {
    await doomed.stop();
  }
});

test("a server that is not serving gpt-oss is refused with a message that says so", async () => {
  const fake: Server = createServer((request, response) => {
    response.setHeader("content-type", "application/json");
    if (request.url === "/props") return response.end(JSON.stringify({ default_generation_settings: { n_ctx: 8192 }, total_slots: 1, model_path: "/models/llama-3-8b.gguf" }));
    if (request.url === "/tokenize") return response.end(JSON.stringify({ tokens: [27, 91, 10643, 91, 29] }));
    response.statusCode = 404;
    return response.end("{}");
  });
  await new Promise<void>((resolve) => fake.listen(0, "127.0.0.1", resolve));
  const address = fake.address();
  try {
    const port = typeof address === "object" && address ? address.port : 0;
    const error = await connectServer(serverOptions(`http://127.0.0.1:${port}`)).then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof ServerError);
    assert.equal(error.code, "not-gpt-oss");
    assert.match(error.message, /llama-3-8b\.gguf.*not a gpt-oss model/);
  } finally {
    await new Promise((resolve) => fake.close(resolve));
  }
});

test("an unreachable server says where it looked and what to check", async () => {
  const error = await connectServer(serverOptions("http://127.0.0.1:9")).then(() => undefined, (e: unknown) => e);
  assert.ok(error instanceof ServerError);
  assert.equal(error.code, "unreachable");
  assert.match(error.message, /Cannot reach the gpt-oss server at http:\/\/127\.0\.0\.1:9.*gptOss\.server\.url/);
});
