// What "well-formed" means for the header constraint's tests (local engine and llama-server): an
// assistant message the strict reading accepts, on a valid channel, addressed (if at all) to a
// recipient the rules allow and not on `final`, `<|constrain|>json` only on function calls; and the
// request and the unscripted replies through the agent loop that both tests check.
import { runAgent } from "../../src/core/agent/loop";
import { trainedAliasesFor } from "../../src/core/agent/trainedNames";
import type { TurnGenerator, TurnResult } from "../../src/core/agent/types";
import { DEFAULT_CHANNELS, headerRulesOf, type Conversation, type HeaderRules, type ParsedMessage } from "../../src/core/harmony/index";
import { conversationHead } from "../../src/core/prompts/conversationHead";
import { modelToolSet } from "../../src/core/tools/modelTools";
import { availableTools, functionToolDescriptions } from "../../src/core/tools/registry";
import type { GenerationSlot } from "../../src/engine/backend";
import { countConversationTokens, createTurnGenerator } from "../../src/engine/index";
import { createNodeToolEnvironment } from "../../src/node/tools/nodeEnvironment";

/** Why a message's header is not well-formed under `rules`, or undefined when it is. */
export function malformedHeader(message: ParsedMessage, rules: HeaderRules): string | undefined {
  if (message.role !== "assistant") return `role ${message.role}`;
  if (message.recovered || message.problems?.length) return `parser: ${message.problems?.join("; ") ?? "recovered"}`;
  if (!message.channel || !(DEFAULT_CHANNELS as readonly string[]).includes(message.channel)) return `channel ${JSON.stringify(message.channel)}`;
  if (message.recipient !== undefined && (message.channel === "final" || !rules.recipients.includes(message.recipient))) return `recipient ${message.recipient} on ${message.channel}`;
  if (message.contentType !== undefined && (message.contentType !== "<|constrain|>json" || !rules.jsonRecipients.has(message.recipient ?? ""))) {
    return `content type ${message.contentType} for ${message.recipient}`;
  }
  return undefined;
}

/**
 * The request both header tests send: our system and developer messages with the tools a trusted
 * workspace declares, and one user message; `rules` are its valid headers.
 */
export function headerTestRequest() {
  const { declared, hidden } = modelToolSet(availableTools({ trusted: true, languageServices: false }));
  const conversation: Conversation = [
    ...conversationHead({ effort: "low", tools: functionToolDescriptions(declared), folders: ["app"], date: "2026-01-01" }),
    { role: "user", content: "Fix the bug in src/app.ts." },
  ];
  return { declared, hidden, conversation, rules: headerRulesOf(conversation, trainedAliasesFor) };
}

/**
 * `count` unscripted replies (seeds 1..count, 24 tokens each) through the agent loop, one step each
 * with every change denied, on `slot` (the local engine's sequence or a server's slot).
 */
export async function unscriptedAgentReplies(slot: GenerationSlot, workspace: string, count: number): Promise<TurnResult[]> {
  const { declared, hidden, conversation } = headerTestRequest();
  const env = createNodeToolEnvironment({ folders: [{ name: "app", path: workspace }] });
  const turns: TurnResult[] = [];
  for (let reply = 0; reply < count; reply++) {
    const slotTurns = createTurnGenerator(slot, { seed: reply + 1, maxTokens: 24 });
    const generate: TurnGenerator = async function* (c, s) {
      const result = yield* slotTurns(c, s);
      turns.push(result);
      return result;
    };
    await runAgent({
      conversation,
      tools: declared,
      hiddenTools: hidden,
      generate,
      approve: async () => ({ approved: false, reason: "test" }),
      toolContext: { env },
      countTokens: (c) => countConversationTokens(slot, c),
      contextSize: slot.contextSize,
      maxSteps: 1,
    });
  }
  return turns;
}
