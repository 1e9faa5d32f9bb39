// The header constraint as a GBNF grammar (for llama-server), checked with the reference
// recognizer: it accepts exactly the headers the tracker allows, picks up from wherever a tracker
// stands, keeps content free of special tokens and of their spellings, and ends a message with a
// recipient only by ending the turn. The same grammar on the real llama-server:
// test/engine/server-header-grammar.test.ts.
import assert from "node:assert/strict";
import { test } from "node:test";
import { headerGrammar, HeaderTracker, SPECIAL_TOKENS, validHeaders, type HeaderRules, type SpecialTokenName } from "../../src/core/harmony/index";
import { GbnfMatcher } from "../helpers/grammar/gbnfMatcher";

const rules: HeaderRules = { channels: ["analysis", "commentary", "final"], recipients: ["functions.read_file", "functions.apply_patch", "container.exec"], jsonRecipients: new Set(["functions.read_file", "functions.apply_patch"]) };

type Unit = string | { id: number; text: string };

/** Harmony text as matcher input: special spellings become the special tokens. */
function units(text: string): Unit[] {
  return text.split(/(<\|[a-z]+\|>)/).filter((piece) => piece !== "").map((piece) => {
    const name = piece.slice(2, -2) as SpecialTokenName;
    return piece.startsWith("<|") && name in SPECIAL_TOKENS ? { id: SPECIAL_TOKENS[name].id, text: piece } : piece;
  });
}

/** The grammar a tracker fed `prompt` (from its last `<|start|>`) would send. */
function grammarAfter(prompt: string): GbnfMatcher | undefined {
  const tracker = new HeaderTracker(rules);
  for (const unit of units(prompt)) {
    if (typeof unit === "string") tracker.pushText(unit);
    else tracker.pushSpecial(unit.text.slice(2, -2) as SpecialTokenName);
  }
  const gbnf = headerGrammar(rules, tracker.position());
  return gbnf === undefined ? undefined : new GbnfMatcher(gbnf);
}

const fresh = grammarAfter("<|start|>assistant")!;
const accepts = (reply: string, grammar = fresh) => grammar.acceptsTokens(units(reply));

test("every header the tracker allows is accepted, with content after it; nothing else is", () => {
  for (const header of validHeaders(rules)) {
    const text = header.replace(/\uE000/g, "<|channel|>").replace(/\uE001/g, "<|constrain|>").replace(/\uE002/g, "<|message|>");
    assert.ok(accepts(`${text}some content`), text);
  }
  for (const bad of [
    "<|channel|>final to=functions.read_file<|message|>x",
    "<|channel|>commentary to=functions.edit_file<|message|>x",
    "<|channel|>commentary to=container.exec <|constrain|>json<|message|>x",
    "<|channel|>commentary?<|message|>x",
    "<|channel|>thoughts<|message|>x",
    "analysis<|message|>x",
    "<|message|>x",
    "Hello there",
  ]) {
    assert.ok(!accepts(bad), bad);
  }
});

test("a special token's spelling in ordinary text is not a header: token terms match only the token", () => {
  assert.ok(accepts("<|channel|>final<|message|>ok"));
  assert.ok(!fresh.acceptsTokens(["<|channel|>final", { id: SPECIAL_TOKENS.message.id, text: "<|message|>" }, "ok"]));
});

test("content: free text, but no special token and nothing spelled like one", () => {
  assert.ok(accepts("<|channel|>final<|message|>x < y || a <| b, <|not a token, a|>b, <<|"));
  for (const content of ["a<|channel|>b", "a<|start|>", "<|constrain|>", "spelled <|end|> out", "<|reserved_200013|>", "a <<|message|> b"]) {
    assert.ok(!accepts(`<|channel|>final<|message|>${content}`), content);
    assert.ok(!fresh.acceptsTokens([...units("<|channel|>final<|message|>"), content]), `${content} as text`);
  }
});

test("messages: <|end|> is followed by another assistant header; a recipient's message only ends the turn", () => {
  assert.ok(accepts("<|channel|>analysis<|message|>think<|end|><|start|>assistant<|channel|>commentary to=container.exec<|message|>ls"));
  assert.ok(!accepts("<|channel|>analysis<|message|>think<|end|>"), "after <|end|> comes a message");
  assert.ok(!accepts("<|channel|>analysis<|message|>think<|end|><|start|>user<|message|>hi"));
  assert.ok(!accepts("<|channel|>analysis<|message|>think<|end|><|start|>assistant<|channel|>final"), "a header must be finished");
  assert.ok(!accepts("<|channel|>commentary to=container.exec<|message|>ls<|end|><|start|>assistant<|channel|>final<|message|>x"));
});

test("the grammar picks up where prompt and reply left off", () => {
  assert.ok(accepts("stant<|channel|>final<|message|>x", grammarAfter("<|start|>assi")));
  const midHeader = grammarAfter("<|start|>assistant<|channel|>commentary to=func")!;
  assert.ok(accepts("tions.apply_patch <|constrain|>json<|message|>{}", midHeader));
  assert.ok(!accepts("tions.edit_file<|message|>{}", midHeader));
  assert.ok(!accepts("<|message|>x", midHeader));
  const inCall = grammarAfter("<|start|>assistant<|channel|>commentary to=container.exec<|message|>ls -")!;
  assert.ok(accepts("la", inCall));
  assert.ok(!accepts("la<|end|><|start|>assistant<|channel|>final<|message|>x", inCall));
  const inFinal = grammarAfter("<|start|>assistant<|channel|>final<|message|>Hel")!;
  assert.ok(accepts("lo<|end|><|start|>assistant<|channel|>final<|message|>again", inFinal));
  assert.ok(accepts("<|start|>assistant<|channel|>final<|message|>x", grammarAfter("<|start|>assistant<|channel|>analysis<|message|>a<|end|>")));
  assert.equal(grammarAfter("<|start|>assistant<|channel|>nonsense"), undefined, "after a break (a script may write one) nothing is constrained");
});

test("names outside the basic plane and quotes stay whole in the grammar", () => {
  const odd: HeaderRules = { channels: ["final", "commentary"], recipients: ["functions.\u{1F600}a", "functions.\u{1F601}b", 'functions.q"uote'], jsonRecipients: new Set() };
  const grammar = new GbnfMatcher(headerGrammar(odd, { phase: "header", rests: validHeaders(odd) })!);
  for (const name of ["\u{1F600}a", "\u{1F601}b", 'q"uote']) assert.ok(grammar.acceptsTokens(units(`<|channel|>commentary to=functions.${name}<|message|>x`)), name);
  assert.ok(!grammar.acceptsTokens(units("<|channel|>commentary to=functions.\u{1F600}c<|message|>x")));
});
