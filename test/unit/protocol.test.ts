import assert from "node:assert/strict";
import { test } from "node:test";
import { HostToWebview, WebviewToHost, parseMessage } from "../../src/core/protocol";

test("a valid webview message passes validation unchanged", () => {
  const reasons: string[] = [];
  const message = parseMessage(WebviewToHost, { type: "chooseModelFile" }, (why) => reasons.push(why));
  assert.deepEqual(message, { type: "chooseModelFile" });
  assert.deepEqual(reasons, []);
});

test("an unknown message type is dropped with a reason", () => {
  const reasons: string[] = [];
  assert.equal(parseMessage(WebviewToHost, { type: "deleteEverything" }, (why) => reasons.push(why)), undefined);
  assert.equal(reasons.length, 1);
});

test("a host message with a field of the wrong type is dropped, not passed on", () => {
  const reasons: string[] = [];
  const raw = { type: "model", model: { kind: "catalog", id: "gpt-oss-20b", label: "x", sizeBytes: "big", memoryBytes: 1, description: "" } };
  assert.equal(parseMessage(HostToWebview, raw, (why) => reasons.push(why)), undefined);
  assert.match(reasons[0] ?? "", /sizeBytes/);
});

test("non-object input is dropped without throwing", () => {
  for (const raw of [null, undefined, 42, "ready", []]) {
    assert.equal(parseMessage(WebviewToHost, raw, () => {}), undefined);
  }
});
