// Headers that cannot break, through the server backend: the real llama-server (built under
// .cache/llama.cpp) serving the random-weight tiny model, which left alone writes no valid header
// at all. With the header grammar every unscripted reply through the agent loop parses as
// well-formed messages; without it, they do not. A script still writes what it says, and the
// grammar picks up from wherever the script stopped.
import assert from "node:assert/strict";
import { mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { ParsedMessage } from "../../src/core/harmony/index";
import type { GenerationSlot } from "../../src/engine/backend";
import { connectServer } from "../../src/engine/server/serverBackend";
import { headerTestRequest, malformedHeader, unscriptedAgentReplies } from "../helpers/headerCheck";
import { startLlamaServer, type RunningLlamaServer } from "../helpers/llamaServer";
import { tinyModelPath } from "../helpers/tinyModel";

let server: RunningLlamaServer;
let slot: GenerationSlot;
let workspace: string;

before(
  async () => {
    server = await startLlamaServer({ model: await tinyModelPath(), contextSize: 4096 });
    slot = (await connectServer({ url: server.url, api: "llama.cpp", script: false, idleTimeoutMs: 60_000 })).openSlot();
    workspace = realpathSync(mkdtempSync(join(tmpdir(), "gpt-oss-server-headers-")));
  },
  { timeout: 1_500_000 },
);

after(async () => {
  await server?.stop();
  if (workspace) rmSync(workspace, { recursive: true, force: true });
});

const { conversation, rules } = headerTestRequest();
const malformed = (message: ParsedMessage) => malformedHeader(message, rules);

test("unscripted on the random-weight model through llama-server: 50 replies through the agent loop, every header well-formed", async () => {
  const turns = await unscriptedAgentReplies(slot, workspace, 50);
  assert.equal(turns.length, 50);
  const messages = turns.flatMap((turn) => turn.messages);
  const bad = messages.map((m) => (malformed(m) === undefined ? undefined : `${malformed(m)}: ${m.headerText}`)).filter((why) => why !== undefined);
  assert.deepEqual(bad, [], `${bad.length} malformed of ${messages.length} messages`);
  assert.ok(turns.every((turn) => turn.messages.length > 0 && turn.messages[0]!.channel !== undefined), "every reply opens with a header");
  const recipients = new Set(messages.map((m) => m.recipient).filter((r) => r !== undefined));
  console.log(`# ${messages.length} messages, channels ${[...new Set(messages.map((m) => m.channel))].join(", ")}; recipients ${[...recipients].join(", ")}`);
});

test("without the grammar the same server and model write headerless text", async () => {
  let wellFormed = 0;
  for (let reply = 0; reply < 8; reply++) {
    const result = await slot.complete({ conversation }, { headerConstraint: false, seed: reply + 1, maxTokens: 24 });
    if (result.messages.length > 0 && result.messages.every((m) => malformed(m) === undefined)) wellFormed++;
  }
  assert.ok(wellFormed < 4, `${wellFormed} of 8 unconstrained replies were well-formed`);
  console.log(`# unconstrained: ${wellFormed} of 8 replies well-formed`);
});

test("a script is written as it says, malformed or not; the grammar picks up where it stopped", async () => {
  // A malformed scripted header, then <|end|>: the model's next message is well-formed.
  const broken = await slot.complete({ conversation }, { script: "<|channel|>commentary?? to=nowhere.tool<|message|>scripted<|end|>", seed: 3, maxTokens: 40 });
  assert.ok(broken.messages[0]?.headerText.includes("commentary??"), "the malformed header came out as scripted");
  const next = broken.messages[1];
  assert.ok(next, `the model went on after the script: ${JSON.stringify(broken.messages)}`);
  assert.equal(malformed(next), undefined, `the model's own header: ${next.headerText}`);
  // A script that stops in the middle of a header: the model finishes it with a declared recipient.
  for (const seed of [1, 2, 3, 4]) {
    const result = await slot.complete({ conversation }, { script: "<|channel|>commentary to=", seed, maxTokens: 40 });
    const [message] = result.messages;
    assert.ok(message, `seed ${seed}: no message`);
    assert.equal(malformed(message), undefined, `seed ${seed}: ${message.headerText}`);
    assert.ok(message.recipient !== undefined && rules.recipients.includes(message.recipient), `seed ${seed}: ${message.headerText}`);
  }
});
