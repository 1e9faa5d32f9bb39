// The TextMate grammar (syntaxes/harmony.tmLanguage.json) tokenized the way VS Code does it,
// with vscode-textmate and the Oniguruma regex engine, over the rendered sample conversation.
// `source.json` is a small stand-in for VS Code's JSON grammar: the test only needs to see that
// JSON bodies are handed to it.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { before, test } from "node:test";
import * as oniguruma from "vscode-oniguruma";
import * as textmate from "vscode-textmate";
import { sampleTranscript } from "../../src/core/harmony/index";

const GRAMMAR = path.join(__dirname, "../../syntaxes/harmony.tmLanguage.json");

const jsonStandIn = {
  scopeName: "source.json",
  patterns: [{ include: "#value" }],
  repository: {
    value: {
      patterns: [
        { name: "string.quoted.double.json", begin: '"', end: '"', patterns: [{ name: "constant.character.escape.json", match: "\\\\." }] },
        { name: "constant.numeric.json", match: "-?\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?" },
        { name: "constant.language.json", match: "\\b(?:true|false|null)\\b" },
        { name: "meta.structure.dictionary.json", begin: "\\{", end: "\\}", patterns: [{ include: "#value" }] },
        { name: "meta.structure.array.json", begin: "\\[", end: "\\]", patterns: [{ include: "#value" }] },
      ],
    },
  },
};

let grammar: textmate.IGrammar;

before(async () => {
  const wasm = readFileSync(require.resolve("vscode-oniguruma/release/onig.wasm"));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer);
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (sources: string[]) => new oniguruma.OnigScanner(sources),
      createOnigString: (text: string) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async (scopeName: string) => {
      if (scopeName === "source.harmony") return textmate.parseRawGrammar(readFileSync(GRAMMAR, "utf8"), GRAMMAR);
      if (scopeName === "source.json") return textmate.parseRawGrammar(JSON.stringify(jsonStandIn), "json.json");
      return null;
    },
  });
  const loaded = await registry.loadGrammar("source.harmony");
  assert.ok(loaded, "grammar loads");
  grammar = loaded;
});

/** Every token of the text with its scopes, line by line as VS Code tokenizes it. */
function tokenize(text: string): Array<{ text: string; scopes: string[] }> {
  const out: Array<{ text: string; scopes: string[] }> = [];
  let state = textmate.INITIAL;
  for (const line of text.split("\n")) {
    const result = grammar.tokenizeLine(line, state);
    for (const token of result.tokens) out.push({ text: line.slice(token.startIndex, token.endIndex), scopes: token.scopes });
    state = result.ruleStack;
  }
  return out;
}

/** The scopes of the n-th token whose text is exactly `text`. */
function scopesOf(tokens: ReturnType<typeof tokenize>, text: string, nth = 0): string[] {
  const found = tokens.filter((t) => t.text === text)[nth];
  assert.ok(found, `no token ${JSON.stringify(text)} (#${nth})`);
  return found.scopes;
}

const sample = () => tokenize(sampleTranscript());

test("special tokens are keywords, each stop token with its own scope", () => {
  const tokens = sample();
  assert.ok(scopesOf(tokens, "<|start|>").includes("keyword.control.start.harmony"));
  assert.ok(scopesOf(tokens, "<|message|>").includes("keyword.control.message.harmony"));
  assert.ok(scopesOf(tokens, "<|end|>").includes("keyword.control.end.harmony"));
  assert.ok(scopesOf(tokens, "<|call|>").includes("keyword.control.call.harmony"));
  assert.ok(scopesOf(tokens, "<|channel|>").includes("keyword.control.channel.harmony"));
  assert.ok(scopesOf(tokens, "<|constrain|>").includes("keyword.control.constrain.harmony"));
});

test("roles after <|start|> are tags and a tool author is a function name", () => {
  const tokens = sample();
  for (const role of ["system", "developer", "user", "assistant"]) {
    assert.ok(scopesOf(tokens, role).includes("entity.name.tag.role.harmony"), role);
  }
  assert.ok(scopesOf(tokens, "functions.read_file", 1).includes("entity.name.function.author.harmony"));
});

test("recipients, channels and content types have their scopes", () => {
  const tokens = sample();
  assert.ok(scopesOf(tokens, "functions.read_file", 0).includes("entity.name.function.recipient.harmony"));
  assert.ok(scopesOf(tokens, "assistant", 2).includes("entity.name.function.recipient.harmony"));
  for (const channel of ["analysis", "commentary", "final"]) {
    assert.ok(scopesOf(tokens, channel).includes("entity.name.type.channel.harmony"), channel);
  }
  assert.ok(scopesOf(tokens, "json").includes("storage.type.content-type.harmony"));
});

test("a body after <|constrain|>json<|message|> is highlighted as embedded JSON", () => {
  const scopes = scopesOf(sample(), "src/greet.ts");
  assert.ok(scopes.includes("meta.embedded.block.json"));
  assert.ok(scopes.includes("string.quoted.double.json"));
});

test("a body after a bare json content type is JSON too, and it ends at the stop token", () => {
  const tokens = tokenize('<|start|>assistant to=functions.f<|channel|>commentary json<|message|>{"n": 1}<|call|>');
  assert.ok(scopesOf(tokens, "1").includes("constant.numeric.json"));
  assert.deepEqual(scopesOf(tokens, "<|call|>"), ["source.harmony", "keyword.control.call.harmony"]);
});

test("analysis reads as a comment and other bodies as plain message text", () => {
  const tokens = sample();
  const analysis = tokens.find((t) => t.text.startsWith("The user asks"));
  assert.ok(analysis?.scopes.includes("comment.block.analysis.harmony"));
  const user = tokens.find((t) => t.text === "Is it tested?");
  assert.ok(user?.scopes.includes("meta.message.body.harmony"));
});

test("header words inside a body are not highlighted as header parts", () => {
  const tokens = tokenize("<|start|>user<|message|>send to=bob on the final channel<|end|>");
  const body = tokens.find((t) => t.text.includes("to=bob"));
  assert.deepEqual(body?.scopes, ["source.harmony", "meta.message.body.harmony"]);
});

test("a multi-line system message body stays one body until <|end|>", () => {
  const tokens = tokenize("<|start|>system<|message|>line one\n# Valid channels: final.<|end|><|start|>user");
  assert.ok(scopesOf(tokens, "# Valid channels: final.").includes("meta.message.body.harmony"));
  assert.ok(scopesOf(tokens, "user").includes("entity.name.tag.role.harmony"));
});
