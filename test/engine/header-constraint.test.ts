// Headers that cannot break, on the random-weight tiny model (the perfect adversary: left alone it
// writes no valid header at all). Constrained while sampling, every reply through the agent loop
// parses as well-formed messages: a valid channel, a declared recipient or a trained alias,
// `<|constrain|>json` only on function calls. Scripted output is forced as written, even when
// malformed; once the script ends, the constraint applies again.
import assert from "node:assert/strict";
import { mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { ParsedMessage } from "../../src/core/harmony/index";
import { loadEngine, type Engine, type EngineSequence } from "../../src/engine/index";
import { headerTestRequest, malformedHeader, unscriptedAgentReplies } from "../helpers/headerCheck";
import { tinyModelPath } from "../helpers/tinyModel";

let engine: Engine;
let sequence: EngineSequence;
let workspace: string;

before(async () => {
  engine = await loadEngine({ modelPath: await tinyModelPath(), gpu: false, threads: 1, contextSize: 4096, script: false });
  sequence = engine.openSequence();
  workspace = realpathSync(mkdtempSync(join(tmpdir(), "gpt-oss-headers-")));
});

after(async () => {
  await sequence?.dispose();
  await engine?.dispose();
  rmSync(workspace, { recursive: true, force: true });
});

const { conversation, rules } = headerTestRequest();

function malformed(message: ParsedMessage): string | undefined {
  return malformedHeader(message, rules);
}

test("the rules: the system's channels, this request's functions, and the trained aliases of tools it declares", () => {
  assert.ok(rules.recipients.includes("functions.apply_patch"));
  assert.ok(rules.recipients.includes("repo_browser.open_file"));
  assert.ok(rules.recipients.includes("container.exec"));
  assert.ok(!rules.recipients.includes("functions.edit_file"), "hidden tools are not declared, so not offered");
  assert.ok(!rules.recipients.includes("python"), "no built-in is enabled");
  assert.ok(rules.jsonRecipients.has("functions.read_file") && !rules.jsonRecipients.has("container.exec"));
});

test("unscripted on the random-weight model: 200 replies through the agent loop, every header well-formed", async () => {
  const turns = await unscriptedAgentReplies(sequence, workspace, 200);
  assert.equal(turns.length, 200);
  const messages = turns.flatMap((turn) => turn.messages);
  const bad = messages.map(malformed).filter((why) => why !== undefined);
  assert.deepEqual(bad, [], `${bad.length} malformed of ${messages.length} messages`);
  assert.ok(turns.every((turn) => turn.messages.length > 0 && turn.messages[0]!.channel !== undefined), "every reply opens with a header");
  const headerTokens = turns.reduce((sum, turn) => sum + turn.messages.length, 0);
  assert.ok(headerTokens >= 200);
});

test("unconstrained, the same model writes headerless text (the constraint is what makes them well-formed)", async () => {
  let wellFormed = 0;
  for (let reply = 0; reply < 8; reply++) {
    const result = await sequence.complete({ conversation }, { script: false, headerConstraint: false, seed: reply + 1, maxTokens: 24 });
    if (result.messages.length > 0 && result.messages.every((m) => malformed(m) === undefined)) wellFormed++;
  }
  assert.ok(wellFormed < 8, `${wellFormed} of 8 unconstrained replies were well-formed`);
});

test("a script is forced as written, malformed header and all; after it ends the constraint applies again", async () => {
  const result = await sequence.complete({ conversation }, { script: "<|channel|>commentary?? to=nowhere.tool<|message|>scripted<|end|>", seed: 3, maxTokens: 40 });
  const [scripted, next] = result.messages;
  assert.equal(scripted?.headerText.includes("commentary??"), true, "the malformed header came out as scripted");
  assert.ok(next, "the model went on after the script");
  assert.equal(malformed(next), undefined, `the model's own header: ${next.headerText}`);
});
