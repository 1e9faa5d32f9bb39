// Objects, records and arrays. The delicate part is the commas: with optional members, a comma
// goes before every member except the first one actually written, so each position has two
// rules, "nothing written yet" and "something written", chained in declared order:
//
//   {a (required), b?, c?}:   root ::= "{" o-0-first "}"
//     o-0-first ::= "\"a\"" colon A o-1                  # a is always first
//     o-1 ::= comma "\"b\"" colon B o-2 | o-2          # b or not, comma since a came before
//     o-2 ::= ( comma "\"c\"" colon C )?
//
// Every alternative starts with a different key, so llama.cpp never tracks more than a few
// stacks, and any subset of the optional members comes out in declared order.
import { ImpossibleSchemaError } from "./errors";
import { gbnfLiteral, jsonText, type RuleSet } from "./gbnf";
import { isObject, nonNegativeInt, type JsonSchemaObject } from "./schemaMerge";

/** What the container rules need from the converter. */
export interface ContainerContext {
  readonly rules: RuleSet;
  readonly comma: string;
  readonly colon: string;
  convert(schema: unknown, pointer: string, hint: string, leftRefs: ReadonlySet<string>): string;
  warn(pointer: string, text: string): void;
  impossible(pointer: string, reason: string): never;
  stringRuleFor(schema: JsonSchemaObject, pointer: string): string;
}

/** Above this, a count bound is left to zod (llama.cpp drops repetition bounds over 2,000). */
export const MAX_EXACT_COUNT = 1000;

interface Member {
  key: string;
  value: string;
  required: boolean;
}

/** An object with known property names (additionalProperties beyond them are never generated). */
export function objectRule(ctx: ContainerContext, schema: JsonSchemaObject, pointer: string, hint: string): string {
  const properties = isObject(schema.properties) ? schema.properties : {};
  const required = new Set(Array.isArray(schema.required) ? schema.required.filter((n): n is string => typeof n === "string") : []);
  const additional = schema.additionalProperties;
  const entries: Array<{ name: string; schema: unknown; pointer: string }> = Object.entries(properties).map(([name, sub]) => ({
    name,
    schema: sub,
    pointer: `${pointer}/properties/${escapePointer(name)}`,
  }));
  // z.record(z.enum([...]), V) names its keys in propertyNames: an object with exactly those.
  const names = isObject(schema.propertyNames) ? schema.propertyNames.enum : undefined;
  if (entries.length === 0 && Array.isArray(names)) {
    for (const name of names) if (typeof name === "string") entries.push({ name, schema: additional ?? true, pointer: `${pointer}/additionalProperties` });
  }
  for (const name of required) {
    if (entries.some((e) => e.name === name)) continue;
    if (additional === false) ctx.impossible(pointer, `"${name}" is required but not an allowed property`);
    entries.push({ name, schema: additional ?? true, pointer: `${pointer}/required` });
  }

  const members: Member[] = [];
  for (const entry of entries) {
    const isRequired = required.has(entry.name);
    let value: string;
    try {
      value = ctx.convert(entry.schema, entry.pointer, `${hint}-${entry.name}`, new Set());
    } catch (error) {
      if (!(error instanceof ImpossibleSchemaError) || isRequired) throw error;
      ctx.warn(entry.pointer, "admits no value, so the optional property is never generated");
      continue;
    }
    members.push({ key: gbnfLiteral(jsonText(entry.name)), value, required: isRequired });
  }
  const minProperties = nonNegativeInt(schema.minProperties);
  const maxProperties = nonNegativeInt(schema.maxProperties);
  const requiredCount = members.filter((m) => m.required).length;
  if (maxProperties !== undefined && maxProperties < requiredCount) ctx.impossible(pointer, `maxProperties ${maxProperties} < ${requiredCount} required properties`);
  if (minProperties !== undefined && minProperties > members.length) ctx.impossible(pointer, `minProperties ${minProperties} > ${members.length} possible properties`);
  if ((minProperties ?? 0) > requiredCount || (maxProperties ?? Infinity) < members.length) ctx.warn(pointer, "minProperties/maxProperties are left to zod");

  const inside = membersRule(ctx, members, hint);
  return ctx.rules.add(hint, `"{" ${inside ? `${inside} ` : ""}"}"`);
}

/** The members of an object, any subset of the optional ones, in order: a rule name or "". */
function membersRule(ctx: ContainerContext, members: Member[], hint: string): string {
  const memo = new Map<string, string>();
  const from = (i: number, started: boolean): string => {
    if (i === members.length) return "";
    const key = `${i}:${started}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    const member = members[i]!;
    const present = [started ? ctx.comma : "", member.key, ctx.colon, member.value, from(i + 1, true)].filter(Boolean).join(" ");
    let body = present;
    if (!member.required) {
      const absent = from(i + 1, started);
      body = absent ? `${present} | ${absent}` : `( ${present} )?`;
    }
    const name = ctx.rules.add(`${hint}-${i}${started ? "" : "-first"}`, body);
    memo.set(key, name);
    return name;
  };
  return from(0, false);
}

/** An object with free keys (z.record, a bare "object"): `{ key: value, ... }`. */
export function recordRule(ctx: ContainerContext, schema: JsonSchemaObject, pointer: string, hint: string): string {
  const additional = schema.additionalProperties;
  const minProperties = nonNegativeInt(schema.minProperties) ?? 0;
  const maxProperties = nonNegativeInt(schema.maxProperties);
  if (maxProperties !== undefined && minProperties > maxProperties) ctx.impossible(pointer, `minProperties ${minProperties} > maxProperties ${maxProperties}`);
  const keySchema = isObject(schema.propertyNames) ? schema.propertyNames : {};
  const key = ctx.stringRuleFor(keySchema, `${pointer}/propertyNames`);
  let value: string;
  try {
    value = ctx.convert(additional === undefined ? true : additional, `${pointer}/additionalProperties`, `${hint}-value`, new Set());
  } catch (error) {
    if (!(error instanceof ImpossibleSchemaError) || minProperties > 0) throw error;
    return '"{}"';
  }
  const entry = ctx.rules.add(`${hint}-entry`, `${key} ${ctx.colon} ${value}`);
  const inside = list(ctx, entry, minProperties, maxProperties, pointer);
  return ctx.rules.add(hint, `"{" ${inside ? `${inside} ` : ""}"}"`);
}

/** Arrays: prefixItems (tuples) first, then `items`, within minItems..maxItems. */
export function arrayRule(ctx: ContainerContext, schema: JsonSchemaObject, pointer: string, hint: string): string {
  const tupleInItems = Array.isArray(schema.items); // draft-07 tuples: items [..], additionalItems
  const prefix = (Array.isArray(schema.prefixItems) ? schema.prefixItems : tupleInItems ? (schema.items as unknown[]) : []) as unknown[];
  const restSchema = tupleInItems ? schema.additionalItems : schema.items;
  const min = nonNegativeInt(schema.minItems) ?? 0;
  let max = nonNegativeInt(schema.maxItems);
  if (restSchema === false) max = Math.min(max ?? prefix.length, prefix.length);
  if (max !== undefined && min > max) ctx.impossible(pointer, `minItems ${min} > ${max === prefix.length && restSchema === false ? "the tuple's length" : `maxItems ${max}`}`);
  if (schema.uniqueItems === true) ctx.warn(pointer, "uniqueItems is left to zod");

  const positions: string[] = [];
  for (let i = 0; i < prefix.length && (max === undefined || i < max); i++) {
    try {
      positions.push(ctx.convert(prefix[i], `${pointer}/prefixItems/${i}`, `${hint}-${i}`, new Set()));
    } catch (error) {
      if (!(error instanceof ImpossibleSchemaError) || i < min) throw error;
      max = i; // nothing can stand at position i, so the array ends before it
    }
  }
  let rest: string | undefined;
  if (restSchema !== false && (max === undefined || max > positions.length)) {
    try {
      rest = ctx.convert(restSchema === undefined ? true : restSchema, `${pointer}/items`, `${hint}-item`, new Set());
    } catch (error) {
      if (!(error instanceof ImpossibleSchemaError) || min > positions.length) throw error;
    }
  }

  // Position i is written only if every position before it is; from `min` on, each is optional.
  const tail = (i: number): string => {
    if (i === positions.length) {
      if (rest === undefined) return "";
      const restMax = max === undefined ? undefined : max - i;
      const restMin = Math.max(0, min - i);
      if (i === 0) return list(ctx, rest, restMin, restMax, pointer);
      return repeat(`( ${ctx.comma} ${rest} )`, restMin, restMax, ctx, pointer);
    }
    const after = tail(i + 1);
    const present = [i > 0 ? ctx.comma : "", positions[i]!, after].filter(Boolean).join(" ");
    return ctx.rules.add(`${hint}-from${i}`, i < min ? present : `( ${present} )?`);
  };
  const inside = tail(0);
  return ctx.rules.add(hint, `"[" ${inside ? `${inside} ` : ""}"]"`);
}

/** `item ( comma item )*` with between `min` and `max` items (max undefined: no bound); "" if none. */
function list(ctx: ContainerContext, item: string, min: number, max: number | undefined, pointer: string): string {
  if (max === 0) return "";
  const more = repeat(`( ${ctx.comma} ${item} )`, Math.max(0, min - 1), max === undefined ? undefined : max - 1, ctx, pointer);
  const sequence = more ? `${item} ${more}` : item;
  return min === 0 ? `( ${sequence} )?` : sequence;
}

/** `atom{min,max}` in GBNF's shortest spelling; "" when it can only be empty. */
function repeat(atom: string, min: number, max: number | undefined, ctx: ContainerContext, pointer: string): string {
  if (min > MAX_EXACT_COUNT) {
    ctx.warn(pointer, `counts above ${MAX_EXACT_COUNT} are left to zod`);
    min = MAX_EXACT_COUNT;
  }
  if (max !== undefined && max > MAX_EXACT_COUNT) {
    ctx.warn(pointer, `counts above ${MAX_EXACT_COUNT} are left to zod`);
    max = undefined;
  }
  if (max === 0) return "";
  if (max === undefined) return min === 0 ? `${atom}*` : min === 1 ? `${atom}+` : `${atom}{${min},}`;
  if (min === max) return min === 1 ? atom : `${atom}{${min}}`;
  if (min === 0 && max === 1) return `${atom}?`;
  return `${atom}{${min},${max}}`;
}

function escapePointer(name: string): string {
  return name.replace(/~/g, "~0").replace(/\//g, "~1");
}
