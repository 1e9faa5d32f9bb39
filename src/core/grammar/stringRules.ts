// JSON strings in GBNF that can never contain `<|`.
//
// Every harmony special token (`<|end|>`, `<|call|>`, `<|reserved_200017|>`, ...) starts with `<|`,
// and llama.cpp matches a token against the grammar by its text: a string rule that allows any
// character lets the model "write" a special token inside a value. So a raw `<` may not be
// followed by `|`. That is a two-state language (after `<` / not after `<`), written here as
// right-recursive rule pairs:
//
//   sa ::= ( char sa | "<" sb )?        # last character was not `<`
//   sb ::= ( char-nb sa | "<" sb )?     # last character was `<`: anything but `|` or end
//
// Trade-off: `a < b`, `<div>`, `Array<string>`, `a <= b`, `x || y` and even `<` at the end of
// a value all stay writable; only the two-character sequence `<|` is refused. A value that
// really needs it can still say so with an escape (`\u003c|`), which is not a special token.
//
// Lengths count Unicode code points, as JSON Schema and zod (4.6) do: one raw character, one
// escape, or one escaped surrogate pair (`\ud83d\ude00`) is one unit. Lone surrogate escapes are
// refused (they are not text). Raw control characters are refused, as JSON requires; DEL too.
import type { RuleSet } from "./gbnf";

/** llama.cpp refuses repetitions above 2,000 (it drops the bound); ours follow the same limit. */
export const MAX_EXACT_STRING_LENGTH = 2000;

const HEX = "[0-9a-fA-F]";
/**
 * `\uXXXX` outside the surrogates, or a high+low surrogate pair (one code point). One
 * alternative at the top, so llama.cpp follows a single stack for it until a `\` arrives.
 */
const ESCAPE = `"\\\\" ( ["\\\\/bfnrt] | "u" ( [0-9a-cA-CeEfF] ${HEX}{3} | [dD] ( [0-7] ${HEX}{2} | [89abAB] ${HEX}{2} "\\\\u" [dD] [c-fC-F] ${HEX}{2} ) ) )`;
/**
 * Raw characters: not `"`, `\`, `<` (handled apart), controls, DEL, U+0FFF, or beyond U+10FFFF.
 * The last two work around llama.cpp's lenient UTF-8 decoding of byte tokens, which let a
 * random model assemble invalid sequences that detokenize to several U+FFFD (breaking the
 * length bound). llama.cpp refuses a token ending in an incomplete character when any
 * completion of it could be an excluded character, so excluding the unassigned U+0FFF refuses a
 * lone E0 lead byte (the start of the overlong E0 80..9F forms; it costs the rare characters of
 * U+0800-U+0FFF whose tokenization starts with a lone E0), and excluding beyond U+10FFFF
 * refuses the F5-FF lead bytes and a lone F4. Not closed, on purpose: encoded surrogates
 * (ED A0..BF) and overlong F0 80..8F, because refusing a lone ED or F0 would also refuse
 * ordinary text whose tokenization starts with one (Korean 훨, CJK Extension B). Only random
 * weights produce those sequences; zod still checks the result.
 */
const RAW = '^"\\\\<\\x00-\\x1F\\x7F\\u0FFF\\U00110000-\\UFFFFFFFF';

export interface StringBounds {
  minLength: number;
  /** Undefined: no upper bound. */
  maxLength: number | undefined;
}

/** Defines the rules for a JSON string (quotes included) with these bounds; returns its rule name. */
export function stringRule(rules: RuleSet, bounds: StringBounds): string {
  const { minLength, maxLength } = bounds;
  if (maxLength !== undefined && maxLength < minLength) throw new RangeError(`minLength ${minLength} > maxLength ${maxLength}`);
  if (maxLength === 0) return rules.add("empty-string", '"\\"\\""');
  const { char, charNb } = charRules(rules);

  // Built bottom-up (each level refers to the one below), so a bound of N costs 2N rules.
  /** Rule for "up to `optional` more characters", starting after `<` (b) or not (a); "" if none. */
  const optionalTail = (afterLt: boolean, optional: number | undefined): string => {
    if (optional === undefined) return unboundedTail(rules, afterLt);
    let a = "";
    let b = "";
    for (let k = 1; k <= optional; k++) {
      const nextA = rules.add(`sa${k}`, `( ${alternatives(char, a, b)} )?`);
      const nextB = rules.add(`sb${k}`, `( ${alternatives(charNb, a, b)} )?`);
      a = nextA;
      b = nextB;
    }
    return afterLt ? b : a;
  };
  /** Rule for exactly `required` characters, then the optional tail. */
  const requiredRun = (required: number, optional: number | undefined): string => {
    let a = optionalTail(false, optional);
    let b = optionalTail(true, optional);
    for (let r = 1; r <= required; r++) {
      const suffix = `${r}-${optional ?? "n"}`;
      const nextA = rules.add(`sa${suffix}`, alternatives(char, a, b));
      const nextB = r === required ? "" : rules.add(`sb${suffix}`, alternatives(charNb, a, b));
      a = nextA;
      b = nextB;
    }
    return a;
  };
  const optional = maxLength === undefined ? undefined : maxLength - minLength;
  const body = requiredRun(minLength, optional);
  const hint = maxLength === undefined ? (minLength ? `string-min${minLength}` : "string") : `string${minLength ? `-${minLength}` : ""}-max${maxLength}`;
  return rules.add(hint, `"\\"" ${body ? `${body} ` : ""}"\\""`);
}

/** One unit of a string value: a raw character or an escape; `char-nb` also refuses `|`. */
function charRules(rules: RuleSet): { char: string; charNb: string } {
  const esc = rules.add("esc", ESCAPE);
  return { char: rules.add("char", `[${RAW}] | ${esc}`), charNb: rules.add("char-nb", `[${RAW}|] | ${esc}`) };
}

const unboundedTails = new WeakMap<RuleSet, { a: string; b: string }>();

function unboundedTail(rules: RuleSet, afterLt: boolean): string {
  let pair = unboundedTails.get(rules);
  if (!pair) {
    const { char, charNb } = charRules(rules);
    // Mutually recursive: reserve both names before writing either body.
    pair = { a: rules.reserve("sa"), b: rules.reserve("sb") };
    rules.define(pair.a, `( ${char} ${pair.a} | "<" ${pair.b} )?`);
    rules.define(pair.b, `( ${charNb} ${pair.a} | "<" ${pair.b} )?`);
    unboundedTails.set(rules, pair);
  }
  return afterLt ? pair.b : pair.a;
}

/** `next-char nextA | "<" nextB`, leaving out empty continuations. */
function alternatives(nextChar: string, afterChar: string, afterLt: string): string {
  return `${nextChar}${afterChar ? ` ${afterChar}` : ""} | "<"${afterLt ? ` ${afterLt}` : ""}`;
}
