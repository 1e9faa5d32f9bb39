// JSON Schema (what zod v4's z.toJSONSchema emits for tool parameters) -> a llama.cpp GBNF grammar
// whose language is exactly one compact JSON value, so the model's tool arguments come out
// well-formed and (nearly always) valid. What it closes compared with node-llama-cpp's
// createGrammarForJsonSchema (measured in docs/low-level-generation.md):
//   - optional properties are optional: any subset, in declared order, commas right;
//   - integers are exact ranges (no exponent, fraction, leading zero, "-0"); numbers have
//     bounded digits and no exponent, so nothing parses to Infinity;
//   - strings honour minLength/maxLength exactly and can never contain `<|` (stringRules.ts);
//   - no free whitespace: at most one space after `:` and `,`, and nothing after the value.
// The grammar is a guide, not the validator: zod still checks the result (patterns, formats,
// fractional bounds and the like are left to it and reported in `warnings`).
import { ImpossibleSchemaError, UnsupportedSchemaError } from "./errors";
import { RuleSet, gbnfLiteral, jsonText } from "./gbnf";
import { integerRangeGbnf } from "./integerRange";
import { arrayRule, objectRule, recordRule, type ContainerContext } from "./containerRules";
import { isObject, mergeSchemas, nonNegativeInt, SchemaConflict, sameJson, type JsonSchemaObject } from "./schemaMerge";
import { MAX_EXACT_STRING_LENGTH, stringRule } from "./stringRules";

export interface GbnfOptions {
  /** Allow one optional space after `:` and `,` (default true). gpt-oss usually writes none. */
  spaceAfterSeparators?: boolean;
  /** How deeply a value the schema leaves open (`{}`, `z.any()`) may nest (default 3). */
  openValueDepth?: number;
}

export interface GbnfResult {
  /** GBNF for llama.cpp (`llama.createGrammar({ grammar })`); the root is one JSON value. */
  grammar: string;
  /** Schema parts the grammar does not enforce (zod still does), as `/json/pointer: text`. */
  warnings: string[];
}

export function jsonSchemaToGbnf(schema: unknown, options: GbnfOptions = {}): GbnfResult {
  const converter = new Converter(schema, options);
  const root = converter.convert(schema, "", "value", new Set());
  return { grammar: converter.rules.render(root), warnings: converter.warnings };
}

/** Keywords that only describe: nothing to enforce, nothing to warn about. */
const ANNOTATIONS = new Set([
  "$schema", "$id", "id", "$comment", "$defs", "definitions", "$anchor", "title", "description",
  "default", "examples", "deprecated", "readOnly", "writeOnly", "contentMediaType", "contentEncoding",
]);
/** Keywords whose meaning the grammar honours (fully or as far as GBNF can). */
const HANDLED = new Set([
  "type", "enum", "const", "anyOf", "oneOf", "allOf", "$ref", "nullable",
  "minLength", "maxLength", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
  "properties", "required", "additionalProperties", "propertyNames", "minProperties", "maxProperties",
  "items", "prefixItems", "additionalItems", "minItems", "maxItems",
  // Reported with a specific warning where they occur:
  "pattern", "format", "multipleOf", "uniqueItems",
]);
const TYPE_KEYWORDS: Record<string, string[]> = {
  string: ["minLength", "maxLength", "pattern", "format"],
  number: ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"],
  object: ["properties", "required", "additionalProperties", "propertyNames", "minProperties", "maxProperties", "patternProperties"],
  array: ["items", "prefixItems", "minItems", "maxItems", "uniqueItems", "contains"],
};
const SAFE = BigInt(Number.MAX_SAFE_INTEGER);
/** Digits allowed before the point of an unbounded number: 15 keeps it exact as a double. */
const FLOAT_INT_LIMIT = 10n ** 15n - 1n;
const FLOAT_FRACTION_DIGITS = 16;

class Converter implements ContainerContext {
  readonly rules = new RuleSet();
  readonly warnings: string[] = [];
  private readonly refs = new Map<string, { name?: string; impossible?: ImpossibleSchemaError }>();
  readonly comma: string;
  readonly colon: string;

  constructor(
    private readonly document: unknown,
    private readonly options: GbnfOptions,
  ) {
    const space = options.spaceAfterSeparators ?? true;
    this.comma = this.rules.add("comma", space ? '"," " "?' : '","');
    this.colon = this.rules.add("colon", space ? '":" " "?' : '":"');
  }

  warn(pointer: string, text: string): void {
    const line = `${pointer || "/"}: ${text}`;
    if (!this.warnings.includes(line)) this.warnings.push(line);
  }

  impossible(pointer: string, reason: string): never {
    throw new ImpossibleSchemaError(pointer, reason);
  }

  /**
   * A GBNF atom (rule name, literal or parenthesized group) for `schema`. `leftRefs` are the
   * $refs being expanded since the last character the grammar consumed: meeting one again
   * would be left recursion, which llama.cpp rejects.
   */
  convert(schema: unknown, pointer: string, hint: string, leftRefs: ReadonlySet<string>): string {
    if (schema === true) return this.openValue(this.options.openValueDepth ?? 3);
    if (schema === false) this.impossible(pointer, "the schema is `false`");
    if (!isObject(schema)) {
      this.warn(pointer, `not a schema (${JSON.stringify(schema)}); any value allowed`);
      return this.openValue(this.options.openValueDepth ?? 3);
    }
    for (const key of Object.keys(schema)) {
      if (!ANNOTATIONS.has(key) && !HANDLED.has(key)) this.warn(pointer, `"${key}" is not enforced by the grammar`);
    }
    if (typeof schema.$ref === "string") return this.refRule(schema, pointer, hint, leftRefs);
    if (Array.isArray(schema.allOf)) return this.convert(this.foldAllOf(schema, pointer), pointer, hint, leftRefs);
    const union = Array.isArray(schema.anyOf) ? "anyOf" : Array.isArray(schema.oneOf) ? "oneOf" : undefined;
    if (union) return this.unionRule(schema, union, pointer, hint, leftRefs);
    if ("const" in schema || Array.isArray(schema.enum)) return this.literalRule(schema, pointer, hint);

    const types = this.typesOf(schema, pointer);
    if (types === undefined) return this.openValue(this.options.openValueDepth ?? 3);
    const atoms: string[] = [];
    let firstImpossible: ImpossibleSchemaError | undefined;
    for (const type of types) {
      try {
        atoms.push(this.typeRule(type, schema, pointer, hint));
      } catch (error) {
        if (!(error instanceof ImpossibleSchemaError)) throw error;
        firstImpossible ??= error;
      }
    }
    if (atoms.length === 0) throw firstImpossible ?? new ImpossibleSchemaError(pointer, "no type left");
    return alternation(atoms);
  }

  /** The JSON types the schema allows, or undefined for "anything". */
  private typesOf(schema: JsonSchemaObject, pointer: string): string[] | undefined {
    let types: string[];
    if (typeof schema.type === "string") types = [schema.type];
    else if (Array.isArray(schema.type)) types = schema.type.filter((t): t is string => typeof t === "string");
    else {
      // No "type": type-specific keywords constrain only their own type; the others are open.
      const hinted = Object.keys(TYPE_KEYWORDS).filter((t) => TYPE_KEYWORDS[t]!.some((k) => k in schema));
      if (hinted.length === 0) return undefined;
      this.warn(pointer, `no "type"; generating ${hinted.join(" or ")}`);
      types = hinted;
    }
    if (schema.nullable === true && !types.includes("null")) types = [...types, "null"];
    if (types.length === 0) this.impossible(pointer, "an empty type list");
    return types;
  }

  private typeRule(type: string, schema: JsonSchemaObject, pointer: string, hint: string): string {
    switch (type) {
      case "string":
        return this.stringRuleFor(schema, pointer);
      case "integer":
        return this.integerRule(schema, pointer);
      case "number":
        return this.numberRule(schema, pointer);
      case "boolean":
        return this.rules.add("boolean", '"true" | "false"');
      case "null":
        return '"null"';
      case "object":
        if (isObject(schema.properties) || schema.additionalProperties === false || isObject(schema.propertyNames) && Array.isArray(schema.propertyNames.enum)) {
          return objectRule(this, schema, pointer, hint);
        }
        return recordRule(this, schema, pointer, hint);
      case "array":
        return arrayRule(this, schema, pointer, hint);
      default:
        this.warn(pointer, `unknown type "${type}"; any value allowed`);
        return this.openValue(this.options.openValueDepth ?? 3);
    }
  }

  stringRuleFor(schema: JsonSchemaObject, pointer: string): string {
    const minLength = nonNegativeInt(schema.minLength) ?? 0;
    const maxLength = nonNegativeInt(schema.maxLength);
    if (maxLength !== undefined && maxLength < minLength) this.impossible(pointer, `minLength ${minLength} > maxLength ${maxLength}`);
    if (typeof schema.pattern === "string" || typeof schema.format === "string") {
      this.warn(pointer, `${typeof schema.pattern === "string" ? "pattern" : "format"} is left to zod; the grammar allows any string of the right length`);
    }
    if (minLength > MAX_EXACT_STRING_LENGTH || (maxLength !== undefined && maxLength > MAX_EXACT_STRING_LENGTH)) {
      this.warn(pointer, `string lengths above ${MAX_EXACT_STRING_LENGTH} are left to zod`);
      return stringRule(this.rules, { minLength: Math.min(minLength, MAX_EXACT_STRING_LENGTH), maxLength: undefined });
    }
    return stringRule(this.rules, { minLength, maxLength });
  }

  private integerRule(schema: JsonSchemaObject, pointer: string): string {
    const { lo, hi } = numericBounds(schema);
    // Integer bounds: the smallest integer above (or at) the lower bound, and so on.
    let loInt = lo === undefined ? -SAFE : BigInt(lo.exclusive && Number.isInteger(lo.value) ? lo.value + 1 : Math.ceil(lo.value));
    let hiInt = hi === undefined ? SAFE : BigInt(hi.exclusive && Number.isInteger(hi.value) ? hi.value - 1 : Math.floor(hi.value));
    if (lo !== undefined && hi === undefined && loInt > SAFE) hiInt = loInt + SAFE;
    if (hi !== undefined && lo === undefined && hiInt < -SAFE) loInt = hiInt - SAFE;
    if (loInt > hiInt) this.impossible(pointer, `no integer between ${describeBound(lo)} and ${describeBound(hi)}`);
    if (schema.multipleOf !== undefined && schema.multipleOf !== 1) this.warn(pointer, "multipleOf is left to zod");
    const expression = integerRangeGbnf(loInt, hiInt);
    return this.rules.add(`integer-${loInt}-${hiInt}`.replace(/-(\d{6,})/g, (_, d: string) => `-${d.length}d`), expression);
  }

  private numberRule(schema: JsonSchemaObject, pointer: string): string {
    const { lo, hi } = numericBounds(schema);
    if (lo !== undefined && hi !== undefined && (lo.value > hi.value || (lo.value === hi.value && (lo.exclusive || hi.exclusive)))) {
      this.impossible(pointer, `no number between ${describeBound(lo)} and ${describeBound(hi)}`);
    }
    if (schema.multipleOf !== undefined) this.warn(pointer, "multipleOf is left to zod");
    // Integer part by magnitude (exact bounds on the fraction are left to zod), no exponent.
    const limit = (bound: number | undefined) =>
      bound === undefined || Math.abs(bound) > Number(FLOAT_INT_LIMIT) ? FLOAT_INT_LIMIT : BigInt(Math.floor(Math.abs(bound)));
    const fraction = this.rules.add("fraction", `( "." [0-9]{1,${FLOAT_FRACTION_DIGITS}} )?`);
    const parts: string[] = [];
    if (hi === undefined || hi.value >= 0) {
      const from = lo !== undefined && lo.value > 0 ? BigInt(Math.floor(lo.value)) : 0n;
      const to = hi === undefined ? FLOAT_INT_LIMIT : limit(hi.value);
      parts.push(`${integerRangeGbnf(from < to ? from : to, to)} ${fraction}`);
    }
    if (lo === undefined || lo.value < 0) {
      const from = hi !== undefined && hi.value < 0 ? BigInt(Math.floor(-hi.value)) : 0n;
      const to = lo === undefined ? FLOAT_INT_LIMIT : limit(lo.value);
      parts.push(`"-" ${integerRangeGbnf(from < to ? from : to, to)} ${fraction}`);
    }
    return this.rules.add("number", parts.join(" | "));
  }

  /** `const` / `enum`: the listed values that also fit the schema's type, as literals. */
  private literalRule(schema: JsonSchemaObject, pointer: string, hint: string): string {
    const values = "const" in schema ? [schema.const] : (schema.enum as unknown[]);
    const types = typeof schema.type === "string" ? [schema.type] : Array.isArray(schema.type) ? schema.type : undefined;
    const fits = values.filter((value) => value !== undefined && (types === undefined || types.some((t) => hasType(value, t))));
    const kept = fits.filter((value, i) => fits.findIndex((other) => sameJson(other, value)) === i);
    if (schema.nullable === true && !kept.includes(null)) kept.push(null);
    if (kept.length === 0) this.impossible(pointer, values.length === 0 ? "an empty enum" : "no enum/const value has the schema's type");
    const atoms = kept.map((value) => gbnfLiteral(jsonText(value)));
    return atoms.length === 1 ? atoms[0]! : this.rules.add(`${hint}-enum`, atoms.join(" | "));
  }

  private unionRule(schema: JsonSchemaObject, keyword: "anyOf" | "oneOf", pointer: string, hint: string, leftRefs: ReadonlySet<string>): string {
    const { anyOf: _a, oneOf: _o, ...siblings } = schema;
    if (keyword === "anyOf" && Array.isArray(schema.oneOf)) this.warn(pointer, "oneOf beside anyOf is left to zod");
    const constrained = Object.keys(siblings).some((k) => !ANNOTATIONS.has(k));
    const atoms: string[] = [];
    let firstImpossible: ImpossibleSchemaError | undefined;
    (schema[keyword] as unknown[]).forEach((option, i) => {
      const optionPointer = `${pointer}/${keyword}/${i}`;
      try {
        const merged = constrained ? this.mergeOrThrow(siblings, option, optionPointer) : option;
        atoms.push(this.convert(merged, optionPointer, hint, leftRefs));
      } catch (error) {
        if (!(error instanceof ImpossibleSchemaError)) throw error;
        firstImpossible ??= error;
      }
    });
    if (atoms.length === 0) throw firstImpossible ?? new ImpossibleSchemaError(pointer, `an empty ${keyword}`);
    const unique = [...new Set(atoms)];
    return unique.length === 1 ? unique[0]! : this.rules.add(`${hint}-union`, unique.join(" | "));
  }

  private foldAllOf(schema: JsonSchemaObject, pointer: string): JsonSchemaObject {
    const { allOf, ...rest } = schema;
    let merged: JsonSchemaObject = rest;
    (allOf as unknown[]).forEach((part, i) => {
      merged = this.mergeOrThrow(merged, part, `${pointer}/allOf/${i}`);
    });
    return merged;
  }

  private mergeOrThrow(base: JsonSchemaObject, part: unknown, pointer: string): JsonSchemaObject {
    if (part === true) return base;
    if (part === false) this.impossible(pointer, "the schema is `false`");
    if (!isObject(part)) return base;
    // Look through a $ref so its keywords take part (one level: recursive refs stay refs).
    const resolved = typeof part.$ref === "string" ? { ...(this.resolve(part.$ref, pointer) ?? {}), ...withoutRef(part) } : part;
    try {
      return mergeSchemas(base, resolved as JsonSchemaObject, (keyword) => this.warn(pointer, `conflicting "${keyword}" in allOf; the first one is used`));
    } catch (error) {
      if (error instanceof SchemaConflict) this.impossible(pointer, error.message);
      throw error;
    }
  }

  private refRule(schema: JsonSchemaObject, pointer: string, hint: string, leftRefs: ReadonlySet<string>): string {
    const ref = schema.$ref as string;
    const siblings = Object.keys(schema).filter((k) => k !== "$ref" && !ANNOTATIONS.has(k));
    if (siblings.length > 0) return this.convert(this.mergeOrThrow({}, schema, pointer), pointer, hint, leftRefs);
    const target = this.resolve(ref, pointer);
    if (target === undefined) return this.openValue(this.options.openValueDepth ?? 3);
    const known = this.refs.get(ref);
    if (known?.impossible) throw known.impossible;
    if (known?.name !== undefined) {
      if (leftRefs.has(ref)) throw new UnsupportedSchemaError(`${pointer || "/"}: "${ref}" refers back to itself before any character (left recursion)`);
      return known.name;
    }
    const name = this.rules.reserve(ref === "#" ? "root-value" : ref.split("/").pop()!);
    this.refs.set(ref, { name });
    try {
      this.rules.define(name, this.convert(target, ref.slice(1), name, new Set([...leftRefs, ref])));
      return name;
    } catch (error) {
      this.rules.release(name);
      if (error instanceof ImpossibleSchemaError) this.refs.set(ref, { impossible: error });
      else this.refs.delete(ref);
      throw error;
    }
  }

  /** The schema a local `#/...` pointer names, or undefined (with a warning) when there is none. */
  private resolve(ref: string, pointer: string): unknown {
    if (!ref.startsWith("#")) {
      this.warn(pointer, `external $ref "${ref}" is not followed; any value allowed`);
      return undefined;
    }
    let node: unknown = this.document;
    const path = ref.slice(1).split("/").slice(1);
    for (const raw of path) {
      const key = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
      node = isObject(node) ? node[key] : Array.isArray(node) ? node[Number(key)] : undefined;
      if (node === undefined) {
        this.warn(pointer, `$ref "${ref}" points nowhere; any value allowed`);
        return undefined;
      }
    }
    return node;
  }

  /** Any JSON value nested at most `depth` containers deep, at most 100 members each. */
  openValue(depth: number): string {
    const string = stringRule(this.rules, { minLength: 0, maxLength: undefined });
    const scalar = this.rules.add("scalar", `${string} | ${this.numberRule({}, "")} | "true" | "false" | "null"`);
    if (depth <= 0) return scalar;
    const inner = this.openValue(depth - 1);
    const member = `${string} ${this.colon} ${inner}`;
    const object = `"{" ( ${member} ( ${this.comma} ${member} ){0,99} )? "}"`;
    const array = `"[" ( ${inner} ( ${this.comma} ${inner} ){0,99} )? "]"`;
    return this.rules.add(`any${depth}`, `${object} | ${array} | ${scalar}`);
  }
}

interface Bound {
  value: number;
  exclusive: boolean;
}

/** Lower and upper bounds from minimum/exclusiveMinimum (2020-12 numbers or draft-4 booleans). */
function numericBounds(schema: JsonSchemaObject): { lo?: Bound; hi?: Bound } {
  const pick = (inclusiveKey: string, exclusiveKey: string, tighter: (a: number, b: number) => boolean): Bound | undefined => {
    const inclusive = finite(schema[inclusiveKey]);
    const exclusive = schema[exclusiveKey];
    if (exclusive === true && inclusive !== undefined) return { value: inclusive, exclusive: true };
    const exclusiveValue = finite(exclusive);
    if (exclusiveValue !== undefined && (inclusive === undefined || tighter(exclusiveValue, inclusive) || exclusiveValue === inclusive)) {
      return { value: exclusiveValue, exclusive: true };
    }
    return inclusive === undefined ? undefined : { value: inclusive, exclusive: false };
  };
  return { lo: pick("minimum", "exclusiveMinimum", (a, b) => a > b), hi: pick("maximum", "exclusiveMaximum", (a, b) => a < b) };
}

function describeBound(bound: Bound | undefined): string {
  return bound === undefined ? "(none)" : `${bound.value}${bound.exclusive ? " (exclusive)" : ""}`;
}

function finite(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}


function hasType(value: unknown, type: unknown): boolean {
  switch (type) {
    case "string":
      return typeof value === "string";
    case "number":
      return typeof value === "number";
    case "integer":
      return typeof value === "number" && Number.isInteger(value);
    case "boolean":
      return typeof value === "boolean";
    case "null":
      return value === null;
    case "array":
      return Array.isArray(value);
    case "object":
      return isObject(value);
    default:
      return false;
  }
}

function withoutRef(schema: JsonSchemaObject): JsonSchemaObject {
  const { $ref: _ref, ...rest } = schema;
  return rest;
}

function alternation(atoms: string[]): string {
  return atoms.length === 1 ? atoms[0]! : `( ${atoms.join(" | ")} )`;
}

