// The context window is never overflowed: tool results are capped, and before each step older
// content is removed (old tool results, then earlier reasoning, whole earlier turns, earlier
// steps of this turn) until the conversation fits; if it cannot, the run stops with
// context-full. Tokens are counted as rendered characters / 4 (countByLength), deterministic.
import assert from "node:assert/strict";
import { test } from "node:test";
import { defaultReserveTokens, fitContext, REMOVED_RESULT } from "../../src/core/agent/contextBudget";
import { runAgent } from "../../src/core/agent/loop";
import { capResult, defaultMaxResultChars } from "../../src/core/agent/resultCap";
import type { Conversation, Message } from "../../src/core/harmony/index";
import { agentOptions, callText, conversationFor, countByLength, finalText, notebook, recorder, unusedEnvironment } from "../helpers/agentFixtures";
import { scriptedTurns } from "../helpers/scriptedTurns";

const LINE = "a line of the log that goes on for a while, sixty-four chars..\n";

function toolExchange(user: string, result: string, answer: string): Conversation {
  return [
    { role: "user", content: user },
    { role: "assistant", channel: "commentary", recipient: "functions.big", contentType: "<|constrain|>json", content: '{"size":1}' },
    { role: "tool", name: "functions.big", recipient: "assistant", channel: "commentary", content: result },
    { role: "assistant", channel: "final", content: answer },
  ];
}

/** A budget that `fitting` fits with room to spare (trimming aims below the limit) and `full` exceeds. */
function budgetBetween(fitting: Conversation, full: Conversation): number {
  const budget = Math.ceil((countByLength(fitting) * 8) / 7) + 2;
  assert.ok(countByLength(full) > budget, "test setup: the full conversation must not fit");
  return budget;
}

test("a result longer than the cap is cut at a line break, with a note saying how to read more", () => {
  const content = LINE.repeat(100);
  const capped = capResult({ content, summary: "100 lines" }, 1000);
  assert.ok(capped.content.length <= 1000, `${capped.content.length}`);
  assert.equal(capped.truncated, true);
  assert.equal(capped.summary, "100 lines");
  const kept = capped.content.slice(0, capped.content.indexOf("\n\n["));
  assert.ok(content.startsWith(kept) && kept.endsWith(".."), "whole lines only");
  assert.equal(
    capped.content.slice(kept.length),
    `\n\n[Result cut to fit the context window: showing the first ${kept.length} of ${(content.length).toLocaleString("en-US")} characters. ` +
      "To see more, call the tool again asking for less (a line range, a narrower path or a more specific pattern).]",
  );
});

test("a result within the cap is passed on untouched", () => {
  const result = { content: "short" };
  assert.equal(capResult(result, 1000), result);
});

test("the default cap is about a quarter of the window at three characters per token", () => {
  assert.equal(defaultMaxResultChars(8192), 6144);
  assert.equal(defaultMaxResultChars(32768), 24576);
});

test("the default room kept for the reply is a quarter of the window, at least 1,024 tokens, at most half", () => {
  assert.equal(defaultReserveTokens(32768), 8192);
  assert.equal(defaultReserveTokens(4096), 1024);
  assert.equal(defaultReserveTokens(1500), 750);
});

test("the loop caps a long tool result before the model reads it", async () => {
  const book = notebook();
  const script = scriptedTurns([callText("big", '{"size":5000}'), finalText("Long.")]);
  const log = recorder();
  await runAgent(
    agentOptions({ conversation: conversationFor(book.all, "Read."), tools: book.all, generate: script.generate, toolContext: { env: unusedEnvironment, maxResultChars: 1200 }, onEvent: log.onEvent }),
  );
  const event = log.of("tool-result")[0];
  assert.equal(event?.result.truncated, true);
  const read = String(script.prompts[1]!.at(-1)?.content);
  assert.ok(read.length <= 1200);
  assert.equal(read, event?.result.content);
  assert.match(read, /of 5,000 characters/);
});

test("without a set cap, results are capped from the context size", async () => {
  const book = notebook();
  const script = scriptedTurns([callText("big", '{"size":20000}'), finalText("Long.")]);
  const result = await runAgent(agentOptions({ conversation: conversationFor(book.all, "Read."), tools: book.all, generate: script.generate, contextSize: 4096 }));
  const read = String(result.conversation.find((m) => m.role === "tool")?.content);
  assert.ok(read.length <= 3072 && read.length > 2500, `${read.length}`);
});

test("a conversation that fits is passed on untouched", () => {
  const conversation = conversationFor([], "Hi");
  const fit = fitContext(conversation, 10_000, countByLength);
  assert.deepEqual(fit, { fits: true, conversation, tokens: countByLength(conversation) });
  assert.equal(fit.conversation, conversation);
});

test("old tool results go first, replaced by a note, and the user is told what was removed", async () => {
  const book = notebook();
  const history = toolExchange("Read the log.", LINE.repeat(60), "The log is long.");
  const conversation = conversationFor(book.all, "And now?", history);
  const trimmed = conversation.map((m) => (m.role === "tool" ? { ...m, content: REMOVED_RESULT } : m));
  const budget = budgetBetween(trimmed, conversation);
  const script = scriptedTurns([finalText("Fine.")]);
  const log = recorder();

  const result = await runAgent(
    agentOptions({ conversation, tools: book.all, generate: script.generate, contextSize: budget + 500, reserveTokens: 500, onEvent: log.onEvent }),
  );

  assert.equal(result.reason, "final");
  assert.deepEqual(script.prompts[0], trimmed, "only the old result changed");
  const [event] = log.of("context-trimmed");
  assert.deepEqual(event, {
    type: "context-trimmed",
    detail: `Removed 1 old tool result to fit the context window (${countByLength(conversation).toLocaleString("en-US")} → ${countByLength(trimmed).toLocaleString("en-US")} tokens).`,
    tokensBefore: countByLength(conversation),
    tokensAfter: countByLength(trimmed),
  });
  assert.deepEqual(result.conversation.slice(0, trimmed.length), trimmed, "the trimmed history is what the next turn builds on");
});

test("the latest step's result is never removed: older content goes instead, whole turns if need be", async () => {
  const book = notebook();
  const history = toolExchange("Read the log.", LINE.repeat(40), "The log is long.");
  const conversation = conversationFor(book.all, "Read it again.", history);
  const script = scriptedTurns([callText("big", '{"size":2560}'), finalText("Fine.")]);
  // Step 2's prompt holds the old exchange and the new result: room for the new result only.
  const bigResult = (await book.big.run({ size: 2560 }, undefined as never)).content;
  const latest = toolExchange("", bigResult, "").slice(1, 3).map((m) => (m.role === "assistant" ? { ...m, content: '{"size":2560}' } : m));
  const afterCall = [...conversation, ...latest];
  const onlyLatest = afterCall.filter((m) => !history.includes(m));
  const budget = budgetBetween(onlyLatest, afterCall);
  const log = recorder();

  const result = await runAgent(
    agentOptions({
      conversation,
      tools: book.all,
      generate: script.generate,
      contextSize: budget + 500,
      reserveTokens: 500,
      toolContext: { env: unusedEnvironment, maxResultChars: 10_000 },
      onEvent: log.onEvent,
    }),
  );

  assert.equal(result.reason, "final");
  assert.deepEqual(script.prompts[1], onlyLatest);
  assert.match(log.of("context-trimmed")[0]?.detail ?? "", /^Removed 1 old tool result and 1 earlier exchange to fit/);
});

test("trimming goes below the limit, so the next steps do not trim (and re-evaluate) again at once", () => {
  const history = [1, 2, 3].flatMap((n) => toolExchange(`Read ${n}.`, LINE.repeat(20), `Read ${n}.`));
  const conversation = conversationFor([], "Now?", history);
  let removed = 0;
  const withRemoved = (count: number) => {
    removed = 0;
    return conversation.map((m) => (m.role === "tool" && removed++ < count ? { ...m, content: REMOVED_RESULT } : m));
  };
  // Removing one result would be enough for the limit, but not for the margin below it.
  const budget = countByLength(withRemoved(1)) + 1;
  assert.ok(countByLength(withRemoved(2)) <= (budget * 7) / 8 && countByLength(withRemoved(1)) > (budget * 7) / 8, "test setup");

  const fit = fitContext(conversation, budget, countByLength);

  assert.deepEqual(fit.conversation, withRemoved(2));
});

test("when old results are not enough, the reasoning of earlier turns goes, then whole earlier turns, oldest first", () => {
  const big = LINE.repeat(30);
  const turn1: Conversation = [
    { role: "user", content: `First question. ${big}` },
    { role: "assistant", channel: "final", content: `First answer. ${big}` },
  ];
  const turn2: Conversation = [
    { role: "user", content: "Second question." },
    // After the conversation's first final answer, the renderer keeps reasoning: trimming removes it.
    { role: "assistant", channel: "analysis", content: `Second reasoning. ${big}` },
    { role: "assistant", channel: "final", content: "Second answer." },
  ];
  const conversation = conversationFor([], "Third question.", [...turn1, ...turn2]);
  const withoutReasoning = conversation.filter((m) => m.channel !== "analysis");
  const withoutTurn1 = withoutReasoning.filter((m) => !turn1.includes(m));

  const onlyReasoning = fitContext(conversation, budgetBetween(withoutReasoning, conversation), countByLength);
  assert.ok(onlyReasoning.fits);
  assert.deepEqual(onlyReasoning.conversation, withoutReasoning);
  assert.match(onlyReasoning.trim?.detail ?? "", /^Removed the reasoning of 1 earlier turn to fit/);

  const turnToo = fitContext(conversation, budgetBetween(withoutTurn1, withoutReasoning), countByLength);
  assert.ok(turnToo.fits);
  assert.deepEqual(turnToo.conversation, withoutTurn1, "system, developer, the later turn and the current question stay");
  assert.match(turnToo.trim?.detail ?? "", /^Removed the reasoning of 1 earlier turn and 1 earlier exchange to fit/);
});

test("earlier steps of the current turn go last; the latest call and its result stay", () => {
  const long = LINE.repeat(30);
  const step = (n: number, reasoning: string): Message[] => [
    { role: "assistant", channel: "analysis", content: reasoning },
    { role: "assistant", channel: "commentary", recipient: "functions.big", contentType: "<|constrain|>json", content: `{"size":${n}}` },
    { role: "tool", name: "functions.big", recipient: "assistant", channel: "commentary", content: `result ${n}` },
  ];
  const conversation = conversationFor([], "Go.", []).concat(step(1, long), step(2, "short"));
  const expected = conversationFor([], "Go.", []).concat(step(2, "short"));

  const fit = fitContext(conversation, budgetBetween(expected, conversation), countByLength);

  assert.ok(fit.fits);
  assert.deepEqual(fit.conversation, expected);
  assert.match(fit.trim?.detail ?? "", /^Removed 1 old tool result and 1 earlier tool step of this request to fit/);
});

test("a conversation that cannot fit stops the run with context-full before generating; the conversation is unchanged", async () => {
  const book = notebook();
  const conversation = conversationFor(book.all, `Summarise: ${LINE.repeat(200)}`);
  const script = scriptedTurns([finalText("never")]);
  const log = recorder();

  const result = await runAgent(agentOptions({ conversation, tools: book.all, generate: script.generate, contextSize: 3000, reserveTokens: 1000, onEvent: log.onEvent }));

  assert.equal(result.reason, "context-full");
  assert.equal(script.prompts.length, 0);
  assert.equal(result.steps, 0, "no model step ran");
  assert.deepEqual(result.conversation, conversation);
  assert.match(result.message ?? "", /^The conversation no longer fits the model's context window of 3,000 tokens \([\d,]+ tokens after removing what could go, 2,000 allowed\)\. Start a new chat/);
  assert.deepEqual(log.of("context-trimmed"), []);
});
