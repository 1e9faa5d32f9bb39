// Checks conformance cases (test/fixtures/harmony-conformance/, from openai/harmony v0.0.8's
// tests): render cases compare our text with the reference's expected file, parse cases
// compare our messages with the reference's. Reading the case files from a folder is
// src/node/conformanceFiles.ts; used by `gpt-oss-local conformance` and the tests.
import { harmonyCaseSchema, messageFromCase, parsedToCaseMessage, type CaseMessage, type HarmonyCase, type ParseCase, type RenderCase } from "./caseFile";
import { HarmonyParseError } from "./header";
import { parseTokens, type ParsedMessage } from "./parser";
import { renderConversation, renderConversationForCompletion } from "./render";
import { segmentsToText, textToSegments, type Segment } from "./segments";
import { SPECIAL_TOKENS } from "./tokens";
import type { HarmonyToken } from "./utf8";

export interface CaseResult {
  name: string;
  ok: boolean;
  /** A few lines saying where the output first differs from the expected one. */
  diff?: string;
}

export interface CaseOptions {
  /**
   * Splits a text piece into tokens for parse cases. Default: the whole piece as one token,
   * which the parser reads exactly as the tokens a tokenizer would give (it works on text).
   */
  tokenizeText?: (text: string) => HarmonyToken[];
}

/** Validates one case file's text; throws with the file name and zod's complaint. */
export function parseCase(text: string, file: string): HarmonyCase {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file}: not JSON: ${(error as Error).message}`);
  }
  const parsed = harmonyCaseSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
    throw new Error(`${file}: not a harmony case: ${issues}`);
  }
  return parsed.data;
}

/** The rendered segments of a render case, without the `strip_suffix` the case cuts off. */
export function renderCaseSegments(testCase: RenderCase): Segment[] {
  const conversation = testCase.conversation.map(messageFromCase);
  const config = { autoDropAnalysis: testCase.render.auto_drop_analysis };
  const segments =
    testCase.render.mode === "completion"
      ? renderConversationForCompletion(conversation, testCase.render.next_role ?? "assistant", config)
      : renderConversation(conversation, config);
  const suffix = testCase.render.strip_suffix;
  const last = segments.at(-1);
  if (suffix && last && segmentsToText([last]) === suffix) segments.pop();
  return segments;
}

/** The rendered text of a render case, with `strip_suffix` applied. */
export function renderCaseText(testCase: RenderCase): string {
  const text = segmentsToText(renderCaseSegments(testCase));
  const suffix = testCase.render.strip_suffix;
  return suffix && text.endsWith(suffix) ? text.slice(0, -suffix.length) : text;
}

/** A parse case's input as tokens: special tokens by id, text pieces through `tokenizeText`. */
export function caseInputTokens(input: string, options: CaseOptions = {}): HarmonyToken[] {
  const tokenize = options.tokenizeText ?? ((text: string) => [{ id: -1, text }]);
  return textToSegments(input).flatMap((s: Segment) =>
    s.kind === "special" ? [{ id: SPECIAL_TOKENS[s.name].id, text: SPECIAL_TOKENS[s.name].text }] : tokenize(s.text),
  );
}

/** Parses a parse case's input (throws HarmonyParseError where the reference fails). */
export function parseCaseMessages(testCase: ParseCase, options: CaseOptions = {}): ParsedMessage[] {
  return parseTokens(caseInputTokens(testCase.input_text, options), {
    role: testCase.parse.role,
    strict: testCase.parse.strict,
  });
}

/** Python's `str.rstrip()` / Rust's `trim_end()`, as the reference tests apply to expected files. */
function trimEnd(text: string): string {
  return text.replace(/[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/, "");
}

/** Where two texts first differ, as a line number and a short window of each. */
export function textDiff(expected: string, actual: string): string | undefined {
  if (expected === actual) return undefined;
  let i = 0;
  while (i < expected.length && i < actual.length && expected[i] === actual[i]) i++;
  const line = expected.slice(0, i).split("\n").length;
  const window = (text: string) => JSON.stringify(text.slice(Math.max(0, i - 20), i + 40));
  return [
    `first difference at line ${line}, offset ${i} (expected ${expected.length} chars, got ${actual.length})`,
    `  expected: ${window(expected)}`,
    `  actual:   ${window(actual)}`,
  ].join("\n");
}

const MESSAGE_FIELDS = ["role", "name", "recipient", "channel", "content_type", "content"] as const;

function messagesDiff(expected: CaseMessage[], actual: CaseMessage[]): string | undefined {
  const lines: string[] = [];
  if (expected.length !== actual.length) lines.push(`expected ${expected.length} messages, got ${actual.length}`);
  for (let i = 0; i < Math.min(expected.length, actual.length); i++) {
    for (const field of MESSAGE_FIELDS) {
      const want = expected[i]![field];
      const got = actual[i]![field];
      if (JSON.stringify(want) !== JSON.stringify(got)) {
        lines.push(`message ${i + 1} ${field}: expected ${JSON.stringify(want) ?? "unset"}, got ${JSON.stringify(got) ?? "unset"}`);
      }
    }
  }
  return lines.length ? lines.slice(0, 6).join("\n") : undefined;
}

function checkParseCase(testCase: ParseCase, options: CaseOptions): CaseResult {
  const name = testCase.name;
  let messages: ParsedMessage[];
  try {
    messages = parseCaseMessages(testCase, options);
  } catch (error) {
    if (!(error instanceof HarmonyParseError)) throw error;
    if (testCase.expected_error !== undefined) return { name, ok: true };
    return { name, ok: false, diff: `parse failed: ${error.message}` };
  }
  if (testCase.expected_error !== undefined) {
    return { name, ok: false, diff: `expected a parse error${testCase.expected_error ? ` (${testCase.expected_error})` : ""}, got ${messages.length} messages` };
  }
  const diff = messagesDiff(testCase.expected_messages ?? [], messages.map(parsedToCaseMessage));
  return diff ? { name, ok: false, diff } : { name, ok: true };
}

/** Checks one case; `readExpected` reads a file named by the case (from the case's folder). */
export function checkCase(testCase: HarmonyCase, readExpected: (file: string) => string, options: CaseOptions = {}): CaseResult {
  if (testCase.kind === "parse") return checkParseCase(testCase, options);
  const expected = trimEnd(readExpected(testCase.expected_file));
  const diff = textDiff(expected, renderCaseText(testCase));
  return diff ? { name: testCase.name, ok: false, diff } : { name: testCase.name, ok: true };
}
