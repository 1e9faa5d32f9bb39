// Script files (a testing aid): validated on load, played one response per generation call, and
// a script that runs out says so with the file's name.
import assert from "node:assert/strict";
import { test } from "node:test";
import { parseScript, scriptPathFromEnvironment, SCRIPT_ENV_VAR, type EngineError } from "../../src/engine/index";

test("responses are handed out in order", () => {
  const script = parseScript('{"responses": ["one", "two"]}', "s.json");
  assert.deepEqual(script.next(), { index: 0, text: "one" });
  assert.equal(script.remaining, 1);
  assert.deepEqual(script.next(), { index: 1, text: "two" });
});

test("a script that has run out names the file and the call", () => {
  const script = parseScript('{"responses": ["only"]}', "s.json");
  script.next();
  assert.throws(() => script.next(), (error: EngineError) => {
    assert.equal(error.code, "script-exhausted");
    assert.match(error.message, /s\.json has no response left for generation call 2 \(it has 1\)/);
    return true;
  });
});

test("malformed scripts are refused with what is wrong", () => {
  const invalid = (json: string) => assert.throws(() => parseScript(json, "bad.json"), (error: EngineError) => error.code === "script-invalid" && /bad\.json/.test(error.message));
  invalid("{not json");
  invalid('{"replies": ["x"]}');
  invalid('{"responses": "x"}');
  invalid('{"responses": [1]}');
});

test(`the script path comes from ${SCRIPT_ENV_VAR}, blank meaning none`, () => {
  assert.equal(scriptPathFromEnvironment({ [SCRIPT_ENV_VAR]: "/tmp/s.json" }), "/tmp/s.json");
  assert.equal(scriptPathFromEnvironment({ [SCRIPT_ENV_VAR]: "  " }), undefined);
  assert.equal(scriptPathFromEnvironment({}), undefined);
});
