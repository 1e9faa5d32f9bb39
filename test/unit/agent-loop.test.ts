// The agent loop as a specification: generate, run the called tool, append call and result,
// generate again until a final answer, a limit or a cancel. The model's turns are scripted
// harmony text read by the real parser (test/helpers/scriptedTurns.ts); the tools are small
// real ones over an in-memory notebook.
import assert from "node:assert/strict";
import { test } from "node:test";
import { runAgent } from "../../src/core/agent/loop";
import type { ApprovalRequest } from "../../src/core/agent/types";
import type { Conversation } from "../../src/core/harmony/index";
import { agentOptions, callText, conversationFor, finalText, notebook, promptText, recorder } from "../helpers/agentFixtures";
import { scriptedTurns } from "../helpers/scriptedTurns";

test("a tool call then a final answer: the tool runs and the run ends with the answer", async () => {
  const book = notebook({ todo: "buy milk" });
  const conversation = conversationFor(book.all, "What is on my todo note?");
  const script = scriptedTurns([callText("read_note", '{"name":"todo"}', "Read the note."), finalText("Buy milk.", "It says buy milk.")]);
  const log = recorder();

  const result = await runAgent(agentOptions({ conversation, tools: book.all, generate: script.generate, onEvent: log.onEvent }));

  assert.equal(result.reason, "final");
  assert.equal(result.answer, "Buy milk.");
  assert.equal(result.steps, 2);
  assert.equal(book.runs.get("read_note"), 1);
  // The end is reported once, as the result, with the last step's speed.
  assert.deepEqual({ reason: result.reason, steps: result.steps, answer: result.answer, tokensPerSecond: result.stats?.tokensPerSecond }, { reason: "final", steps: 2, answer: "Buy milk.", tokensPerSecond: 100 });
  assert.ok(!log.types().includes("done"));
  const [call] = log.of("tool-call");
  assert.deepEqual(call && { ...call, callId: "" }, {
    type: "tool-call",
    callId: "",
    name: "read_note",
    arguments: '{"name":"todo"}',
    risk: "read",
    invocation: "Reading todo",
  });
  const [toolResult] = log.of("tool-result");
  assert.equal(toolResult?.callId, call?.callId);
  assert.deepEqual(toolResult?.result, { content: "buy milk", summary: "8 characters" });
});

test("the conversation gains the reasoning, the call with its raw arguments, the tool's result and the answer", async () => {
  const book = notebook({ todo: "buy milk" });
  const conversation = conversationFor(book.all, "What is on my todo note?");
  const rawArguments = '{ "name" :  "todo" }';
  const script = scriptedTurns([callText("read_note", rawArguments, "Read the note."), finalText("Buy milk.")]);

  const result = await runAgent(agentOptions({ conversation, tools: book.all, generate: script.generate }));

  assert.deepEqual(result.conversation.slice(conversation.length), [
    { role: "assistant", channel: "analysis", content: "Read the note." },
    { role: "assistant", channel: "commentary", recipient: "functions.read_note", contentType: "<|constrain|>json", content: rawArguments },
    { role: "tool", name: "functions.read_note", recipient: "assistant", channel: "commentary", content: "buy milk" },
    { role: "assistant", channel: "final", content: "Buy milk." },
  ]);
  assert.deepEqual(result.conversation.slice(0, conversation.length), conversation);
  assert.equal(conversation.length, 3, "the caller's conversation is not mutated");
});

test("the step after a call is asked to complete the conversation with that call and its result", async () => {
  const book = notebook({ todo: "buy milk" });
  const conversation = conversationFor(book.all, "What is on my todo note?");
  const script = scriptedTurns([callText("read_note", '{"name":"todo"}'), finalText("Buy milk.")]);

  await runAgent(agentOptions({ conversation, tools: book.all, generate: script.generate }));

  assert.equal(script.prompts.length, 2);
  assert.ok(
    promptText(script.prompts[1]!).endsWith(
      '<|start|>assistant to=functions.read_note<|channel|>commentary <|constrain|>json<|message|>{"name":"todo"}<|call|>' +
        "<|start|>functions.read_note to=assistant<|channel|>commentary<|message|>buy milk<|end|><|start|>assistant",
    ),
    promptText(script.prompts[1]!),
  );
});

test("two calls in a row run in order, each result reaching the model before the next step", async () => {
  const book = notebook({ a: "first", b: "second" });
  const conversation = conversationFor(book.all, "Read a and b.");
  const script = scriptedTurns([callText("read_note", '{"name":"a"}'), callText("read_note", '{"name":"b"}'), finalText("first, second")]);
  const log = recorder();

  const result = await runAgent(agentOptions({ conversation, tools: book.all, generate: script.generate, onEvent: log.onEvent }));

  assert.equal(result.reason, "final");
  assert.equal(result.steps, 3);
  assert.deepEqual(
    log.of("tool-result").map((e) => e.result.content),
    ["first", "second"],
  );
  assert.deepEqual(
    log.types().filter((t) => t === "step-start" || t === "tool-call" || t === "tool-result"),
    ["step-start", "tool-call", "tool-result", "step-start", "tool-call", "tool-result", "step-start"],
  );
  const toolMessages = (c: Conversation) => c.filter((m) => m.role === "tool").map((m) => m.content);
  assert.deepEqual(toolMessages(script.prompts[1]!), ["first"]);
  assert.deepEqual(toolMessages(script.prompts[2]!), ["first", "second"]);
  const ids = log.of("tool-call").map((e) => e.callId);
  assert.notEqual(ids[0], ids[1], "each call has its own id");
});

test("reasoning is kept between tool calls of a turn and dropped when the next user turn is rendered", async () => {
  const book = notebook({ todo: "buy milk" });
  const conversation = conversationFor(book.all, "What is on my todo note?");
  const script = scriptedTurns([callText("read_note", '{"name":"todo"}', "PLAN-A: read the todo note."), finalText("Buy milk.", "PLAN-B: answer.")]);

  const result = await runAgent(agentOptions({ conversation, tools: book.all, generate: script.generate }));

  assert.ok(promptText(script.prompts[1]!).includes("<|channel|>analysis<|message|>PLAN-A: read the todo note.<|end|>"), "the second step sees the first step's reasoning");
  const nextTurn = promptText([...result.conversation, { role: "user", content: "Thanks!" }]);
  assert.ok(!nextTurn.includes("PLAN-A") && !nextTurn.includes("PLAN-B"), nextTurn);
  assert.ok(nextTurn.includes("buy milk") && nextTurn.includes("Buy milk."), "calls, results and the answer stay");
});

test("text streams by channel: reasoning, a preamble, the answer; tool arguments are not text", async () => {
  const book = notebook({ todo: "buy milk" });
  const script = scriptedTurns([
    "<|channel|>analysis<|message|>Think.<|end|><|start|>assistant<|channel|>commentary<|message|>Let me look.<|end|>" +
      '<|start|>assistant<|channel|>commentary to=functions.read_note <|constrain|>json<|message|>{"name":"todo"}<|call|>',
    finalText("Buy milk."),
  ]);
  const log = recorder();

  await runAgent(agentOptions({ conversation: conversationFor(book.all, "Todo?"), tools: book.all, generate: script.generate, onEvent: log.onEvent }));

  const byChannel = (channel: string) => log.of("text").filter((e) => e.channel === channel).map((e) => e.text).join("");
  assert.equal(byChannel("analysis"), "Think.");
  assert.equal(byChannel("commentary"), "Let me look.");
  assert.equal(byChannel("final"), "Buy milk.");
  assert.ok(!log.of("text").some((e) => e.text.includes("todo")), "the arguments arrive in the tool-call event only");
  assert.deepEqual(
    log.of("message-end").map((e) => [e.channel, e.recipient, e.content]),
    [
      ["analysis", undefined, "Think."],
      ["commentary", undefined, "Let me look."],
      ["commentary", "functions.read_note", '{"name":"todo"}'],
      ["final", undefined, "Buy milk."],
    ],
  );
});

test("a changing tool shows its prepared change for approval before it runs", async () => {
  const book = notebook();
  const requests: ApprovalRequest[] = [];
  const log = recorder((event) => {
    if (event.type === "approval-requested") assert.equal(book.notes.size, 0, "nothing is applied before approval");
  });
  const script = scriptedTurns([callText("write_note", '{"name":"todo","text":"buy milk"}'), finalText("Done.")]);

  const result = await runAgent(
    agentOptions({
      conversation: conversationFor(book.all, "Note: buy milk."),
      tools: book.all,
      generate: script.generate,
      onEvent: log.onEvent,
      approve: async (request) => {
        requests.push(request);
        return { approved: true };
      },
    }),
  );

  assert.equal(result.reason, "final");
  assert.equal(book.notes.get("todo"), "buy milk");
  const change = { kind: "edit", path: "todo", absolute: "/notes/todo", before: "", after: "buy milk", create: true } as const;
  const [call] = log.of("tool-call");
  assert.deepEqual(log.of("approval-requested"), [{ type: "approval-requested", callId: call!.callId, change }]);
  assert.deepEqual(log.of("approval"), [{ type: "approval", callId: call!.callId, decision: { approved: true } }]);
  assert.equal(requests.length, 1);
  assert.deepEqual({ ...requests[0], tool: requests[0]!.tool.name }, {
    callId: call!.callId,
    tool: "write_note",
    params: { name: "todo", text: "buy milk" },
    invocation: "Writing todo",
    change,
  });
  assert.deepEqual(
    log.types().filter((t) => t.startsWith("approval") || t.startsWith("tool")),
    ["tool-call", "approval-requested", "approval", "tool-result"],
  );
});

test("a denial with a reason becomes the result the model reads, and nothing is applied", async () => {
  const book = notebook();
  const script = scriptedTurns([callText("write_note", '{"name":"todo","text":"buy milk"}'), finalText("OK, I left it.")]);
  const log = recorder();

  const result = await runAgent(
    agentOptions({
      conversation: conversationFor(book.all, "Note: buy milk."),
      tools: book.all,
      generate: script.generate,
      onEvent: log.onEvent,
      approve: async () => ({ approved: false, reason: "use the shopping list instead" }),
    }),
  );

  assert.equal(book.notes.size, 0);
  assert.equal(book.runs.get("write_note"), undefined, "run() never called");
  assert.equal(result.reason, "final", "the loop goes on after a denial");
  const [toolResult] = log.of("tool-result");
  assert.equal(toolResult?.result.content, "The user denied this edit. Reason: use the shopping list instead");
  assert.equal(toolResult?.result.isError, true);
  assert.equal(script.prompts[1]!.at(-1)?.content, "The user denied this edit. Reason: use the shopping list instead");
  assert.deepEqual(log.of("approval")[0]?.decision, { approved: false, reason: "use the shopping list instead" });
});

test("a denial without a reason tells the model not to repeat the change", async () => {
  const book = notebook();
  const script = scriptedTurns([callText("write_note", '{"name":"todo","text":"x"}'), finalText("OK.")]);
  const result = await runAgent(
    agentOptions({ conversation: conversationFor(book.all, "Note x."), tools: book.all, generate: script.generate, approve: async () => ({ approved: false }) }),
  );
  const content = result.conversation.find((m) => m.role === "tool")?.content;
  assert.equal(content, "The user denied this edit. Do not repeat it unchanged; ask the user what they want instead.");
});

test("the step limit ends the run with step-limit and a message, not an error; its last call is not run", async () => {
  const book = notebook({ a: "x" });
  const script = scriptedTurns([callText("read_note", '{"name":"a"}'), callText("read_note", '{"name":"a"}'), finalText("never reached")]);
  const log = recorder();

  const result = await runAgent(
    agentOptions({ conversation: conversationFor(book.all, "Loop."), tools: book.all, generate: script.generate, maxSteps: 2, onEvent: log.onEvent }),
  );

  assert.equal(result.reason, "step-limit");
  assert.equal(result.steps, 2);
  assert.equal(script.remaining, 1, "no third step");
  assert.equal(book.runs.get("read_note"), 1, "the second call was not run");
  assert.match(result.message ?? "", /Stopped after 2 model steps/);
  assert.deepEqual(log.of("error"), []);
  assert.deepEqual(log.of("warning").map((e) => e.message), [result.message]);
  const last = result.conversation.at(-1);
  assert.equal(last?.role, "tool", "the unrun call still has a result");
  assert.match(String(last?.content), /^Not run: this request reached its limit of 2 model steps/);
});

test("cancelling during generation stops the step, drops the unfinished message and returns cancelled", async () => {
  const book = notebook();
  const abort = new AbortController();
  const conversation = conversationFor(book.all, "Think hard.");
  const script = scriptedTurns([
    { text: finalText("The answer.", "Step one. Step two. Step three. Step four."), beforeToken: (i) => i === 20 && abort.abort() },
  ]);
  const log = recorder();

  const result = await runAgent(agentOptions({ conversation, tools: book.all, generate: script.generate, signal: abort.signal, onEvent: log.onEvent }));

  assert.equal(result.reason, "cancelled");
  assert.equal(result.answer, "");
  assert.deepEqual(result.conversation, conversation, "the half-written reasoning is not kept");
  assert.ok(log.of("text").length > 0 && log.of("text").length < 20, "some text streamed before the cancel");
});

test("cancelling mid-answer keeps the partial answer the user saw", async () => {
  const book = notebook();
  const abort = new AbortController();
  const conversation = conversationFor(book.all, "Hi");
  // Tokens: <|channel|>, 5 characters of "final", <|message|>, then one per character: abort before "there".
  const there = 7 + "Hello ".length;
  const script = scriptedTurns([{ text: finalText("Hello there, how are you?"), beforeToken: (i) => i === there && abort.abort() }]);
  const result = await runAgent(agentOptions({ conversation, tools: book.all, generate: script.generate, signal: abort.signal }));

  assert.equal(result.reason, "cancelled");
  assert.equal(result.answer, "Hello ");
  assert.deepEqual(result.conversation.at(-1), { role: "assistant", channel: "final", content: "Hello " });
});

test("cancelling while awaiting approval abandons it: nothing applied, the call gets a cancelled result, no more steps", async () => {
  const book = notebook();
  const abort = new AbortController();
  let approverSignal: AbortSignal | undefined;
  const script = scriptedTurns([callText("write_note", '{"name":"todo","text":"x"}'), finalText("never")]);
  const log = recorder((event) => {
    if (event.type === "approval-requested") setImmediate(() => abort.abort());
  });

  const result = await runAgent(
    agentOptions({
      conversation: conversationFor(book.all, "Note x."),
      tools: book.all,
      generate: script.generate,
      signal: abort.signal,
      onEvent: log.onEvent,
      approve: (_request, signal) => {
        approverSignal = signal;
        return new Promise(() => undefined); // the user never answers
      },
    }),
  );

  assert.equal(result.reason, "cancelled");
  assert.equal(book.notes.size, 0);
  assert.equal(book.runs.get("write_note"), undefined);
  assert.equal(approverSignal?.aborted, true, "the approver's signal tells it to close its card");
  assert.equal(script.remaining, 1);
  assert.deepEqual(log.of("approval"), [], "no decision was made");
  const [call, outcome] = result.conversation.slice(-2);
  assert.equal(call?.recipient, "functions.write_note");
  assert.deepEqual(outcome, {
    role: "tool",
    name: "functions.write_note",
    recipient: "assistant",
    channel: "commentary",
    content: "Cancelled: the user stopped the assistant before this call ran; nothing was changed.",
  });
});

test("a running tool gets the aborted signal, and the run ends cancelled with the call answered", async () => {
  const book = notebook();
  const abort = new AbortController();
  const script = scriptedTurns([callText("wait", "{}"), finalText("never")]);
  const log = recorder((event) => {
    if (event.type === "tool-call") setImmediate(() => abort.abort());
  });

  const result = await runAgent(
    agentOptions({ conversation: conversationFor(book.all, "Wait."), tools: book.all, generate: script.generate, signal: abort.signal, onEvent: log.onEvent }),
  );

  assert.equal(book.wait.sawAbort, true);
  assert.equal(result.reason, "cancelled");
  assert.equal(script.remaining, 1);
  assert.equal(result.conversation.at(-1)?.content, "Cancelled: the user stopped the assistant while this call was running.");
  assert.equal(log.of("tool-result")[0]?.result.summary, "Cancelled");
});

test("a run whose signal is already aborted generates nothing", async () => {
  const book = notebook();
  const script = scriptedTurns([finalText("never")]);
  const conversation = conversationFor(book.all, "Hi");
  const result = await runAgent(agentOptions({ conversation, tools: book.all, generate: script.generate, signal: AbortSignal.abort() }));
  assert.equal(result.reason, "cancelled");
  assert.equal(result.steps, 0);
  assert.equal(script.prompts.length, 0);
  assert.deepEqual(result.conversation, conversation);
});

test("a turn that ends with only reasoning is no-answer, with a message", async () => {
  const book = notebook();
  const script = scriptedTurns(["<|channel|>analysis<|message|>Hmm.<|return|>"]);
  const log = recorder();
  const result = await runAgent(agentOptions({ conversation: conversationFor(book.all, "Hi"), tools: book.all, generate: script.generate, onEvent: log.onEvent }));
  assert.equal(result.reason, "no-answer");
  assert.equal(result.answer, "");
  assert.match(result.message ?? "", /without an answer/);
});

test("a turn that returns plain text outside any channel has that text as its answer (the user saw it as such)", async () => {
  const book = notebook();
  const script = scriptedTurns(["Just text, no channel.<|return|>"]);
  const result = await runAgent(agentOptions({ conversation: conversationFor(book.all, "Hi"), tools: book.all, generate: script.generate }));
  assert.equal(result.reason, "final");
  assert.equal(result.answer, "Just text, no channel.");
  assert.deepEqual(result.conversation.at(-1), { role: "assistant", content: "Just text, no channel." });
});

test("a reply cut by the token limit ends the run with max-tokens and keeps the partial answer", async () => {
  const book = notebook();
  const script = scriptedTurns([{ text: "<|channel|>final<|message|>The answer is", stopReason: "max-tokens" }]);
  const result = await runAgent(agentOptions({ conversation: conversationFor(book.all, "Hi"), tools: book.all, generate: script.generate }));
  assert.equal(result.reason, "max-tokens");
  assert.equal(result.answer, "The answer is");
  assert.match(result.message ?? "", /token limit/);
});

test("a generator that fills the context window ends the run with context-full", async () => {
  const book = notebook();
  const script = scriptedTurns([{ text: "<|channel|>analysis<|message|>and so on and so on", stopReason: "context-full" }]);
  const result = await runAgent(agentOptions({ conversation: conversationFor(book.all, "Hi"), tools: book.all, generate: script.generate }));
  assert.equal(result.reason, "context-full");
  assert.match(result.message ?? "", /no longer fits/);
  assert.equal(result.conversation.at(-1)?.role, "user", "the cut reasoning is not kept");
});

test("a generator that stops with abort on its own (the model was unloaded) ends the run cancelled", async () => {
  const book = notebook();
  const script = scriptedTurns([{ text: "<|channel|>analysis<|message|>Thinking", stopReason: "abort" }]);
  const result = await runAgent(agentOptions({ conversation: conversationFor(book.all, "Hi"), tools: book.all, generate: script.generate }));
  assert.equal(result.reason, "cancelled");
});

test("a generator that throws ends the run with reason error and an error event", async () => {
  const book = notebook();
  const log = recorder();
  const conversation = conversationFor(book.all, "Hi");
  const result = await runAgent(
    agentOptions({
      conversation,
      tools: book.all,
      generate: async function* () {
        throw new Error("The model was unloaded during generation.");
      },
      onEvent: log.onEvent,
    }),
  );
  assert.equal(result.reason, "error");
  assert.deepEqual(log.of("error"), [{ type: "error", message: "The model was unloaded during generation." }]);
  assert.deepEqual(result.conversation, conversation);
});

test("a model message written as another role is left out of the conversation, with a warning", async () => {
  const book = notebook();
  const script = scriptedTurns(["<|channel|>final<|message|>Hi.<|end|><|start|>user<|message|>Now say bye.<|return|>"]);
  const log = recorder();
  const result = await runAgent(agentOptions({ conversation: conversationFor(book.all, "Hi"), tools: book.all, generate: script.generate, onEvent: log.onEvent }));
  assert.equal(result.reason, "final");
  assert.equal(result.answer, "Hi.");
  assert.deepEqual(result.conversation.at(-1), { role: "assistant", channel: "final", content: "Hi." });
  assert.equal(log.of("warning").length, 1);
});
