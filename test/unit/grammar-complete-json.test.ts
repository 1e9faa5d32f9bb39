// isCompleteJsonValue / JsonValueScanner: the engine's "stop now" signal for tool arguments.
import assert from "node:assert/strict";
import { test } from "node:test";
import { isCompleteJsonValue, JsonValueScanner } from "../../src/core/grammar/index";

test("a partial object is not complete; the closing brace completes it", () => {
  const text = '{"path":"src/a.ts","start_line":3}';
  for (let i = 0; i < text.length; i++) assert.equal(isCompleteJsonValue(text.slice(0, i)), false, text.slice(0, i));
  assert.equal(isCompleteJsonValue(text), true);
});

test("braces, brackets and quotes inside strings do not count", () => {
  assert.equal(isCompleteJsonValue('{"a":"}"'), false);
  assert.equal(isCompleteJsonValue('{"a":"}"}'), true);
  assert.equal(isCompleteJsonValue('{"a":"\\"}"'), false, "an escaped quote does not end the string");
  assert.equal(isCompleteJsonValue('{"a":"\\"}"}'), true);
  assert.equal(isCompleteJsonValue('{"a":"\\\\"}'), true, "an escaped backslash does not escape the quote");
  assert.equal(isCompleteJsonValue('{"a":["]",{"b":"{["}]}'), true);
  assert.equal(isCompleteJsonValue('{"a":["]",{"b":"{["}]'), false);
});

test("surrounding whitespace is allowed; anything else after the value is not", () => {
  assert.equal(isCompleteJsonValue(' \n{"a":1} '), true);
  assert.equal(isCompleteJsonValue('{"a":1}}'), false);
  assert.equal(isCompleteJsonValue('{"a":1}x'), false);
  assert.equal(isCompleteJsonValue('{"a":1} {"b":2}'), false);
});

test("malformed text that closes its braces is not complete", () => {
  for (const text of ['{"a":}', '{"a" 1}', "{a:1}", "[1,]", '{"a":1,}', "}", "]", '{"a":01}']) assert.equal(isCompleteJsonValue(text), false, text);
});

test("top-level scalars: strings and literals complete at once, numbers only once whitespace follows", () => {
  assert.equal(isCompleteJsonValue('"abc"'), true);
  assert.equal(isCompleteJsonValue('"ab'), false);
  assert.equal(isCompleteJsonValue("tru"), false);
  assert.equal(isCompleteJsonValue("true"), true);
  assert.equal(isCompleteJsonValue("null"), true);
  assert.equal(isCompleteJsonValue("truex"), false);
  assert.equal(isCompleteJsonValue("12"), false, "12 may still become 123");
  assert.equal(isCompleteJsonValue("12 "), true);
  assert.equal(isCompleteJsonValue("1e "), false);
  assert.equal(isCompleteJsonValue(""), false);
  assert.equal(isCompleteJsonValue("   "), false);
});

test("the scanner takes the text piece by piece, as tokens arrive", () => {
  const scanner = new JsonValueScanner();
  const pieces = ['{"', "path", '":"', "a}", "\\", '"', '",', '"n":', "[1", "]", "}"];
  const verdicts = pieces.map((piece) => scanner.push(piece));
  assert.deepEqual(verdicts, [false, false, false, false, false, false, false, false, false, false, true]);
  assert.equal(scanner.push(" "), true);
  assert.equal(scanner.push("x"), false);
});

test("the scanner is cheap: 300 pushes on a growing object take well under 50 ms", () => {
  const scanner = new JsonValueScanner();
  const started = performance.now();
  scanner.push('{"content":"');
  for (let i = 0; i < 300; i++) scanner.push("some text {with} [brackets] and \\\"quotes\\\" ");
  scanner.push('"}');
  assert.equal(scanner.complete, true);
  assert.ok(performance.now() - started < 50);
});
