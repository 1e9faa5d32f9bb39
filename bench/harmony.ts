// Harmony render and parse throughput on a ~200 KB conversation, in tokens per second, next
// to the target: parsing must never be the bottleneck, so at least 100x the fastest generation
// we expect (~1,000 tokens/s on an H100) = 100,000 tokens/s. Prints; never fails on time.
// Run: npx tsx bench/harmony.ts
import { readFileSync } from "node:fs";
import { decode, encode } from "gpt-tokenizer/encoding/o200k_harmony";
import {
  defaultSystemContent,
  developerContent,
  HarmonyStreamParser,
  renderConversation,
  segmentsToText,
  segmentsToTokens,
  type Conversation,
  type HarmonyToken,
} from "../src/core/harmony/index";

const TARGET_TOKENS_PER_SECOND = 100_000;
const TARGET_CHARS = 200_000;

function buildConversation(): Conversation {
  const tools = [
    {
      name: "read_file",
      description: "Reads a text file in the workspace.",
      parameters: { type: "object", properties: { path: { type: "string" }, maxLines: { type: "integer", default: 200 } }, required: ["path"] },
    },
    { name: "search", description: "Searches the workspace.", parameters: { type: "object", properties: { query: { type: "string" } } } },
  ];
  const conversation: Conversation = [
    { role: "system", content: defaultSystemContent({ conversationStartDate: "2025-08-05" }) },
    { role: "developer", content: developerContent("You are a coding assistant. Answer briefly.", tools) },
  ];
  const code = "export function add(a: number, b: number): number {\n  return a + b; // ünïcödé ✓ 😊\n}\n".repeat(6);
  let size = segmentsToText(renderConversation(conversation)).length;
  for (let turn = 0; size < TARGET_CHARS; turn++) {
    const turnMessages: Conversation = [
      { role: "user", content: `Question ${turn}: what does src/add${turn}.ts do, and is it tested?` },
      { role: "assistant", channel: "analysis", content: `The user asks about src/add${turn}.ts. I should read it before answering. `.repeat(3) },
      { role: "assistant", channel: "commentary", recipient: "functions.read_file", contentType: "<|constrain|>json", content: `{"path":"src/add${turn}.ts"}` },
      { role: "tool", name: "functions.read_file", recipient: "assistant", channel: "commentary", content: JSON.stringify({ content: code }) },
      { role: "assistant", channel: "final", content: `It adds two numbers:\n\n\`\`\`ts\n${code}\`\`\`\n\nThere is no test for it yet.` },
    ];
    conversation.push(...turnMessages);
    size += segmentsToText(renderConversation(turnMessages, { autoDropAnalysis: false })).length;
  }
  return conversation;
}

/** Runs `work` repeatedly for about `ms` milliseconds; returns the mean seconds per run. */
function time(work: () => void, ms = 1500): number {
  work(); // warm up
  let runs = 0;
  const started = performance.now();
  while (performance.now() - started < ms) {
    work();
    runs++;
  }
  return (performance.now() - started) / 1000 / runs;
}

function report(label: string, tokens: number, seconds: number): void {
  const rate = tokens / seconds;
  const ratio = rate / TARGET_TOKENS_PER_SECOND;
  console.log(`${label.padEnd(34)} ${Math.round(rate).toLocaleString("en").padStart(12)} tokens/s   ${ratio.toFixed(1).padStart(6)}x the target`);
}

const conversation = buildConversation();
// Keep every message (no analysis dropped) so rendering and parsing see the same text.
const segments = renderConversation(conversation, { autoDropAnalysis: false });
const text = segmentsToText(segments);

// Tokenize outside the timed sections: in the product llama.cpp does this.
const ids = segmentsToTokens(segments, encode);
const tokenBytes: Uint8Array[] = readFileSync(require.resolve("gpt-tokenizer/data/o200k_base.tiktoken"), "utf8")
  .split("\n")
  .filter(Boolean)
  .map((line) => Buffer.from(line.split(" ")[0]!, "base64"));
const asText: HarmonyToken[] = ids.map((id) => ({ id, text: id < tokenBytes.length ? decode([id]) : "" }));
const asBytes: HarmonyToken[] = ids.map((id) => (id < tokenBytes.length ? { id, bytes: tokenBytes[id]! } : { id }));

function parseAll(tokens: HarmonyToken[], strict: boolean): number {
  const parser = new HarmonyStreamParser({ role: null, strict });
  let deltas = 0;
  for (const token of tokens) deltas += parser.push(token).length;
  parser.end();
  if (parser.messages.length !== conversation.length) throw new Error(`parsed ${parser.messages.length} of ${conversation.length} messages`);
  return deltas;
}

console.log(
  `harmony bench: ${conversation.length} messages, ${(text.length / 1000).toFixed(0)} KB of text, ` +
    `${ids.length.toLocaleString("en")} o200k_harmony tokens; target ${TARGET_TOKENS_PER_SECOND.toLocaleString("en")} tokens/s\n`,
);
report("render (conversation -> text)", ids.length, time(() => segmentsToText(renderConversation(conversation, { autoDropAnalysis: false }))));
report("parse lenient, tokens as text", ids.length, time(() => parseAll(asText, false)));
report("parse strict, tokens as text", ids.length, time(() => parseAll(asText, true)));
report("parse lenient, tokens as bytes", ids.length, time(() => parseAll(asBytes, false)));
