// Bad tool calls never crash the loop: an unknown tool, arguments that are not JSON or do not
// match the schema, a tool that throws. Each becomes an error result the model reads, and the
// loop goes on to the next step.
import assert from "node:assert/strict";
import { test } from "node:test";
import { runAgent } from "../../src/core/agent/loop";
import { ToolError, type ToolResult } from "../../src/core/tools/contract";
import { agentOptions, callText, conversationFor, finalText, notebook, recorder, type Notebook } from "../helpers/agentFixtures";
import { scriptedTurns } from "../helpers/scriptedTurns";

/** Plays one call then a final answer; returns what the tool call produced and how the run ended. */
async function oneCall(book: Notebook, completion: string) {
  const script = scriptedTurns([completion, finalText("Sorry.")]);
  const log = recorder();
  const result = await runAgent(agentOptions({ conversation: conversationFor(book.all, "Go."), tools: book.all, generate: script.generate, onEvent: log.onEvent }));
  const toolResult: ToolResult | undefined = log.of("tool-result")[0]?.result;
  return { result, log, toolResult, modelRead: script.prompts[1]?.at(-1)?.content };
}

test("an unknown tool becomes an error result that lists the available tools, and the loop goes on", async () => {
  const book = notebook();
  const { result, toolResult, modelRead, log } = await oneCall(book, callText("delete_everything", "{}"));
  assert.equal(result.reason, "final");
  assert.equal(toolResult?.isError, true);
  assert.equal(
    modelRead,
    'Error: "functions.delete_everything" is not available. Available tools: functions.read_note, functions.write_note, functions.fail, functions.wait, functions.big. Call one of them, or answer without tools.',
  );
  assert.deepEqual(log.of("tool-call").map((e) => [e.name, e.risk, e.invocation]), [["delete_everything", undefined, "Calling delete_everything"]]);
});

test("a built-in that is not enabled is not available, and the message says which tools are", async () => {
  const book = notebook();
  const { toolResult, result } = await oneCall(book, '<|channel|>commentary to=browser.search <|constrain|>json<|message|>{"q":"x"}<|call|>');
  assert.match(toolResult?.content ?? "", /^Error: "browser\.search" is not available\. Built-in tools \(python, browser\) are not enabled in this session\. Available tools: functions\.read_note/);
  assert.equal(result.conversation.find((m) => m.role === "tool")?.name, "browser.search", "the result answers the recipient called");
});

test("arguments that are not JSON become an error result, and the tool does not run", async () => {
  const book = notebook({ a: "x" });
  const { toolResult, result } = await oneCall(book, callText("read_note", '{"name": "a"'));
  assert.equal(book.runs.get("read_note"), undefined);
  assert.equal(toolResult?.isError, true);
  assert.match(toolResult?.content ?? "", /^Error: the arguments for read_note are not valid JSON \(.+\)\. Call it again with one JSON object/);
  assert.equal(result.reason, "final");
});

test("arguments that fail the tool's schema become the schema's complaint, and the tool does not run", async () => {
  const book = notebook({ a: "x" });
  const { toolResult } = await oneCall(book, callText("read_note", '{"name": 42}'));
  assert.equal(book.runs.get("read_note"), undefined);
  assert.equal(toolResult?.summary, "Invalid arguments");
  assert.match(toolResult?.content ?? "", /^Error: invalid arguments for read_note:\n✖ Invalid input: expected string, received number\n {2}→ at name\n/);
});

test("a tool that throws a ToolError gives the model its message and the card its first sentence, without a warning", async () => {
  const book = notebook();
  const { toolResult, log, result } = await oneCall(book, callText("fail", '{"kind":"tool"}'));
  assert.deepEqual(toolResult, { content: "Error: The thing was not found; try another name.", isError: true, summary: "The thing was not found; try another name." });
  assert.deepEqual(log.of("warning"), []);
  assert.equal(result.reason, "final");
});

test("a tool that throws any other error becomes an error result and a warning (a bug worth a log line)", async () => {
  const book = notebook();
  const { toolResult, log, result } = await oneCall(book, callText("fail", '{"kind":"bug"}'));
  assert.equal(toolResult?.content, "Error: fail failed unexpectedly: Cannot read properties of undefined (reading 'x')");
  assert.equal(log.of("warning").length, 1);
  assert.equal(result.reason, "final");
});

test("a tool without parameters called with an empty message is called with {}", async () => {
  const book = notebook();
  const abort = new AbortController();
  const script = scriptedTurns(["<|channel|>commentary to=functions.wait <|constrain|>json<|message|><|call|>", finalText("x")]);
  const log = recorder((event) => {
    if (event.type === "tool-call") setImmediate(() => abort.abort());
  });
  await runAgent(agentOptions({ conversation: conversationFor(book.all, "Wait."), tools: book.all, generate: script.generate, signal: abort.signal, onEvent: log.onEvent }));
  assert.equal(book.runs.get("wait"), 1);
});

test("a changing tool whose prepare() refuses gives the model the refusal and asks nobody", async () => {
  const book = notebook();
  const write = {
    ...book.write,
    prepare: async () => {
      throw new ToolError("The note is locked.");
    },
  };
  let asked = false;
  const script = scriptedTurns([callText("write_note", '{"name":"a","text":"b"}'), finalText("Locked.")]);
  const result = await runAgent(
    agentOptions({
      conversation: conversationFor([write], "Write."),
      tools: [write],
      generate: script.generate,
      approve: async () => {
        asked = true;
        return { approved: true };
      },
    }),
  );
  assert.equal(asked, false);
  assert.equal(book.notes.size, 0);
  assert.equal(result.conversation.find((m) => m.role === "tool")?.content, "Error: The note is locked.");
});

test("an approver that fails counts as no approval: the change is not applied", async () => {
  const book = notebook();
  const script = scriptedTurns([callText("write_note", '{"name":"a","text":"b"}'), finalText("OK.")]);
  const log = recorder();
  const result = await runAgent(
    agentOptions({
      conversation: conversationFor(book.all, "Write."),
      tools: book.all,
      generate: script.generate,
      onEvent: log.onEvent,
      approve: () => Promise.reject(new Error("the chat view was closed")),
    }),
  );
  assert.equal(book.notes.size, 0);
  assert.match(String(result.conversation.find((m) => m.role === "tool")?.content), /could not be asked to approve this call, so it was not run/);
  assert.match(log.of("warning")[0]?.message ?? "", /the chat view was closed/);
});

test("a call the model addresses without ending its turn is not run and not kept", async () => {
  const book = notebook({ a: "x" });
  const script = scriptedTurns(['<|channel|>commentary to=functions.read_note <|constrain|>json<|message|>{"name":"a"}<|end|><|start|>assistant<|channel|>final<|message|>Done.<|return|>']);
  const log = recorder();
  const result = await runAgent(agentOptions({ conversation: conversationFor(book.all, "Go."), tools: book.all, generate: script.generate, onEvent: log.onEvent }));
  assert.equal(book.runs.get("read_note"), undefined);
  assert.equal(result.reason, "final");
  assert.ok(!result.conversation.some((m) => m.recipient === "functions.read_note"));
  assert.match(log.of("warning")[0]?.message ?? "", /without ending its turn with a call/);
});

test("a tool that ignores the cancel (a read stuck on a pipe) does not hold the turn: the run ends cancelled", { timeout: 10_000 }, async () => {
  const book = notebook();
  let started!: () => void;
  const running = new Promise<void>((resolve) => (started = resolve));
  const stuck = {
    ...book.read,
    name: "stuck_read",
    // Never settles and never looks at the signal, like a read blocked on a named pipe.
    run: () => {
      started();
      return new Promise<ToolResult>(() => undefined);
    },
  };
  const abort = new AbortController();
  const script = scriptedTurns([callText("stuck_read", '{"name":"a"}'), finalText("Never reached.")]);
  const log = recorder();
  const run = runAgent(agentOptions({ conversation: conversationFor([stuck], "Read."), tools: [stuck], generate: script.generate, onEvent: log.onEvent, signal: abort.signal }));
  await running;
  abort.abort();
  const result = await run;
  assert.equal(result.reason, "cancelled");
  assert.match(String(log.of("tool-result")[0]?.result.content), /stopped|cancel/i);
});
