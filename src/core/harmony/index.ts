// core/harmony: render a conversation to harmony exactly as openai/harmony v0.0.8 does, and
// parse a token stream back into messages. Pure TypeScript: the tokenizer is injected.
export * from "./builtinTools";
export * from "./conversation";
export { HarmonyParseError, type ParsedHeader } from "./header";
export { HarmonyStreamParser, parseTokens, type EndReason, type HarmonyEvent, type ParsedMessage, type ParserOptions } from "./parser";
export {
  conversationHasFunctionTools,
  HarmonyRenderError,
  messagesToRender,
  PRODUCT_RENDER_CONFIG,
  renderConversation,
  renderConversationForCompletion,
  renderMessage,
  type RenderConfig,
} from "./render";
export { sampleConversation, sampleTranscript } from "./sample";
export { jsonSchemaToTypescript } from "./schemaToTypescript";
export { segmentsToText, segmentsToTokens, textToSegments, type Segment, type TextTokenizer } from "./segments";
export * from "./tokens";
export type { HarmonyToken } from "./utf8";
export {
  DEFAULT_CHANNELS,
  headerRulesOf,
  HeaderTracker,
  validHeaders,
  type HeaderContinuations,
  type HeaderPhase,
  type HeaderPosition,
  type HeaderRules,
} from "./headerConstraint";
export { headerGrammar } from "./headerGrammar";
