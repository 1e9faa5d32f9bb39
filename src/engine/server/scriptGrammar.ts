// Scripted output (the testing aid) on a server: the local engine forces a script's tokens with a
// token bias; a server takes no per-token bias, so the response becomes a GBNF grammar that
// matches exactly its text, special tokens by id (`<[200005]>`). The server still generates every
// token itself; it just has no other choice. The trailing end token is left out: once the grammar
// is complete llama.cpp allows only end tokens, and the recipient rule tells `<|call|>` from
// `<|return|>`.
import { SPECIAL_TOKENS } from "../../core/harmony/index";
import { SpecialTextSplitter } from "./specialText";

const ENDINGS = [SPECIAL_TOKENS.return.text, SPECIAL_TOKENS.call.text];

export function scriptGrammar(response: string): string {
  let text = response;
  for (const ending of ENDINGS) if (text.endsWith(ending)) text = text.slice(0, -ending.length);
  const splitter = new SpecialTextSplitter();
  const pieces = [...splitter.push(text), ...splitter.flush()];
  const parts = pieces.map((piece) => {
    const special = Object.values(SPECIAL_TOKENS).find((token) => token.text === piece);
    return special ? `<[${special.id}]>` : literal(piece);
  });
  return `root ::= ${parts.length ? parts.join(" ") : '""'}\n`;
}

function literal(text: string): string {
  return `"${text.replace(/[\\"\n\r\t]/g, (c) => ({ "\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t" })[c]!)}"`;
}
