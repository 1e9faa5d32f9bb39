// Which continuations keep an assistant header well-formed, followed token by token. The engine
// asks this while sampling and lets through only what keeps the header a valid prefix:
//
//   <|start|>assistant<|channel|>CHANNEL[ to=RECIPIENT][ <|constrain|>json]<|message|>
//
// CHANNEL from the system message's valid channels; RECIPIENT (not on `final`) one this request
// declares (`functions.NAME`), an enabled built-in, or a trained alias we run; `<|constrain|>json`
// only for `functions.*`. After `<|end|>` comes `<|start|>assistant`. Content is free. Text
// only: no tokenizer here (the engine turns the allowed texts into tokens).
import type { Conversation } from "./conversation";
import { FUNCTIONS_NAMESPACE } from "./conversation";
import type { SpecialTokenName } from "./tokens";

export interface HeaderRules {
  channels: readonly string[];
  /** Recipients a header may address (not on the final channel). */
  recipients: readonly string[];
  /** Recipients whose header may add ` <|constrain|>json` (function calls). */
  jsonRecipients: ReadonlySet<string>;
}

export const DEFAULT_CHANNELS = ["analysis", "commentary", "final"] as const;

/**
 * The rules a conversation sets: its system message's channels and built-in tools, its developer
 * message's functions, plus `extraRecipients` (trained aliases of tools it declares).
 */
export function headerRulesOf(conversation: Conversation, extraRecipients: (functions: readonly string[]) => readonly string[] = () => []): HeaderRules {
  let channels: readonly string[] = DEFAULT_CHANNELS;
  const functions: string[] = [];
  const builtIns: string[] = [];
  for (const message of conversation) {
    const content = message.content;
    if (typeof content === "string") continue;
    if (content.type === "system") {
      if (content.channelConfig?.validChannels.length) channels = content.channelConfig.validChannels;
      for (const namespace of content.tools ?? []) {
        if (namespace.tools.length === 0) builtIns.push(namespace.name);
        else for (const tool of namespace.tools) builtIns.push(`${namespace.name}.${tool.name}`);
      }
    } else {
      for (const namespace of content.tools ?? []) {
        if (namespace.name === FUNCTIONS_NAMESPACE) for (const tool of namespace.tools) functions.push(tool.name);
      }
    }
  }
  const json = functions.map((name) => `${FUNCTIONS_NAMESPACE}.${name}`);
  const recipients = [...new Set([...json, ...builtIns, ...extraRecipients(functions)])];
  return { channels, recipients, jsonRecipients: new Set(json) };
}

// Special tokens inside header strings, one private-use character each.
const MARKS = { channel: "\uE000", constrain: "\uE001", message: "\uE002" } as const satisfies Partial<Record<SpecialTokenName, string>>;
const MARK_NAMES = new Map<string, SpecialTokenName>(Object.entries(MARKS).map(([name, mark]) => [mark, name as SpecialTokenName]));
/** The role every header the constraint follows is written for. */
export const HEADER_ROLE = "assistant";

/** The special token a character of a validHeaders string stands for, or undefined for text. */
export function headerMarkName(char: string): SpecialTokenName | undefined {
  return MARK_NAMES.get(char);
}

/** Every valid header after `<|start|>assistant`, special tokens as marks. */
export function validHeaders(rules: HeaderRules): string[] {
  const headers: string[] = [];
  for (const channel of rules.channels) {
    const open = `${MARKS.channel}${channel}`;
    headers.push(`${open}${MARKS.message}`);
    if (channel === "final") continue;
    for (const recipient of rules.recipients) {
      headers.push(`${open} to=${recipient}${MARKS.message}`);
      if (rules.jsonRecipients.has(recipient)) headers.push(`${open} to=${recipient} ${MARKS.constrain}json${MARKS.message}`);
    }
  }
  return headers;
}

export type HeaderPhase = "role" | "header" | "content" | "after-end" | "free";

/** Where a tracker stands, for a grammar that picks up from there (headerGrammar.ts). */
export type HeaderPosition =
  | { phase: "role"; rest: string }
  | { phase: "header"; rests: string[] }
  | { phase: "content"; recipient: boolean }
  | { phase: "after-end" }
  | { phase: "free" };

/** What may come next: special tokens by name and texts (each a whole run of text up to the next special). */
export interface HeaderContinuations {
  specials: SpecialTokenName[];
  texts: string[];
}

export class HeaderTracker {
  private readonly headers: string[];
  phase: HeaderPhase = "free";
  private prefix = "";
  /** In content: the header named a recipient (the message must end with `<|call|>`). */
  recipient = false;

  constructor(readonly rules: HeaderRules) {
    this.headers = validHeaders(rules);
  }

  /** Inside `<|start|>…<|message|>` or right after `<|end|>`: where the constraint applies. */
  get constraining(): boolean {
    return this.phase === "role" || this.phase === "header" || this.phase === "after-end";
  }

  /** The prefix written so far, as text (for tests and messages). */
  get written(): string {
    return [...this.prefix].map((c) => (MARK_NAMES.has(c) ? `<|${MARK_NAMES.get(c)}|>` : c)).join("");
  }

  position(): HeaderPosition {
    switch (this.phase) {
      case "role":
        return { phase: "role", rest: HEADER_ROLE.slice(this.prefix.length) };
      case "header":
        return { phase: "header", rests: this.headers.filter((h) => h.startsWith(this.prefix)).map((h) => h.slice(this.prefix.length)) };
      case "content":
        return { phase: "content", recipient: this.recipient };
      default:
        return { phase: this.phase };
    }
  }

  pushSpecial(name: SpecialTokenName): void {
    if (name === "start") {
      this.phase = "role";
      this.prefix = "";
      return;
    }
    if (this.phase === "header" && name in MARKS) {
      this.extend(MARKS[name as keyof typeof MARKS]);
      return;
    }
    if (name === "end") {
      // Whatever came before (even a broken header), what follows `<|end|>` is a new message.
      this.phase = "after-end";
      return;
    }
    // Anything else breaks the structure (scripted text may): unconstrained until the next <|start|>.
    if (this.phase !== "content") this.phase = "free";
  }

  pushText(text: string): void {
    if (this.phase === "role") {
      const role = this.prefix + text;
      if (role === HEADER_ROLE) {
        this.phase = "header";
        this.prefix = "";
      } else if (HEADER_ROLE.startsWith(role)) this.prefix = role;
      else this.phase = "free";
    } else if (this.phase === "header") this.extend(text);
    else if (this.phase === "after-end") this.phase = "free";
  }

  /** What keeps the header valid; undefined where anything goes (content, or after a break). */
  continuations(): HeaderContinuations | undefined {
    if (this.phase === "role") return { specials: [], texts: [HEADER_ROLE.slice(this.prefix.length)] };
    if (this.phase === "after-end") return { specials: ["start"], texts: [] };
    if (this.phase !== "header") return undefined;
    const specials = new Set<SpecialTokenName>();
    const texts = new Set<string>();
    for (const header of this.headers) {
      if (!header.startsWith(this.prefix)) continue;
      const rest = header.slice(this.prefix.length);
      const mark = headerMarkName(rest[0]!);
      if (mark) specials.add(mark);
      else texts.add(rest.slice(0, [...MARK_NAMES.keys()].reduce((end, m) => (rest.indexOf(m) !== -1 ? Math.min(end, rest.indexOf(m)) : end), rest.length)));
    }
    return { specials: [...specials], texts: [...texts] };
  }

  private extend(piece: string): void {
    const next = this.prefix + piece;
    if (this.headers.includes(next)) {
      this.phase = "content";
      this.recipient = next.includes(" to=");
      this.prefix = "";
    } else if (this.headers.some((header) => header.startsWith(next))) this.prefix = next;
    else this.phase = "free";
  }
}
