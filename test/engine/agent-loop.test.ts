// The agent loop on the real engine (tiny model, scripted output): a tool call, its result, a
// final answer, with the KV cache carried from step to step; and a call whose arguments the
// model writes itself under the tool's grammar, validated and run by the loop.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { z } from "zod";
import { runAgent } from "../../src/core/agent/loop";
import type { AgentEvent, TurnGenerator, TurnResult } from "../../src/core/agent/types";
import { defaultSystemContent, developerContent, type Conversation } from "../../src/core/harmony/index";
import { ToolError, type Tool } from "../../src/core/tools/contract";
import { countConversationTokens, createTurnGenerator, loadEngine, type Engine, type EngineSequence } from "../../src/engine/index";
import { approveAll, unusedEnvironment } from "../helpers/agentFixtures";
import { tinyModelPath } from "../helpers/tinyModel";

let engine: Engine;

before(async () => {
  // threads: 1 always (node-llama-cpp's default is ~200x slower on small machines); no script from the environment.
  engine = await loadEngine({ modelPath: await tinyModelPath(), gpu: false, threads: 1, contextSize: 4096, script: false });
});

after(async () => {
  await engine?.dispose();
});

async function withSequence(body: (sequence: EngineSequence) => Promise<void>): Promise<void> {
  const sequence = engine.openSequence();
  try {
    await body(sequence);
  } finally {
    await sequence.dispose();
  }
}

const files = new Map([["src/main.ts", 'console.log("hello");\n']]);
const readFileParameters = z.object({
  path: z.string().min(1).max(40).describe("Workspace-relative path"),
  startLine: z.number().int().min(1).max(10000).optional(),
  endLine: z.number().int().min(1).max(10000).optional(),
});
const readFile: Tool<z.infer<typeof readFileParameters>> = {
  name: "read_file",
  description: "Read a file of the workspace.",
  parameters: readFileParameters,
  risk: "read",
  invocationMessage: ({ path }) => `Reading ${path}`,
  async run({ path }) {
    const text = files.get(path);
    if (text === undefined) throw new ToolError(`${path} does not exist.`);
    return { content: text };
  },
};

const conversation: Conversation = [
  { role: "system", content: defaultSystemContent({ reasoningEffort: "low" }) },
  {
    role: "developer",
    content: developerContent("Use the tools to answer.", [
      { name: readFile.name, description: readFile.description, parameters: z.toJSONSchema(readFileParameters) as Record<string, unknown> },
    ]),
  },
  { role: "user", content: "What does src/main.ts do?" },
];

/** The engine's turn generator, each step forced to play the next scripted response; keeps each step's result. */
function scriptedEngineTurns(sequence: EngineSequence, responses: string[], maxTokens?: number): { generate: TurnGenerator; results: TurnResult[] } {
  const results: TurnResult[] = [];
  let step = 0;
  const generate: TurnGenerator = async function* (c, signal) {
    const script = responses[step++];
    assert.ok(script !== undefined, `no scripted response for step ${step}`);
    const result = yield* createTurnGenerator(sequence, { seed: 1, script, ...(maxTokens !== undefined ? { maxTokens } : {}) })(c, signal);
    results.push(result);
    return result;
  };
  return { generate, results };
}

const TOOL_HEADER = "<|channel|>commentary to=functions.read_file <|constrain|>json<|message|>";

test("a read tool call then a final answer: events, the appended conversation, and a second step that evaluates only new tokens", async () => {
  await withSequence(async (sequence) => {
    const { generate, results } = scriptedEngineTurns(sequence, [
      `<|channel|>analysis<|message|>Read the file first.<|end|><|start|>assistant${TOOL_HEADER}{"path":"src/main.ts"}<|call|>`,
      "<|channel|>final<|message|>It prints hello.<|return|>",
    ]);
    const events: AgentEvent[] = [];
    const prompt1 = sequence.tokenize({ conversation });

    const result = await runAgent({
      conversation,
      tools: [readFile],
      generate,
      approve: approveAll,
      toolContext: { env: unusedEnvironment },
      countTokens: (c) => countConversationTokens(sequence, c),
      contextSize: sequence.contextSize,
      onEvent: (event) => events.push(event),
    });

    assert.equal(result.reason, "final");
    assert.equal(result.answer, "It prints hello.");
    assert.equal(result.steps, 2);
    const text = (channel: string) => events.map((e) => (e.type === "text" && e.channel === channel ? e.text : "")).join("");
    assert.equal(text("analysis"), "Read the file first.");
    assert.equal(text("final"), "It prints hello.");
    const call = events.find((e) => e.type === "tool-call");
    assert.deepEqual(call && { ...call, callId: "" }, {
      type: "tool-call",
      callId: "",
      name: "read_file",
      arguments: '{"path":"src/main.ts"}',
      risk: "read",
      invocation: "Reading src/main.ts",
    });
    const toolResult = events.find((e) => e.type === "tool-result");
    assert.equal(toolResult?.type === "tool-result" && toolResult.result.content, 'console.log("hello");\n');
    // The end is reported once, as the result, with the last step's speed.
    assert.deepEqual(
      { reason: result.reason, steps: result.steps, answer: result.answer, tokensPerSecond: result.stats?.tokensPerSecond },
      { reason: "final", steps: 2, answer: "It prints hello.", tokensPerSecond: results[1]!.stats!.tokensPerSecond },
    );
    assert.equal(events.at(-1)?.type, "message-end");

    assert.deepEqual(result.conversation.slice(conversation.length), [
      { role: "assistant", channel: "analysis", content: "Read the file first." },
      { role: "assistant", channel: "commentary", recipient: "functions.read_file", contentType: "<|constrain|>json", content: '{"path":"src/main.ts"}' },
      { role: "tool", name: "functions.read_file", recipient: "assistant", channel: "commentary", content: 'console.log("hello");\n' },
      { role: "assistant", channel: "final", content: "It prints hello." },
    ]);

    // Step 2 keeps step 1's prompt and reasoning in the KV cache. The reference renders a call's
    // recipient before its channel while gpt-oss writes it after, so the cache diverges at the
    // call's header: the call, its result and the new header are all that is evaluated.
    const step2 = results[1]!.stats!;
    const prompt2 = sequence.tokenize({ conversation: result.conversation.slice(0, -1) });
    assert.equal(step2.promptTokens, prompt2.length);
    const throughReasoning = sequence.tokenize({ conversation: result.conversation.slice(0, conversation.length + 1) });
    assert.ok(throughReasoning.length > prompt1.length);
    assert.equal(step2.reusedTokens, throughReasoning.length, "reused: step 1's prompt, its reasoning and the next <|start|>assistant");
    assert.equal(step2.promptEvaluatedTokens, prompt2.length - step2.reusedTokens - 1, "exactly the tokens not reused (the last one goes with generation)");
    assert.ok(step2.promptEvaluatedTokens! < prompt2.length - prompt1.length, `evaluated ${step2.promptEvaluatedTokens} of ${prompt2.length}`);
  });
});

test("a script ending at the tool-call header lets the model write the arguments under the grammar; the loop validates and runs them", async () => {
  await withSequence(async (sequence) => {
    const { generate, results } = scriptedEngineTurns(sequence, [TOOL_HEADER, "<|channel|>final<|message|>Done.<|return|>"], 400);
    const events: AgentEvent[] = [];

    const result = await runAgent({
      conversation,
      tools: [readFile],
      generate,
      approve: approveAll,
      toolContext: { env: unusedEnvironment },
      countTokens: (c) => countConversationTokens(sequence, c),
      contextSize: sequence.contextSize,
      onEvent: (event) => events.push(event),
    });

    assert.equal(results[0]?.stopReason, "call");
    const generated = results[0]!.toolCall!.arguments;
    const parsed = readFileParameters.safeParse(JSON.parse(generated));
    assert.ok(parsed.success, `the grammar kept ${generated} within the schema`);
    const call = events.find((e) => e.type === "tool-call");
    assert.equal(call?.type === "tool-call" && call.arguments, generated);
    // The random path does not exist: the tool's refusal is the result, and the model goes on.
    const toolResult = events.find((e) => e.type === "tool-result");
    assert.equal(toolResult?.type === "tool-result" && toolResult.result.content, `Error: ${parsed.data.path} does not exist.`);
    assert.equal(result.reason, "final");
    assert.equal(result.answer, "Done.");
    const callMessage = result.conversation.find((m) => m.recipient === "functions.read_file");
    assert.equal(callMessage?.content, generated, "the raw generated arguments go back into the conversation");
  });
});

test("cancelling during generation stops the engine within a token; the sequence serves the next run", async () => {
  await withSequence(async (sequence) => {
    const abort = new AbortController();
    const reasoning = Array.from({ length: 40 }, (_, i) => `step ${i}`).join(", ");
    const first = scriptedEngineTurns(sequence, [`<|channel|>analysis<|message|>${reasoning}<|end|><|start|>assistant<|channel|>final<|message|>Never.<|return|>`]);
    let texts = 0;
    const cancelled = await runAgent({
      conversation,
      tools: [readFile],
      generate: first.generate,
      approve: approveAll,
      toolContext: { env: unusedEnvironment },
      countTokens: (c) => countConversationTokens(sequence, c),
      contextSize: sequence.contextSize,
      signal: abort.signal,
      onEvent: (event) => {
        if (event.type === "text" && ++texts === 3) abort.abort();
      },
    });
    assert.equal(cancelled.reason, "cancelled");
    assert.equal(first.results[0]?.stopReason, "abort");
    assert.ok(texts <= 4, `${texts} text events: the engine stopped within a token of the abort`);
    assert.deepEqual(cancelled.conversation, conversation);
    assert.equal(sequence.generating, false);

    const second = scriptedEngineTurns(sequence, ["<|channel|>final<|message|>Hello.<|return|>"]);
    const next = await runAgent({
      conversation,
      tools: [readFile],
      generate: second.generate,
      approve: approveAll,
      toolContext: { env: unusedEnvironment },
      countTokens: (c) => countConversationTokens(sequence, c),
      contextSize: sequence.contextSize,
    });
    assert.equal(next.reason, "final");
    assert.equal(next.answer, "Hello.");
  });
});
