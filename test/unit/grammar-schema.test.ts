// JSON Schema -> GBNF: the language of each grammar, stated with the reference matcher
// (GbnfMatcher), plus the grammar's shape where the shape is the point (compactness, sharing).
import assert from "node:assert/strict";
import { test } from "node:test";
import { z } from "zod";
import { ImpossibleSchemaError, jsonSchemaToGbnf, UnsupportedSchemaError, type GbnfOptions } from "../../src/core/grammar/index";
import { ruleReferences } from "../../src/core/grammar/gbnf";
import { GbnfMatcher } from "../helpers/grammar/gbnfMatcher";
import { sampleSchemas } from "../helpers/grammar/sampleSchemas";

function grammarOf(schema: unknown, options?: GbnfOptions): GbnfMatcher {
  return new GbnfMatcher(jsonSchemaToGbnf(schema, options).grammar);
}

const zodSchema = (schema: z.ZodType) => z.toJSONSchema(schema, { io: "input" });

for (const sample of sampleSchemas()) {
  test(`sample "${sample.name}": accepts its valid texts (which zod accepts too) and refuses the others`, () => {
    const grammar = grammarOf(sample.schema);
    for (const text of sample.accepts) {
      assert.ok(grammar.accepts(text), `should accept ${text}`);
      if (sample.zod) assert.ok(sample.zod.safeParse(JSON.parse(text)).success, `zod should accept ${text}`);
    }
    for (const text of sample.refuses) assert.ok(!grammar.accepts(text), `should refuse ${text}`);
  });
}

test("optional properties: every subset, in declared order, with commas only between members", () => {
  const names = ["a", "b", "c", "d"];
  const required = new Set(["c"]);
  const grammar = grammarOf({
    type: "object",
    properties: Object.fromEntries(names.map((n) => [n, { type: "integer", minimum: 0, maximum: 9 }])),
    required: [...required],
    additionalProperties: false,
  });
  for (let mask = 0; mask < 1 << names.length; mask++) {
    const present = names.filter((_, i) => mask & (1 << i));
    const text = `{${present.map((n) => `"${n}":1`).join(",")}}`;
    assert.equal(grammar.accepts(text), present.includes("c"), text);
    if (present.length >= 2) assert.ok(!grammar.accepts(`{${[...present].reverse().map((n) => `"${n}":1`).join(",")}}`), "order is the declared one");
  }
  for (const bad of ['{,"c":1}', '{"c":1,}', '{"a":1,,"c":1}', '{"a":1"c":1}', '{"c":1,"c":1}']) assert.ok(!grammar.accepts(bad), bad);
});

test("an object whose properties are all optional accepts {} and any subset", () => {
  const grammar = grammarOf(zodSchema(z.object({ x: z.boolean().optional(), y: z.boolean().optional() })));
  for (const ok of ["{}", '{"x":true}', '{"y":false}', '{"x":true,"y":false}']) assert.ok(grammar.accepts(ok), ok);
  for (const bad of ['{"y":false,"x":true}', '{,}', '{"x":true,}']) assert.ok(!grammar.accepts(bad), bad);
});

test("whitespace: at most one space after : and , by default; none at all when asked", () => {
  const schema = zodSchema(z.object({ a: z.array(z.boolean()), b: z.boolean() }));
  const spaced = grammarOf(schema);
  assert.ok(spaced.accepts('{"a": [true, false], "b": true}'));
  for (const bad of ['{ "a":[],"b":true}', '{"a" :[],"b":true}', '{"a":  [],"b":true}', '{"a":[],\n"b":true}', '{"a":[],"b":true }', '{"a":[],"b":true}\n']) {
    assert.ok(!spaced.accepts(bad), JSON.stringify(bad));
  }
  const compact = grammarOf(schema, { spaceAfterSeparators: false });
  assert.ok(compact.accepts('{"a":[true,false],"b":true}'));
  assert.ok(!compact.accepts('{"a": [],"b":true}'));
});

test("strings never contain <| raw, but keep <, | and the escaped form", () => {
  const grammar = grammarOf({ type: "string" });
  for (const ok of ['"a < b"', '"<div>"', '"a || b"', '"<"', '"<<"', '"|<"', '"\\u003c|end|>"', '"x<\\n|"']) assert.ok(grammar.accepts(ok), ok);
  for (const bad of ['"<|"', '"<|end|>"', '"a<|reserved_200017|>"', '"<<|"', '"<|<"']) assert.ok(!grammar.accepts(bad), bad);
});

test("strings refuse raw control characters and invalid escapes, accept the JSON escapes", () => {
  const grammar = grammarOf({ type: "string" });
  for (const ok of ['"\\"\\\\\\/\\b\\f\\n\\r\\t"', '"\\u00e9\\uFFFF"', '"\\ud83d\\ude00"', '"é😀\u007e"']) assert.ok(grammar.accepts(ok), ok);
  for (const bad of ['"\n"', '"\t"', '"\u0000"', '"\u007f"', '"\u0fff"', '"\\x41"', '"\\u12"', '"\\ud83d"', '"\\ude00"', '"\\ud83dx"', '"a', 'a"', '"""']) {
    assert.ok(!grammar.accepts(bad), JSON.stringify(bad));
  }
});

test("maxLength and minLength count code points: a raw emoji, an escape or an escaped pair is one", () => {
  const grammar = grammarOf({ type: "string", minLength: 2, maxLength: 3 });
  for (const ok of ['"ab"', '"abc"', '"😀😀😀"', '"\\n\\t"', '"a\\ud83d\\ude00"', '"<<<"']) assert.ok(grammar.accepts(ok), ok);
  for (const bad of ['"a"', '"abcd"', '"😀"', '"\\n\\t\\r\\n"', '""']) assert.ok(!grammar.accepts(bad), bad);
});

test("minLength alone: at least that many, then any number, still without <|", () => {
  const grammar = grammarOf({ type: "string", minLength: 2 });
  for (const ok of ['"ab"', '"a<"', `"${"x".repeat(500)}"`, '"<<x|"']) assert.ok(grammar.accepts(ok), ok);
  for (const bad of ['"a"', '""', '"ab<|"', '"<|ab"']) assert.ok(!grammar.accepts(bad), bad);
});

test("string bounds are rule chains shared between strings, not llama.cpp repetitions", () => {
  const { grammar } = jsonSchemaToGbnf(zodSchema(z.object({ a: z.string().max(5), b: z.string().max(3) })));
  assert.match(grammar, /^sa5 ::= \( char sa4 \| "<" sb4 \)\?$/m);
  assert.equal(grammar.match(/^sa3 ::=/gm)?.length, 1, "the max-3 string reuses the max-5 string's tail");
});

test("integers are exact ranges: no exponent, fraction, leading zero, plus sign or -0", () => {
  const grammar = grammarOf({ type: "integer", minimum: -12, maximum: 345 });
  for (let n = -40; n <= 400; n++) assert.equal(grammar.accepts(String(n)), n >= -12 && n <= 345, String(n));
  for (const bad of ["1e2", "1.0", "007", "+5", "-0", "", "-"]) assert.ok(!grammar.accepts(bad), bad);
});

test("an integer without bounds is a safe integer", () => {
  const grammar = grammarOf({ type: "integer" });
  assert.ok(grammar.accepts(String(Number.MAX_SAFE_INTEGER)));
  assert.ok(grammar.accepts(String(-Number.MAX_SAFE_INTEGER)));
  assert.ok(!grammar.accepts("9007199254740992"));
  assert.ok(!grammar.accepts("-2199023255552E871108535"), "the exponent node-llama-cpp's grammar let through");
});

test("exclusive bounds (2020-12 numbers and draft-4 booleans) and fractional bounds narrow integers", () => {
  const cases: Array<[object, number, number]> = [
    [{ exclusiveMinimum: 0, exclusiveMaximum: 5 }, 1, 4],
    [{ minimum: 0, exclusiveMinimum: true, maximum: 5, exclusiveMaximum: true }, 1, 4],
    [{ minimum: 0.5, maximum: 4.5 }, 1, 4],
    [{ minimum: 2, exclusiveMinimum: 1, maximum: 3 }, 2, 3],
  ];
  for (const [bounds, lo, hi] of cases) {
    const grammar = grammarOf({ type: "integer", ...bounds });
    for (let n = -2; n <= 7; n++) assert.equal(grammar.accepts(String(n)), n >= lo && n <= hi, `${JSON.stringify(bounds)} ${n}`);
  }
});

test("numbers: bounded integer digits, a bounded fraction, never an exponent", () => {
  const grammar = grammarOf({ type: "number" });
  for (const ok of ["0", "-0.5", "3.25", "999999999999999", "1.0000000000000001"]) assert.ok(grammar.accepts(ok), ok);
  for (const bad of ["1e5", "1E-5", "1000000000000000", ".5", "5.", "01", "1.00000000000000001", "Infinity", "NaN"]) assert.ok(!grammar.accepts(bad), bad);
});

test("number bounds decide the sign and the integer digits", () => {
  const grammar = grammarOf({ type: "number", minimum: 0, maximum: 100 });
  for (const ok of ["0", "100", "99.5", "0.001"]) assert.ok(grammar.accepts(ok), ok);
  for (const bad of ["-1", "101", "1000"]) assert.ok(!grammar.accepts(bad), bad);
});

test("enum and const values come out as compact JSON literals, < escaped", () => {
  const grammar = grammarOf({ enum: ["a b", 1.5, null, false, { k: ["<|x"] }] });
  for (const ok of ['"a b"', "1.5", "null", "false", '{"k":["\\u003c|x"]}']) assert.ok(grammar.accepts(ok), ok);
  for (const bad of ['"a  b"', "1.50", '{"k":["<|x"]}', '{"k": ["\\u003c|x"]}']) assert.ok(!grammar.accepts(bad), bad);
});

test("an enum keeps only the values that have the schema's type", () => {
  const grammar = grammarOf({ type: "string", enum: ["a", 1, "b"] });
  assert.ok(grammar.accepts('"a"') && grammar.accepts('"b"') && !grammar.accepts("1"));
});

test("nullable: type lists, anyOf with null and OpenAPI's nullable all allow null", () => {
  for (const schema of [
    zodSchema(z.string().max(3).nullable()),
    zodSchema(z.object({ a: z.string() }).nullable()),
    { type: "integer", minimum: 0, maximum: 3, nullable: true },
  ]) {
    const grammar = grammarOf(schema);
    assert.ok(grammar.accepts("null"), JSON.stringify(schema));
    assert.ok(grammar.accepts('"ab"') || grammar.accepts('{"a":"b"}') || grammar.accepts("3"), JSON.stringify(schema));
    assert.ok(!grammar.accepts("nul") && !grammar.accepts("true"), JSON.stringify(schema));
  }
});

test("anyOf siblings apply to every alternative", () => {
  const grammar = grammarOf({ type: "string", maxLength: 2, anyOf: [{ minLength: 2 }, { enum: ["x"] }] });
  assert.ok(grammar.accepts('"ab"') && grammar.accepts('"x"'));
  assert.ok(!grammar.accepts('"abc"') && !grammar.accepts('"y"'));
});

test("$ref and $defs, including recursion through the root (#)", () => {
  const grammar = grammarOf({
    type: "object",
    properties: { name: { type: "string", maxLength: 3 }, kids: { type: "array", items: { $ref: "#" }, maxItems: 2 } },
    required: ["name"],
    additionalProperties: false,
  });
  assert.ok(grammar.accepts('{"name":"a","kids":[{"name":"b","kids":[{"name":"c"}]},{"name":"d"}]}'));
  assert.ok(!grammar.accepts('{"name":"a","kids":[{"kids":[]}]}'));
});

test("a $ref that reaches itself before any character is refused clearly (llama.cpp rejects left recursion)", () => {
  assert.throws(() => jsonSchemaToGbnf({ $defs: { a: { anyOf: [{ $ref: "#/$defs/a" }, { type: "null" }] } }, $ref: "#/$defs/a" }), UnsupportedSchemaError);
});

test("allOf merges: types intersect, bounds tighten, properties and required combine", () => {
  const grammar = grammarOf({
    allOf: [
      { type: "object", properties: { a: { type: "integer", minimum: 0 } }, required: ["a"], additionalProperties: false },
      { properties: { a: { maximum: 5 }, b: { type: "boolean" } } },
    ],
  });
  assert.ok(grammar.accepts('{"a":5}') && grammar.accepts('{"a":0,"b":true}'));
  assert.ok(!grammar.accepts('{"a":6}') && !grammar.accepts('{"b":true}'));
});

test("records: free keys (bounded by propertyNames), values from additionalProperties, counts from min/maxProperties", () => {
  const grammar = grammarOf({ type: "object", propertyNames: { maxLength: 2 }, additionalProperties: { type: "boolean" }, minProperties: 1, maxProperties: 2 });
  for (const ok of ['{"a":true}', '{"ab":true,"c":false}']) assert.ok(grammar.accepts(ok), ok);
  for (const bad of ["{}", '{"abc":true}', '{"a":true,"b":true,"c":true}', '{"a":1}']) assert.ok(!grammar.accepts(bad), bad);
});

test("open values ({}, z.any()) are any JSON up to three containers deep", () => {
  const grammar = grammarOf({});
  for (const ok of ["1", '"s"', "null", "[]", '{"a":[{"b":1}]}', "[[[1]]]", '[1, "x", true, null, {"k": -1.5}]']) assert.ok(grammar.accepts(ok), ok);
  for (const bad of ["[[[[1]]]]", '{"a":1,}', '"<|end|>"']) assert.ok(!grammar.accepts(bad), bad);
});

test("unsupported keywords become warnings naming where they are, not errors", () => {
  const { warnings } = jsonSchemaToGbnf({
    type: "object",
    properties: { email: zodSchema(z.email()), n: { type: "number", multipleOf: 3 }, x: { not: { type: "null" } } },
    patternProperties: { "^a": {} },
  });
  assert.deepEqual(warnings, [
    '/: "patternProperties" is not enforced by the grammar',
    "/properties/email: pattern is left to zod; the grammar allows any string of the right length",
    "/properties/n: multipleOf is left to zod",
    '/properties/x: "not" is not enforced by the grammar',
  ]);
});

test("a zod tool schema with only supported constructs gives no warnings", () => {
  for (const sample of sampleSchemas().filter((s) => s.zod)) {
    assert.deepEqual(jsonSchemaToGbnf(sample.schema).warnings, [], sample.name);
  }
});

test("impossible schemas throw ImpossibleSchemaError naming the place and the reason", () => {
  const cases: Array<[unknown, RegExp]> = [
    [false, /at \/: the schema is `false`/],
    [{ type: "integer", minimum: 5, maximum: 3 }, /no integer between 5 and 3/],
    [{ type: "integer", minimum: 1.2, maximum: 1.8 }, /no integer/],
    [{ type: "string", minLength: 4, maxLength: 2 }, /minLength 4 > maxLength 2/],
    [{ enum: [] }, /an empty enum/],
    [{ type: "string", enum: [1, 2] }, /no enum\/const value has the schema's type/],
    [{ type: "array", minItems: 3, maxItems: 2 }, /minItems 3 > maxItems 2/],
    [{ type: "object", properties: { a: false }, required: ["a"] }, /at \/properties\/a: the schema is `false`/],
    [{ type: "object", properties: {}, required: ["a"], additionalProperties: false }, /"a" is required but not an allowed property/],
    [{ allOf: [{ type: "string" }, { type: "number" }] }, /have nothing in common/],
    [{ anyOf: [{ type: "string", minLength: 3, maxLength: 1 }, false] }, /minLength 3 > maxLength 1/],
  ];
  for (const [schema, message] of cases) {
    assert.throws(() => jsonSchemaToGbnf(schema), (error: unknown) => error instanceof ImpossibleSchemaError && message.test(error.message), JSON.stringify(schema));
  }
});

test("an optional property or a later tuple position that admits nothing is left out, with a warning", () => {
  const result = jsonSchemaToGbnf({ type: "object", properties: { a: { type: "boolean" }, b: false }, required: ["a"] });
  assert.deepEqual(result.warnings, ["/properties/b: admits no value, so the optional property is never generated"]);
  assert.ok(!new GbnfMatcher(result.grammar).accepts('{"a":true,"b":1}'));
  const tuple = grammarOf({ type: "array", prefixItems: [{ type: "boolean" }, false], items: { type: "null" } });
  assert.ok(tuple.accepts("[true]") && !tuple.accepts("[true,null]"));
});

test("the grammar's root is exactly one value and every rule it prints is reachable", () => {
  const { grammar } = jsonSchemaToGbnf(sampleSchemas()[0]!.schema);
  const lines = grammar.trim().split("\n");
  assert.match(lines[0]!, /^root ::= [a-z0-9-]+$/);
  const defined = lines.map((line) => line.split(" ::= ")[0]!);
  assert.equal(new Set(defined).size, defined.length, "rule names are unique");
  const used = new Set(lines.flatMap((line) => ruleReferences(line.split(" ::= ")[1]!)));
  for (const name of defined.slice(1)) assert.ok(used.has(name), `${name} is referred to`);
});

test("the matcher agrees that a grammar with optional members never accepts trailing text", () => {
  const grammar = grammarOf(sampleSchemas()[0]!.schema);
  assert.ok(grammar.accepts('{"path":"a"}'));
  for (const suffix of [" ", "\n", "}", ",", "<|call|>"]) assert.ok(!grammar.accepts(`{"path":"a"}${suffix}`), JSON.stringify(suffix));
});
