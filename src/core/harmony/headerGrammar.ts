// The header constraint (headerConstraint.ts) as a llama.cpp GBNF grammar, for a server that
// samples for us (llama-server): the same valid headers (validHeaders), picked up from wherever a
// tracker stands. Special tokens are token terms by id (`<[200005]>`), so only the real token
// matches, never its spelling in ordinary text. Content is free except that it cannot hold a
// special token or anything spelled like one (`<|word|>`): a server streams text, so a spelled-out
// `<|end|>` would read as the real one. A message with a recipient ends the turn (the server's end
// token, `<|call|>`); any other ends the turn or is followed by `<|end|><|start|>assistant` and
// another header. Where the grammar is complete, llama.cpp allows only end-of-generation tokens.
import { HEADER_ROLE, headerMarkName, validHeaders, type HeaderPosition, type HeaderRules } from "./headerConstraint";
import { SPECIAL_TOKENS, type SpecialTokenName } from "./tokens";

/**
 * Content as a small automaton over characters, every state accepting: c1 after `<`, c2 after
 * `<|`, c3 inside `<|word`, c4 after `<|word|` (where `>` is refused). Right recursion keeps
 * llama.cpp's stacks flat.
 */
const CONTENT_RULES = [
  `c0 ::= ( [^<] c0 | "<" c1 )?`,
  `c1 ::= ( "<" c1 | "|" c2 | [^<|] c0 )?`,
  `c2 ::= ( [a-z0-9_] c3 | "<" c1 | [^a-z0-9_<] c0 )?`,
  `c3 ::= ( [a-z0-9_] c3 | "|" c4 | "<" c1 | [^a-z0-9_|<] c0 )?`,
  `c4 ::= ( "<" c1 | [^<>] c0 )?`,
];

function token(name: SpecialTokenName): string {
  return `<[${SPECIAL_TOKENS[name].id}]>`;
}

function literal(text: string): string {
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** A run of a validHeaders string (marks for special tokens) as grammar terms. */
function terms(run: string): string {
  const out: string[] = [];
  let text = "";
  for (const char of run) {
    const name = headerMarkName(char);
    if (name === undefined) {
      text += char;
      continue;
    }
    if (text !== "") out.push(literal(text));
    text = "";
    out.push(token(name));
  }
  if (text !== "") out.push(literal(text));
  return out.join(" ");
}

interface Entry {
  /** What is left of a valid header. */
  rest: string;
  /** The rule its content follows. */
  body: "plain" | "call";
}

/** Header rests as a trie (shared prefixes written once, so llama.cpp follows few stacks). */
function trie(entries: readonly Entry[]): string {
  const done = entries.filter((e) => e.rest === "");
  const open = entries.filter((e) => e.rest !== "");
  const alternatives: string[] = [...new Set(done.map((e) => e.body))];
  const groups = new Map<string, Entry[]>();
  for (const entry of open) {
    // By code point: a name outside the BMP must not be split into halves of a surrogate pair.
    const first = String.fromCodePoint(entry.rest.codePointAt(0)!);
    groups.set(first, [...(groups.get(first) ?? []), entry]);
  }
  for (const group of groups.values()) {
    let shared = group[0]!.rest;
    for (const { rest } of group) while (!rest.startsWith(shared)) shared = [...shared].slice(0, -1).join("");
    alternatives.push(`${terms(shared)} ${trie(group.map((e) => ({ rest: e.rest.slice(shared.length), body: e.body })))}`);
  }
  return alternatives.length === 1 ? alternatives[0]! : `( ${alternatives.join(" | ")} )`;
}

function entriesOf(headers: readonly string[]): Entry[] {
  return headers.map((rest) => ({ rest, body: rest.includes(" to=") ? "call" : "plain" }));
}

/**
 * A grammar that keeps every header from `position` on valid, or undefined where the tracker
 * stands outside the structure (after a break a script may write; unconstrained there, as locally).
 */
export function headerGrammar(rules: HeaderRules, position: HeaderPosition): string | undefined {
  let root: string;
  switch (position.phase) {
    case "role":
      root = `${literal(position.rest)} header`;
      break;
    case "header":
      if (position.rests.length === 0) return undefined;
      root = trie(entriesOf(position.rests));
      break;
    case "content":
      root = position.recipient ? "call" : "plain";
      break;
    case "after-end":
      root = "message";
      break;
    default:
      return undefined;
  }
  return [
    `root ::= ${root}`,
    `message ::= ${token("start")} ${literal(HEADER_ROLE)} header`,
    `header ::= ${trie(entriesOf(validHeaders(rules)))}`,
    `plain ::= c0 ( ${token("end")} message )?`,
    `call ::= c0`,
    ...CONTENT_RULES,
    "",
  ].join("\n");
}
