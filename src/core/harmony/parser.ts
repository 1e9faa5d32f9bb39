// The streaming parser: fed one token at a time, it emits message start / content delta /
// message end events. Its state machine is openai/harmony v0.0.8's `StreamableParser`
// (expect `<|start|>` -> header -> content), in two modes:
//  - strict: the reference's default; malformed input throws HarmonyParseError where the
//    reference fails (special tokens inside content stay text, as there).
//  - lenient (strict: false): the reference's non-strict mode (a header cut by a stop token
//    becomes a message whose text is the rest of the header) and more, because the product
//    shows whatever the model wrote: it never throws and never drops text. Text outside any
//    message starts one; `<|start|>` or `<|channel|>` inside content ends the message and
//    starts the next; a header the reference rejects is read as well as it can be.
import { isRole, type Role } from "./conversation";
import { HarmonyParseError, isBlank, readHeader, recoverHeader, type ParsedHeader } from "./header";
import { isStopToken, SPECIAL_TOKENS, specialTokenName, type SpecialTokenName } from "./tokens";
import { Utf8Joiner, type HarmonyToken } from "./utf8";

/**
 * Why a message ended: its stop token, the end of input, or (lenient) `interrupted` when a
 * `<|start|>` or `<|channel|>` arrived inside it, which only a new message can mean.
 */
export type EndReason = "end" | "call" | "return" | "eos" | "interrupted";

export interface ParsedMessage extends ParsedHeader {
  content: string;
  end: EndReason;
  /** The header as read (special tokens spelled), for logs and the "no text lost" check. */
  headerText: string;
  /** The header never reached `<|message|>`: `content` is what was left of the header. */
  recovered?: true;
  /** What the lenient parser worked around, in words; absent when the message was well formed. */
  problems?: string[];
}

export type HarmonyEvent =
  | { type: "message-start"; header: ParsedHeader }
  | { type: "content-delta"; text: string }
  | { type: "message-end"; message: ParsedMessage };

export interface ParserOptions {
  /** Role of a message whose `<|start|>ROLE` came before the input; null: input starts with `<|start|>`. */
  role?: Role | null;
  /** Throw on malformed input like the reference does by default. Default false (lenient). */
  strict?: boolean;
}

type State = "expect-start" | "header" | "content";

const NO_EVENTS: readonly HarmonyEvent[] = Object.freeze([]);

export class HarmonyStreamParser {
  readonly messages: ParsedMessage[] = [];
  private readonly strict: boolean;
  private readonly joiner = new Utf8Joiner();
  private state: State = "expect-start";
  private headerText = "";
  private headerRole: Role | undefined;
  private headerImplicit = false;
  private header: ParsedHeader | undefined;
  private headerProblems: string[] = [];
  private content = "";
  private events: HarmonyEvent[] = [];

  constructor(options: ParserOptions = {}) {
    this.strict = options.strict ?? false;
    if (options.role) this.beginHeader(options.role, false, "");
  }

  /** Feeds one token; returns the events it caused (often none or one delta). */
  push(token: HarmonyToken): readonly HarmonyEvent[] {
    this.events = [];
    const special = specialTokenName(token.id);
    if (special === undefined) {
      this.onText(this.joiner.take(token));
    } else {
      this.onText(this.joiner.flush());
      this.onSpecial(special, token.id);
    }
    return this.events.length ? this.events : NO_EVENTS;
  }

  /** The input ended: closes an open message (strict: a header with no `<|message|>` is an error). */
  end(): readonly HarmonyEvent[] {
    this.events = [];
    this.onText(this.joiner.flush());
    if (this.state === "header") {
      if (this.strict) throw new HarmonyParseError("Unexpected EOS while waiting for message header to complete");
      this.recover("eos");
    } else if (this.state === "content") {
      this.endMessage("eos");
    }
    return this.events.length ? this.events : NO_EVENTS;
  }

  /**
   * The prompt fed so far ended here, and generation starts. A header that holds just a role
   * (`<|start|>assistant`, as every completion prompt ends) has that role for sure: what the model
   * writes next is not more of the role's name. Without this, a reply with no header
   * ("Hello.<|return|>") read as the header "assistantHello." and showed "assistant" glued to its text.
   */
  promptEnded(): void {
    this.onText(this.joiner.flush());
    if (this.state !== "header" || this.headerRole !== undefined || this.headerImplicit) return;
    const role = this.headerText.trim();
    if (isRole(role)) {
      this.headerRole = role;
      this.headerText = "";
    }
  }

  /** The message being read, once its header is complete. */
  get current(): { header: ParsedHeader; content: string } | undefined {
    return this.state === "content" && this.header ? { header: this.header, content: this.content } : undefined;
  }

  private onText(text: string): void {
    if (text === "") return;
    switch (this.state) {
      case "expect-start":
        if (this.strict) throw new HarmonyParseError(`Unexpected text ${JSON.stringify(text)} while expecting start token`);
        this.beginHeader(undefined, true, text);
        return;
      case "header":
        this.headerText += text;
        return;
      case "content":
        this.content += text;
        this.events.push({ type: "content-delta", text });
        return;
      default:
        this.state satisfies never;
    }
  }

  private onSpecial(name: SpecialTokenName, id: number): void {
    if (this.strict) return this.onSpecialStrict(name, id);
    const spelling = SPECIAL_TOKENS[name].text;
    switch (this.state) {
      case "expect-start":
        // Stop tokens and document markers outside a message carry nothing to keep.
        if (name === "start") this.beginHeader(undefined, false, "");
        else if (name === "channel" || name === "constrain") this.beginHeader(undefined, true, spelling);
        else if (name === "message") {
          this.beginHeader(undefined, true, "");
          this.completeHeader();
        }
        return;
      case "header":
        if (name === "message") this.completeHeader();
        else if (isStopToken(name)) this.recover(name);
        else if (name === "start") {
          this.recover("interrupted");
          this.beginHeader(undefined, false, "");
        } else if (name === "endoftext") this.recover("eos");
        else if (name === "channel" || name === "constrain") this.headerText += spelling;
        return;
      case "content":
        if (isStopToken(name)) this.endMessage(name);
        else if (name === "start") {
          this.endMessage("interrupted");
          this.beginHeader(undefined, false, "");
        } else if (name === "channel") {
          // The model began another message without closing this one: same author, new header.
          const role = this.header?.role;
          this.endMessage("interrupted");
          this.beginHeader(role, false, spelling);
        } else if (name === "endoftext") this.endMessage("eos");
        else this.onText(spelling);
        return;
      default:
        this.state satisfies never;
    }
  }

  /** The reference: `<|start|>` opens, `<|message|>` ends the header, stop tokens end content; every other token is text. */
  private onSpecialStrict(name: SpecialTokenName, id: number): void {
    switch (this.state) {
      case "expect-start":
        if (name !== "start") {
          throw new HarmonyParseError(`Unexpected token ${id} while expecting start token ${SPECIAL_TOKENS.start.id}`);
        }
        this.beginHeader(undefined, false, "");
        return;
      case "header":
        if (name === "message") this.completeHeader();
        else this.headerText += SPECIAL_TOKENS[name].text;
        return;
      case "content":
        if (isStopToken(name)) this.endMessage(name);
        else this.onText(SPECIAL_TOKENS[name].text);
        return;
      default:
        this.state satisfies never;
    }
  }

  private beginHeader(role: Role | undefined, implicit: boolean, text: string): void {
    this.state = "header";
    this.headerRole = role;
    this.headerImplicit = implicit;
    this.headerText = text;
    this.headerProblems = implicit ? ["no <|start|> before this message"] : [];
  }

  private completeHeader(): void {
    const { header, problems } = readHeader(this.headerText, this.headerRole, this.strict, this.headerImplicit);
    this.headerProblems.push(...problems);
    this.header = header;
    this.content = "";
    this.state = "content";
    this.events.push({ type: "message-start", header });
  }

  private endMessage(end: EndReason): void {
    const message = messageOf(this.header!, this.content, end, this.headerText);
    if (end === "interrupted") this.headerProblems.push("message interrupted by a new header");
    if (this.headerProblems.length) message.problems = this.headerProblems;
    this.finish(message);
  }

  /** Lenient only: a header that never reached `<|message|>` becomes a message of its own text. */
  private recover(end: EndReason): void {
    if (isBlank(this.headerText)) {
      this.state = "expect-start";
      return;
    }
    const { header, content, problems } = recoverHeader(this.headerText, this.headerRole);
    this.events.push({ type: "message-start", header });
    if (content) this.events.push({ type: "content-delta", text: content });
    const reason = end === "eos" || end === "interrupted" ? "the end of input" : SPECIAL_TOKENS[end].text;
    const message = messageOf(header, content, end, this.headerText);
    message.recovered = true;
    message.problems = this.headerProblems.concat(`header cut short by ${end === "interrupted" ? "<|start|>" : reason}`, problems);
    this.finish(message);
  }

  private finish(message: ParsedMessage): void {
    this.messages.push(message);
    this.events.push({ type: "message-end", message });
    this.state = "expect-start";
    this.header = undefined;
    this.content = "";
    this.headerText = "";
  }
}

/** Builds the message field by field: spreading headers of varying shapes is slow in V8. */
function messageOf(header: ParsedHeader, content: string, end: EndReason, headerText: string): ParsedMessage {
  const message: ParsedMessage = { role: header.role, content, end, headerText };
  if (header.name !== undefined) message.name = header.name;
  if (header.recipient !== undefined) message.recipient = header.recipient;
  if (header.channel !== undefined) message.channel = header.channel;
  if (header.contentType !== undefined) message.contentType = header.contentType;
  return message;
}

/** Parses a whole token sequence to messages (the reference's `parse_messages_from_completion_tokens`). */
export function parseTokens(tokens: Iterable<HarmonyToken>, options: ParserOptions = {}): ParsedMessage[] {
  const parser = new HarmonyStreamParser(options);
  for (const token of tokens) parser.push(token);
  parser.end();
  return parser.messages;
}
