// JSON Schema -> the TypeScript-like parameter types of `namespace functions`, with the
// reference's exact spacing (openai/harmony v0.0.8 `json_schema_to_typescript`).
import assert from "node:assert/strict";
import { test } from "node:test";
import { jsonSchemaToTypescript } from "../../src/core/harmony/index";

const ts = (schema: unknown) => jsonSchemaToTypescript(schema, "");

test("a required property has no ?, an optional one has ?", () => {
  assert.equal(
    ts({ type: "object", properties: { a: { type: "string" }, b: { type: "number" } }, required: ["a"] }),
    "{\na: string,\nb?: number,\n}",
  );
});

test("properties keep the schema's order", () => {
  assert.equal(ts({ type: "object", properties: { z: { type: "boolean" }, a: { type: "boolean" } } }), "{\nz?: boolean,\na?: boolean,\n}");
});

test("integer is number, a type list joins with |, an unknown type is any", () => {
  assert.equal(ts({ type: "integer" }), "number");
  assert.equal(ts({ type: ["string", "integer", "null"] }), "string | number | null");
  assert.equal(ts({ type: "null" }), "any");
  assert.equal(ts({ anyOf: [{ type: "string" }] }), "any");
});

test("arrays render their item type with [], or Array<any> without items", () => {
  assert.equal(ts({ type: "array", items: { type: "string" } }), "string[]");
  assert.equal(ts({ type: "array" }), "Array<any>");
});

test("a string enum becomes a union of literals and its default is written unquoted", () => {
  assert.equal(
    ts({ type: "object", properties: { unit: { type: "string", enum: ["c", "f"], default: "c" } } }),
    '{\nunit?: "c" | "f", // default: c\n}',
  );
});

test("a plain string default is quoted and a number default is not", () => {
  assert.equal(
    ts({ type: "object", properties: { s: { type: "string", default: "x" }, n: { type: "integer", default: 3 } } }),
    '{\ns?: string, // default: "x"\nn?: number, // default: 3\n}',
  );
});

test("nullable adds | null once", () => {
  assert.equal(ts({ type: "object", properties: { s: { type: "string", nullable: true } } }), "{\ns?: string | null,\n}");
  assert.equal(ts({ type: "object", properties: { s: { type: ["string", "null"], nullable: true } } }), "{\ns?: string | null,\n}");
});

test("descriptions, titles and examples become comments above the property", () => {
  assert.equal(
    ts({ type: "object", properties: { s: { type: "string", title: "T", description: "D", examples: ["a", 1] } } }),
    '{\n// T\n//\n// D\n// Examples:\n// - "a"\ns?: string,\n}',
  );
});

test("nested objects indent their properties by four spaces", () => {
  assert.equal(
    ts({ type: "object", properties: { o: { type: "object", description: "inner", properties: { x: { type: "number" } } } } }),
    "{\n// inner\no?:     // inner\n{\n    x?: number,\n    },\n}",
  );
});

test("a oneOf property lists its variants with their own descriptions and defaults", () => {
  assert.equal(
    ts({
      type: "object",
      properties: {
        v: { oneOf: [{ type: "string", default: "s" }, { type: "number", description: "num" }], description: "either", default: 1 },
      },
    }),
    '{\n// either\n// default: 1\nv?:\n | string // default: "s"\n | number // num\n,\n}',
  );
});

test("a oneOf property whose first variant repeats its description shows it once, after the variant", () => {
  assert.equal(
    ts({ type: "object", properties: { v: { oneOf: [{ type: "string", description: "same" }, { type: "number" }], description: "same" } } }),
    "{\nv?:\n | string\n | number\n,\n}",
  );
});

test("a oneOf at the top of a schema starts each variant on a new line", () => {
  assert.equal(ts({ oneOf: [{ type: "string" }, { type: "number", description: "n", default: 2 }] }), "\n | string\n | number // n default: 2");
});
