// The header tracker on its own: which continuations keep an assistant header valid, step by
// step, and how it follows scripted (possibly malformed) text back to a constrained state.
import assert from "node:assert/strict";
import { test } from "node:test";
import { headerRulesOf, HeaderTracker, validHeaders, type HeaderRules } from "../../src/core/harmony/index";
import { trainedAliasesFor } from "../../src/core/agent/trainedNames";

const rules: HeaderRules = { channels: ["analysis", "commentary", "final"], recipients: ["functions.read_file", "container.exec"], jsonRecipients: new Set(["functions.read_file"]) };

test("the valid headers: each channel alone, recipients not on final, <|constrain|>json only for functions", () => {
  const headers = validHeaders(rules).map((h) => h.replace(/\uE000/g, "<|channel|>").replace(/\uE001/g, "<|constrain|>").replace(/\uE002/g, "<|message|>"));
  assert.ok(headers.includes("<|channel|>final<|message|>"));
  assert.ok(headers.includes("<|channel|>commentary to=functions.read_file <|constrain|>json<|message|>"));
  assert.ok(headers.includes("<|channel|>analysis to=container.exec<|message|>"));
  assert.ok(!headers.some((h) => h.startsWith("<|channel|>final to=")));
  assert.ok(!headers.includes("<|channel|>commentary to=container.exec <|constrain|>json<|message|>"));
  assert.equal(headers.length, 3 + 2 * 3);
});

test("step by step: <|channel|> first, then a channel, then <|message|> or a recipient", () => {
  const t = new HeaderTracker(rules);
  t.pushSpecial("start");
  assert.deepEqual(t.continuations(), { specials: [], texts: ["assistant"] });
  t.pushText("assistant");
  assert.deepEqual(t.continuations(), { specials: ["channel"], texts: [] });
  t.pushSpecial("channel");
  // Each continuation is a whole run of text up to the next special token (the engine allows its first token).
  assert.deepEqual(t.continuations()?.texts.sort(), [
    "analysis",
    "analysis to=container.exec",
    "analysis to=functions.read_file",
    "analysis to=functions.read_file ",
    "commentary",
    "commentary to=container.exec",
    "commentary to=functions.read_file",
    "commentary to=functions.read_file ",
    "final",
  ]);
  t.pushText("comment");
  assert.deepEqual(t.continuations()?.texts.sort(), ["ary", "ary to=container.exec", "ary to=functions.read_file", "ary to=functions.read_file "]);
  t.pushText("ary");
  assert.deepEqual(t.continuations()?.specials, ["message"]);
  assert.deepEqual(t.continuations()?.texts.sort(), [" to=container.exec", " to=functions.read_file", " to=functions.read_file "]);
  t.pushText(" to=functions.read_file ");
  assert.deepEqual(t.continuations(), { specials: ["constrain"], texts: [] });
  t.pushText("x");
  assert.equal(t.phase, "free", "anything else breaks it");
  t.pushSpecial("start");
  t.pushText("assistant");
  t.pushSpecial("channel");
  t.pushText("commentary to=functions.read_file ");
  t.pushSpecial("constrain");
  t.pushText("json");
  t.pushSpecial("message");
  assert.equal(t.phase, "content");
  assert.equal(t.recipient, true);
  assert.equal(t.continuations(), undefined, "content is free");
  t.pushSpecial("end");
  assert.deepEqual(t.continuations(), { specials: ["start"], texts: [] }, "after <|end|> comes <|start|>");
});

test("a malformed (scripted) header frees the sampler until the next <|end|> or <|start|>", () => {
  const t = new HeaderTracker(rules);
  t.pushSpecial("start");
  t.pushText("assistant");
  t.pushSpecial("channel");
  t.pushText("commentary??");
  assert.equal(t.phase, "free");
  assert.equal(t.continuations(), undefined);
  t.pushSpecial("message");
  t.pushText("text");
  t.pushSpecial("end");
  assert.deepEqual(t.continuations(), { specials: ["start"], texts: [] });
});

test("rules from a conversation: system channels and built-ins, developer functions, trained aliases", () => {
  const r = headerRulesOf(
    [
      { role: "system", content: { type: "system", channelConfig: { validChannels: ["analysis", "final"], channelRequired: true }, tools: [{ name: "python", tools: [] }, { name: "browser", tools: [{ name: "search", description: "Search." }] }] } },
      { role: "developer", content: { type: "developer", tools: [{ name: "functions", tools: [{ name: "run_command", description: "Run." }, { name: "read_file", description: "Read." }] }] } },
    ],
    trainedAliasesFor,
  );
  assert.deepEqual(r.channels, ["analysis", "final"]);
  assert.deepEqual(r.recipients, ["functions.run_command", "functions.read_file", "python", "browser.search", "repo_browser.open_file", "container.exec", "shell", "exec", "bash"]);
  assert.deepEqual([...r.jsonRecipients], ["functions.run_command", "functions.read_file"]);
});
