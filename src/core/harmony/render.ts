// Conversation -> harmony, exactly as openai/harmony v0.0.8 renders it (src/encoding.rs).
// The output is a list of segments (text pieces and special tokens) rather than a string, so
// special tokens stay single tokens: text pieces go through a tokenizer, specials go in by id.
// Text pieces are kept as the reference's separate `render_text_into` calls, because
// tokenizing "assistant" and " to=x" apart can give other tokens than "assistant to=x" at once.
import type { Conversation, Message, Role } from "./conversation";
import { FUNCTIONS_NAMESPACE } from "./conversation";
import { developerContentText, systemContentText } from "./contentText";
import type { Segment } from "./segments";
import { SPECIAL_TOKENS, type SpecialTokenName } from "./tokens";


export interface RenderConfig {
  /**
   * The reference's `auto_drop_analysis` (default true, as in its Python API). When the last
   * assistant message is on the final channel, analysis messages *before the first final
   * message of the conversation* are dropped — not all earlier reasoning: analysis after the
   * first final (a later turn's reasoning) is kept.
   */
  autoDropAnalysis?: boolean;
  /**
   * Which analysis `autoDropAnalysis` drops. "reference" (default): as above, for conformance.
   * "cookbook" (the product's prompts, PRODUCT_RENDER_CONFIG): every analysis message before the
   * conversation's LAST final message, whatever the last assistant message is (OpenAI's cookbook
   * on raw chain of thought). The current turn's reasoning stays while the model calls tools
   * (Codex PR #2461: else it forgets why it called them); earlier turns' reasoning goes. The
   * prefix is then stable within a turn; a new turn re-evaluates from the first dropped message.
   */
  analysisRule?: "reference" | "cookbook";
}

/** How the product renders its prompts (chat, Fix, vscode.lm, CLI, server backend). */
export const PRODUCT_RENDER_CONFIG: RenderConfig = Object.freeze({ analysisRule: "cookbook" as const });

/** A conversation the reference refuses to render (it bails with the same complaint). */
export class HarmonyRenderError extends Error {}

const CONSTRAIN = SPECIAL_TOKENS.constrain.text;

/** Appends segments for one message; `hasFunctionTools` is a property of the whole conversation. */
function renderMessageInto(out: Segment[], message: Message, hasFunctionTools: boolean): void {
  const text = (value: string): void => {
    if (value !== "") out.push({ kind: "text", text: value });
  };
  const special = (name: SpecialTokenName): void => {
    out.push({ kind: "special", name });
  };

  special("start");
  if (message.role === "tool") {
    // A tool message's header is its author's name alone (`functions.get_weather`).
    if (message.name === undefined) throw new HarmonyRenderError("Tools should have a name!");
    text(message.name);
  } else {
    text(message.role);
    if (message.name !== undefined) text(`:${message.name}`);
  }
  if (message.recipient !== undefined && message.recipient !== "all") text(` to=${message.recipient}`);
  if (message.channel !== undefined) {
    special("channel");
    text(message.channel);
  }
  if (message.contentType !== undefined) {
    if (message.contentType.startsWith(CONSTRAIN)) {
      // `<|constrain|>json`: a space, the marker as its special token, then the format as text.
      text(" ");
      special("constrain");
      text(message.contentType.slice(CONSTRAIN.length));
    } else {
      text(` ${message.contentType}`);
    }
  }
  special("message");

  const content = message.content;
  if (typeof content === "string") {
    text(content);
  } else if (content.type === "system") {
    if (message.role !== "system") {
      throw new HarmonyRenderError(`SystemContent may only appear in system messages, found in ${message.role}`);
    }
    text(systemContentText(content, hasFunctionTools));
  } else {
    if (message.role !== "developer") {
      throw new HarmonyRenderError(`DeveloperContent may only appear in developer messages, found in ${message.role}`);
    }
    text(developerContentText(content));
  }

  // A message with a recipient from the assistant is a tool call: it ends the turn with <|call|>.
  special(message.role === "assistant" && message.recipient !== undefined ? "call" : "end");
}

/** True when some developer message declares at least one tool in the `functions` namespace. */
export function conversationHasFunctionTools(conversation: Conversation): boolean {
  return conversation.some((message) => {
    const content = message.content;
    if (typeof content === "string" || content.type !== "developer" || !content.tools) return false;
    const functions = content.tools.filter((ns) => ns.name === FUNCTIONS_NAMESPACE).at(-1);
    return functions !== undefined && functions.tools.length > 0;
  });
}

/** The messages the reference keeps under `auto_drop_analysis` (see RenderConfig). */
export function messagesToRender(conversation: Conversation, config: RenderConfig = {}): Message[] {
  const autoDrop = config.autoDropAnalysis ?? true;
  if (autoDrop && config.analysisRule === "cookbook") {
    let lastFinal = -1;
    for (let i = conversation.length - 1; i >= 0 && lastFinal === -1; i--) if (conversation[i]!.role === "assistant" && conversation[i]!.channel === "final") lastFinal = i;
    return lastFinal === -1 ? conversation : conversation.filter((m, index) => !(index < lastFinal && m.channel === "analysis"));
  }
  const lastAssistant = conversation.filter((m) => m.role === "assistant").at(-1);
  const shouldDrop = autoDrop && lastAssistant?.channel === "final";
  if (!shouldDrop) return conversation;
  const firstFinal = conversation.findIndex((m) => m.channel === "final");
  return conversation.filter((m, index) => !(firstFinal !== -1 && index < firstFinal && m.channel === "analysis"));
}

/** One message on its own (the reference's `render`): no conversation-wide options apply. */
export function renderMessage(message: Message, options: { conversationHasFunctionTools?: boolean } = {}): Segment[] {
  const out: Segment[] = [];
  renderMessageInto(out, message, options.conversationHasFunctionTools ?? false);
  return out;
}

/** The messages only (the reference's `render_conversation`). */
export function renderConversation(conversation: Conversation, config: RenderConfig = {}): Segment[] {
  const hasFunctionTools = conversationHasFunctionTools(conversation);
  const out: Segment[] = [];
  for (const message of messagesToRender(conversation, config)) renderMessageInto(out, message, hasFunctionTools);
  return out;
}

/** The messages then `<|start|>ROLE`: the prompt the model completes. */
export function renderConversationForCompletion(
  conversation: Conversation,
  nextRole: Role = "assistant",
  config: RenderConfig = {},
): Segment[] {
  const out = renderConversation(conversation, config);
  out.push({ kind: "special", name: "start" }, { kind: "text", text: nextRole });
  return out;
}
