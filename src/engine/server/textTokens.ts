// Token counts for the server backend, computed here: the agent budgets the context window
// synchronously between steps, and a round trip to the server's /tokenize for each count would
// stall it. gpt-oss's o200k_harmony reads ordinary text exactly as o200k_base does (asserted in
// test/engine/tiny-model.test.ts), so gpt-tokenizer's o200k_base gives the model's own counts.
import { splitSpecialSpellings } from "../safeTokenizer";

type Encode = (text: string) => number[];
let encode: Encode | undefined;

/** Ordinary text as o200k tokens; special-token spellings stay text, as the local engine reads them. */
export function textTokens(text: string): number[] {
  if (text === "") return [];
  // Loaded on first use: its ranks are megabytes of data the local backend never needs.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  encode ??= (require("gpt-tokenizer/encoding/o200k_base") as { encode: Encode }).encode;
  const out: number[] = [];
  for (const piece of splitSpecialSpellings(text)) if (piece !== "") for (const token of encode(piece)) out.push(token);
  return out;
}
