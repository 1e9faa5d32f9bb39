// Grammars for tool arguments: when the model opens `to=functions.X <|constrain|>json<|message|>`,
// the arguments are generated under a GBNF grammar made from tool X's JSON Schema by
// core/grammar (optional properties optional, exact integer ranges, bounded strings that cannot
// hold `<|`). Grammars are built once per schema and kept for the engine's lifetime.
import type { Llama, LlamaGrammar } from "node-llama-cpp" with { "resolution-mode": "import" };
import type { Conversation, ParsedHeader, ParsedMessage } from "../core/harmony/index";
import { FUNCTIONS_NAMESPACE, SPECIAL_TOKENS } from "../core/harmony/index";
import { jsonSchemaToGbnf } from "../core/grammar/index";
import { errorText } from "./errors";
import type { ToolCall } from "../core/agent/types";

const FUNCTION_PREFIX = `${FUNCTIONS_NAMESPACE}.`;
/** A function without parameters is called with `{}`. */
const NO_PARAMETERS = { type: "object", properties: {}, additionalProperties: false } as const;
/** For a function the conversation does not declare: any JSON value (zod will reject it later). */
const ANY_JSON = {} as const;

/** The function name when a header opens JSON arguments for `functions.NAME`, else undefined. */
export function jsonToolCallName(header: ParsedHeader): string | undefined {
  const recipient = header.recipient;
  if (!recipient?.startsWith(FUNCTION_PREFIX) || recipient.length === FUNCTION_PREFIX.length) return undefined;
  const type = header.contentType?.replace(SPECIAL_TOKENS.constrain.text, "").trim().toLowerCase();
  return type === "json" ? recipient.slice(FUNCTION_PREFIX.length) : undefined;
}

/** The tool call a message ended with `<|call|>` makes, or undefined for any other message. */
export function toolCallOf(message: ParsedMessage, constrained: boolean): ToolCall | undefined {
  if (message.end !== "call" || message.recipient === undefined) return undefined;
  const call: ToolCall = {
    recipient: message.recipient,
    name: message.recipient.replace(/^functions\./, ""),
    arguments: message.content,
    constrained,
  };
  if (message.channel !== undefined) call.channel = message.channel;
  if (message.contentType !== undefined) call.contentType = message.contentType;
  return call;
}

/** Parameter schemas of the `functions` tools the conversation's developer message declares. */
export function toolSchemasOf(conversation: Conversation): Map<string, unknown> {
  const schemas = new Map<string, unknown>();
  for (const message of conversation) {
    const content = message.content;
    if (typeof content === "string" || content.type !== "developer") continue;
    for (const namespace of content.tools ?? []) {
      if (namespace.name !== FUNCTIONS_NAMESPACE) continue;
      for (const tool of namespace.tools) schemas.set(tool.name, tool.parameters ?? NO_PARAMETERS);
    }
  }
  return schemas;
}

export interface ToolGrammar {
  grammar: LlamaGrammar;
  /** What the grammar does not enforce or why it fell back to "any JSON": worth a log line. */
  warnings: string[];
  /** Set once the warnings went out (they are reported once per engine, not per call). */
  reported: boolean;
}

export class ToolGrammarCache {
  private readonly grammars = new Map<string, Promise<ToolGrammar>>();

  constructor(private readonly llama: Llama) {}

  /** The grammar for a tool's parameter schema (undefined: the tool is unknown, any JSON value). */
  get(name: string, schema: unknown): Promise<ToolGrammar> {
    const key = `${name}\n${JSON.stringify(schema ?? null)}`;
    let grammar = this.grammars.get(key);
    if (!grammar) {
      grammar = this.build(name, schema);
      this.grammars.set(key, grammar);
      grammar.catch(() => this.grammars.delete(key));
    }
    return grammar;
  }

  private async build(name: string, schema: unknown): Promise<ToolGrammar> {
    const warnings: string[] = [];
    let gbnf: string;
    if (schema === undefined) {
      warnings.push(`functions.${name} is not a declared tool: its arguments are constrained to any JSON value.`);
      gbnf = jsonSchemaToGbnf(ANY_JSON).grammar;
    } else {
      try {
        const result = jsonSchemaToGbnf(schema);
        gbnf = result.grammar;
        for (const warning of result.warnings) warnings.push(`functions.${name}: not enforced by the grammar: ${warning}`);
      } catch (error) {
        warnings.push(`functions.${name}: its schema cannot become a grammar (${errorText(error)}); arguments are constrained to any JSON value.`);
        gbnf = jsonSchemaToGbnf(ANY_JSON).grammar;
      }
    }
    return { grammar: await this.llama.createGrammar({ grammar: gbnf }), warnings, reported: warnings.length === 0 };
  }
}
