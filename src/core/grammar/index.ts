// core/grammar: tool-argument grammars. A JSON Schema becomes llama.cpp GBNF whose language is one
// compact JSON value (optional properties optional, integers exact, strings bounded and free of
// `<|`), and a cheap test tells when the generated text is that complete value.
export { isCompleteJsonValue, JsonValueScanner } from "./completeJson";
export { ImpossibleSchemaError, UnsupportedSchemaError } from "./errors";
export { jsonSchemaToGbnf, type GbnfOptions, type GbnfResult } from "./jsonSchemaToGbnf";
