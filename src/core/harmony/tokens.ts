// The special tokens of o200k_harmony that harmony uses, in one place. Each is a single token
// in the model's vocabulary: it is sent and recognised by id, never by tokenizing its spelling
// (the spelling "<|start|>" typed as text is seven ordinary tokens and means nothing to the model).

export const SPECIAL_TOKENS = {
  startoftext: { id: 199998, text: "<|startoftext|>" },
  endoftext: { id: 199999, text: "<|endoftext|>" },
  return: { id: 200002, text: "<|return|>" },
  constrain: { id: 200003, text: "<|constrain|>" },
  channel: { id: 200005, text: "<|channel|>" },
  start: { id: 200006, text: "<|start|>" },
  end: { id: 200007, text: "<|end|>" },
  message: { id: 200008, text: "<|message|>" },
  call: { id: 200012, text: "<|call|>" },
  endofprompt: { id: 200018, text: "<|endofprompt|>" },
} as const;

export type SpecialTokenName = keyof typeof SPECIAL_TOKENS;

/** o200k_harmony: every id from here up is a special or reserved token, never ordinary text. */
export const FIRST_SPECIAL_ID = SPECIAL_TOKENS.startoftext.id;

export const SPECIAL_TOKEN_NAMES = Object.keys(SPECIAL_TOKENS) as SpecialTokenName[];

const nameById = new Map<number, SpecialTokenName>(
  SPECIAL_TOKEN_NAMES.map((name) => [SPECIAL_TOKENS[name].id, name]),
);
const nameBySpelling = new Map<string, SpecialTokenName>(
  SPECIAL_TOKEN_NAMES.map((name) => [SPECIAL_TOKENS[name].text, name]),
);

/** The special token with this id, or undefined for an ordinary (text) token. */
export function specialTokenName(id: number): SpecialTokenName | undefined {
  return nameById.get(id);
}

/** The special token spelled exactly `text`, or undefined. */
export function specialTokenBySpelling(text: string): SpecialTokenName | undefined {
  return nameBySpelling.get(text);
}

/** The tokens that end a message: `<|end|>` closes it, `<|call|>` and `<|return|>` also end the turn. */
export const STOP_TOKENS = ["end", "call", "return"] as const satisfies readonly SpecialTokenName[];
export type StopTokenName = (typeof STOP_TOKENS)[number];

export function isStopToken(name: SpecialTokenName | undefined): name is StopTokenName {
  return name === "end" || name === "call" || name === "return";
}

/** Matches any special token's spelling, for splitting text that spells them out. */
export const SPECIAL_SPELLING_PATTERN = new RegExp(
  SPECIAL_TOKEN_NAMES.map((name) => SPECIAL_TOKENS[name].text.replace(/[|]/g, "\\|")).join("|"),
  "g",
);
