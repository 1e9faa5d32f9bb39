// What "well-formed" means for the header constraint's tests (local engine and llama-server): an
// assistant message the strict reading accepts, on a valid channel, addressed (if at all) to a
// recipient the rules allow and not on `final`, `<|constrain|>json` only on function calls.
import { DEFAULT_CHANNELS, type HeaderRules, type ParsedMessage } from "../../src/core/harmony/index";

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
