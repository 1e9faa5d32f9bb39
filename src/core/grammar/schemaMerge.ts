// `allOf` folded into one schema, for the keywords a grammar can honour: types intersect,
// bounds tighten, properties and required lists combine, enums intersect. zod v4 emits allOf
// for intersections it cannot flatten itself (e.g. two refinements of one string).

export type JsonSchemaObject = Record<string, unknown>;

/** Raised when the schemas cannot both hold (disjoint types, enums, consts). */
export class SchemaConflict extends Error {}

const LOWER_BOUNDS = new Set(["minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties"]);
const UPPER_BOUNDS = new Set(["maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties"]);
const FIRST_WINS = new Set(["description", "title", "default", "examples", "$schema", "$id", "$comment", "deprecated", "readOnly", "writeOnly"]);

/** `a` and `b` at once; `onConflict` hears about keywords kept from `a` only. */
export function mergeSchemas(a: JsonSchemaObject, b: JsonSchemaObject, onConflict: (keyword: string) => void): JsonSchemaObject {
  const out: JsonSchemaObject = { ...a };
  for (const [key, value] of Object.entries(b)) {
    if (!(key in out)) {
      out[key] = value;
      continue;
    }
    const mine = out[key];
    if (FIRST_WINS.has(key) || sameJson(mine, value)) continue;
    if (LOWER_BOUNDS.has(key) && typeof mine === "number" && typeof value === "number") out[key] = Math.max(mine, value);
    else if (UPPER_BOUNDS.has(key) && typeof mine === "number" && typeof value === "number") out[key] = Math.min(mine, value);
    else if (key === "type") out[key] = intersectTypes(mine, value);
    else if (key === "required" && Array.isArray(mine) && Array.isArray(value)) out[key] = [...new Set([...mine, ...value])];
    else if (key === "properties" && isObject(mine) && isObject(value)) out[key] = mergeProperties(mine, value);
    else if (key === "enum" && Array.isArray(mine) && Array.isArray(value)) {
      const kept = mine.filter((m) => value.some((v) => sameJson(m, v)));
      if (kept.length === 0) throw new SchemaConflict("the enums have no value in common");
      out[key] = kept;
    } else if (key === "const") throw new SchemaConflict("two different consts");
    else if (key === "additionalProperties" && (mine === false || value === false)) out[key] = false;
    else if ((key === "items" || key === "additionalProperties" || key === "propertyNames") && isSchema(mine) && isSchema(value)) out[key] = { allOf: [mine, value] };
    else onConflict(key);
  }
  return out;
}

function mergeProperties(a: JsonSchemaObject, b: JsonSchemaObject): JsonSchemaObject {
  const out: JsonSchemaObject = { ...a };
  for (const [name, schema] of Object.entries(b)) out[name] = name in out ? { allOf: [out[name], schema] } : schema;
  return out;
}

function intersectTypes(a: unknown, b: unknown): unknown {
  const left = typeList(a);
  const right = typeList(b);
  const both = new Set<string>();
  for (const t of left) {
    if (right.includes(t)) both.add(t);
    else if (t === "integer" && right.includes("number")) both.add("integer");
    else if (t === "number" && right.includes("integer")) both.add("integer");
  }
  if (both.size === 0) throw new SchemaConflict(`types ${JSON.stringify(a)} and ${JSON.stringify(b)} have nothing in common`);
  const list = [...both];
  return list.length === 1 ? list[0] : list;
}

function typeList(type: unknown): string[] {
  if (typeof type === "string") return [type];
  if (Array.isArray(type)) return type.filter((t): t is string => typeof t === "string");
  return [];
}

export function isObject(value: unknown): value is JsonSchemaObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isSchema(value: unknown): boolean {
  return isObject(value) || typeof value === "boolean";
}

export function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A length or count keyword's value, or undefined when it is missing or not a count. */
export function nonNegativeInt(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) && value >= 0 ? Math.floor(value) : undefined;
}
