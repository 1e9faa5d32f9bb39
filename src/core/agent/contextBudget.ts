// Keeping the conversation inside the context window. Before each step the rendered
// conversation must leave `reserveTokens` free for the model's reply; when it does not, older
// content goes, least useful first:
//   1. old tool results (the model can call the tool again), oldest first;
//   2. the reasoning of earlier turns (the answers it led to stay);
//   3. whole earlier turns, oldest first;
//   4. earlier steps of this turn (a call with its result, and the reasoning before it).
// Never touched: system and developer messages, the user's current message, and the latest step
// (the call and result the model is about to read). Trimming goes a little below the limit so
// that the next steps do not trim again at once: each trim changes early tokens, and everything
// after them must be evaluated again.
import type { Conversation, Message } from "../harmony/index";
import { lastUserIndex } from "./transcript";

/** What an old tool result becomes. */
export const REMOVED_RESULT = "[result removed to fit the context window; call the tool again if needed]";

/** Trim this share of the budget more than needed (see above). */
const TRIM_SLACK = 1 / 8;

/** Default room for the reply: a quarter of the window, at least 1,024 tokens, never more than half. */
export function defaultReserveTokens(contextSize: number): number {
  return Math.min(Math.max(1024, Math.floor(contextSize / 4)), Math.floor(contextSize / 2));
}

export interface Trim {
  /** For the user: what went. */
  detail: string;
  tokensBefore: number;
  tokensAfter: number;
}

export type FitResult =
  /** `trim` is set when something was removed; `conversation` is then a new array. */
  | { fits: true; conversation: Conversation; tokens: number; trim?: Trim }
  /** Even with everything removable removed; `conversation` is the input, untouched. */
  | { fits: false; conversation: Conversation; tokens: number; smallest: number };

/** Fits `conversation` into `budget` tokens, as measured by `countTokens`. Never mutates the input. */
export function fitContext(conversation: Conversation, budget: number, countTokens: (conversation: Conversation) => number): FitResult {
  const before = countTokens(conversation);
  if (before <= budget) return { fits: true, conversation, tokens: before };

  const target = Math.floor(budget * (1 - TRIM_SLACK));
  const working: Array<Message | undefined> = [...conversation];
  const current = (): Conversation => working.filter((m): m is Message => m !== undefined);
  let tokens = before;
  const done = () => tokens <= target;
  const counts = { results: 0, reasoning: 0, turns: 0, steps: 0 };

  const { earlierTurns, earlierSteps, protectedFrom } = structureOf(conversation);

  // 1. Old tool results, oldest first.
  for (let i = 0; i < protectedFrom && !done(); i++) {
    const message = working[i];
    if (message?.role !== "tool" || message.content === REMOVED_RESULT) continue;
    working[i] = { ...message, content: REMOVED_RESULT };
    counts.results++;
    tokens = countTokens(current());
  }
  // 2. Reasoning of earlier turns, oldest turn first.
  for (const turn of earlierTurns) {
    if (done()) break;
    const analysis = turn.filter((i) => working[i]?.channel === "analysis" && working[i]?.role === "assistant");
    if (analysis.length === 0) continue;
    for (const i of analysis) working[i] = undefined;
    counts.reasoning++;
    tokens = countTokens(current());
  }
  // 3. Whole earlier turns, 4. earlier steps of this turn: oldest first.
  for (const [group, key] of [...earlierTurns.map((g) => [g, "turns"] as const), ...earlierSteps.map((g) => [g, "steps"] as const)]) {
    if (done()) break;
    if (group.every((i) => working[i] === undefined)) continue;
    for (const i of group) working[i] = undefined;
    counts[key]++;
    tokens = countTokens(current());
  }

  if (tokens > budget) return { fits: false, conversation, tokens: before, smallest: tokens };
  return { fits: true, conversation: current(), tokens, trim: { detail: trimDetail(counts, before, tokens), tokensBefore: before, tokensAfter: tokens } };
}

interface Structure {
  /** Indices of each earlier turn (a user message and what followed it; system/developer excluded), oldest first. */
  earlierTurns: number[][];
  /** Indices of each earlier step of the current turn (messages up to and including a tool result), oldest first. */
  earlierSteps: number[][];
  /** Where the untouchable tail (the latest step) begins. */
  protectedFrom: number;
}

function structureOf(conversation: Conversation): Structure {
  const lastUser = lastUserIndex(conversation);
  const isFixed = (m: Message) => m.role === "system" || m.role === "developer";

  const earlierTurns: number[][] = [];
  let turn: number[] | undefined;
  for (let i = 0; i < Math.max(lastUser, 0); i++) {
    const message = conversation[i]!;
    if (message.role === "user") earlierTurns.push((turn = []));
    // Messages before the first user message (other than system/developer) belong to no turn: kept.
    if (turn && !isFixed(message)) turn.push(i);
  }

  // This turn's steps end at each tool result; the last one (or the unfinished rest) is protected.
  const steps: number[][] = [];
  let step: number[] = [];
  for (let i = lastUser + 1; i < conversation.length; i++) {
    if (isFixed(conversation[i]!)) continue;
    step.push(i);
    if (conversation[i]!.role === "tool") {
      steps.push(step);
      step = [];
    }
  }
  if (step.length > 0) steps.push(step);
  const latest = steps.pop();
  const protectedFrom = latest?.[0] ?? conversation.length;
  return { earlierTurns, earlierSteps: steps, protectedFrom };
}

function trimDetail(counts: { results: number; reasoning: number; turns: number; steps: number }, before: number, after: number): string {
  const parts: string[] = [];
  const n = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;
  if (counts.results) parts.push(n(counts.results, "old tool result", "old tool results"));
  if (counts.reasoning) parts.push(`the reasoning of ${n(counts.reasoning, "earlier turn", "earlier turns")}`);
  if (counts.turns) parts.push(n(counts.turns, "earlier exchange", "earlier exchanges"));
  if (counts.steps) parts.push(n(counts.steps, "earlier tool step of this request", "earlier tool steps of this request"));
  const list = parts.length > 1 ? `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}` : (parts[0] ?? "nothing");
  const format = (value: number) => value.toLocaleString("en-US");
  return `Removed ${list} to fit the context window (${format(before)} → ${format(after)} tokens).`;
}
