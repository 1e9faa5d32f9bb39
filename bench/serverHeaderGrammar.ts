// bench:server's header-grammar figures: what the header constraint costs per token on llama-server,
// inside headers and in content, against the same requests without it. Headers: unscripted replies
// to a conversation with the agent's tools, stopped when the first header is complete (time from
// the first streamed token to `<|message|>`, per token). Content: a scripted `final` header, then
// the model's own text with and without the grammar (time from the first text on, per token).
import { trainedAliasesFor } from "../src/core/agent/trainedNames";
import { headerRulesOf, validHeaders, type Conversation } from "../src/core/harmony/index";
import { conversationHead } from "../src/core/prompts/conversationHead";
import { modelToolSet } from "../src/core/tools/modelTools";
import { availableTools, functionToolDescriptions } from "../src/core/tools/registry";
import type { GenerationSlot } from "../src/engine/backend";
import { median } from "./baseline";

/** ms per token from the first streamed token to the end of the first header, or undefined if none came. */
async function headerMsPerToken(slot: GenerationSlot, conversation: Conversation, seed: number): Promise<number | undefined> {
  const controller = new AbortController();
  let first: number | undefined;
  let headerAt: number | undefined;
  const result = await slot.complete({ conversation }, { seed, maxTokens: 64, script: false, signal: controller.signal }, (event) => {
    if (event.type === "prompt") first = performance.now();
    if (event.type === "message-start" && headerAt === undefined) {
      headerAt = performance.now();
      controller.abort();
    }
  });
  // The first token arrives with the prompt event: the header's other tokens came after it.
  const tokens = result.stats.generatedTokens - 1;
  return first !== undefined && headerAt !== undefined && tokens > 0 ? (headerAt - first) / tokens : undefined;
}

/** ms per token of the model's own text after a scripted `final` header. */
async function contentMsPerToken(slot: GenerationSlot, conversation: Conversation, seed: number, tokens: number, headerConstraint: boolean): Promise<number> {
  let firstText: number | undefined;
  let texts = 0;
  await slot.complete({ conversation }, { seed, maxTokens: tokens, script: "<|channel|>final<|message|>", headerConstraint }, (event) => {
    if (event.type !== "text") return;
    firstText ??= performance.now();
    texts++;
  });
  return (performance.now() - (firstText ?? performance.now())) / Math.max(1, texts - 1);
}

export async function benchHeaderGrammar(slot: GenerationSlot, rounds: number, tokens: number): Promise<void> {
  const { declared } = modelToolSet(availableTools({ trusted: true, languageServices: false }));
  const head = conversationHead({ effort: "low", tools: functionToolDescriptions(declared), folders: ["app"], date: "2026-01-01" });
  const headers = validHeaders(headerRulesOf([...head, { role: "user", content: "" }], trainedAliasesFor)).length;
  console.log("");
  console.log(`header grammar on the server (${headers} valid headers with the agent's tools and their trained aliases):`);
  const inHeaders: number[] = [];
  const content = { on: [] as number[], off: [] as number[] };
  for (let round = 1; round <= rounds; round++) {
    const conversation: Conversation = [...head, { role: "user", content: `Round ${round}: fix the bug in src/app.ts.` }];
    const header = await headerMsPerToken(slot, conversation, round);
    if (header !== undefined) inHeaders.push(header);
    const order = round % 2 ? ([true, false] as const) : ([false, true] as const);
    for (const on of order) content[on ? "on" : "off"].push(await contentMsPerToken(slot, conversation, round, tokens, on));
    console.log(
      `round ${round} header ${header?.toFixed(2) ?? "-"} ms/token; content with grammar ${content.on.at(-1)!.toFixed(2)} ms/token, without ${content.off.at(-1)!.toFixed(2)} ms/token`,
    );
  }
  const on = median(content.on);
  const off = median(content.off);
  console.log(`median per token inside headers (grammar): ${inHeaders.length ? median(inHeaders).toFixed(2) : "-"} ms (x${inHeaders.length ? (median(inHeaders) / off).toFixed(2) : "-"} the unconstrained content token)`);
  console.log(`median per token in content: with grammar ${on.toFixed(2)} ms, without ${off.toFixed(2)} ms (with/without ${(on / off).toFixed(2)})`);
}
