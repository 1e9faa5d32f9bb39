// JSON Schema -> the TypeScript-like type the model reads in `namespace functions { ... }`.
// A line-for-line port of openai/harmony v0.0.8 `json_schema_to_typescript` (src/encoding.rs):
// the model was trained on this exact text, so its quirks are kept on purpose — e.g. a string
// default is quoted unless the schema is an enum, a oneOf's description moves above the
// property, nested objects indent by four spaces but oneOf variants by three.

/** A value read with serde_json's `Value::get`: only objects have keys; anything else has none. */
function get(value: unknown, key: string): unknown {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  return Object.prototype.hasOwnProperty.call(value, key) ? (value as Record<string, unknown>)[key] : undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isEnum(schema: unknown): boolean {
  const values = get(schema, "enum");
  return Array.isArray(values) && values.length > 0;
}

function isNullable(schema: unknown): boolean {
  return get(schema, "nullable") === true;
}

/**
 * A number as serde_json prints it. A whole number an i64 or u64 holds (-2^63 ..< 2^64) prints
 * its exact digits; anything else is an f64, printed as the `ryu` crate does: plain decimals for
 * 1e-5 <= |x| < 1e16, else the shortest digits with an exponent (`1e-6`, `1.8446744073709552e19`).
 * JSON.parse loses what cannot be told apart here (20.0 vs 20, 2^53+1).
 */
export function displayNumber(value: number): string {
  if (!Number.isFinite(value)) return "null";
  if (Number.isInteger(value) && value >= -(2 ** 63) && value < 2 ** 64) return BigInt(value).toString();
  // Shortest round-trip digits and exponent: value = d.ddd x 10^exp.
  const [mantissa, exponentText] = Math.abs(value).toExponential().split("e") as [string, string];
  const digits = mantissa.replace(".", "");
  const exp = Number(exponentText);
  const sign = value < 0 ? "-" : "";
  const kk = exp + 1; // 10^(kk-1) <= |value| < 10^kk
  if (kk > 0 && kk <= 16) {
    if (digits.length <= kk) return `${sign}${digits}${"0".repeat(kk - digits.length)}.0`;
    return `${sign}${digits.slice(0, kk)}.${digits.slice(kk)}`;
  }
  if (kk > -5 && kk <= 0) return `${sign}0.${"0".repeat(-kk)}${digits}`;
  const rest = digits.length > 1 ? `.${digits.slice(1)}` : "";
  return `${sign}${digits[0]}${rest}e${exp}`;
}

/** serde_json's compact `Display` of a value. */
export function displayJson(value: unknown): string {
  if (typeof value === "number") return displayNumber(value);
  if (Array.isArray(value)) return `[${value.map(displayJson).join(",")}]`;
  if (isPlainObject(value)) {
    return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}:${displayJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** The `default: ...` comment text; `quoteEnumStrings` is the top-level oneOf variant's variant of it. */
function defaultComment(schema: unknown, value: unknown, quoteEnumStrings: boolean): string {
  if (typeof value === "string" && !isEnum(schema)) return `default: "${value}"`;
  if (typeof value === "string" && !quoteEnumStrings) return `default: ${value}`;
  return `default: ${displayJson(value)}`;
}

/** Type text for a schema, given the indent of the enclosing property lines. */
export function jsonSchemaToTypescript(schema: unknown, indent: string): string {
  const oneOf = get(schema, "oneOf");
  if (Array.isArray(oneOf)) return topLevelOneOf(oneOf, indent);

  const type = get(schema, "type");
  if (Array.isArray(type)) {
    const names = type.filter((t): t is string => typeof t === "string").map((t) => (t === "integer" ? "number" : t));
    if (names.length > 0) return names.join(" | ");
  }
  if (typeof type !== "string") return "any";
  switch (type) {
    case "object":
      return objectType(schema, indent);
    case "string":
      return stringType(schema);
    case "number":
    case "integer":
      return "number";
    case "boolean":
      return "boolean";
    case "array": {
      const items = get(schema, "items");
      return items !== undefined ? `${jsonSchemaToTypescript(items, indent)}[]` : "Array<any>";
    }
    default:
      return "any";
  }
}

function stringType(schema: unknown): string {
  const values = get(schema, "enum");
  if (Array.isArray(values)) {
    const literals = values.filter((v): v is string => typeof v === "string").map((v) => `"${v}"`);
    if (literals.length > 0) return literals.join(" | ");
  }
  return "string";
}

function withNullable(variant: unknown, typeText: string): string {
  return isNullable(variant) && !typeText.includes("null") ? `${typeText} | null` : typeText;
}

function topLevelOneOf(variants: unknown[], indent: string): string {
  let out = "";
  for (const variant of variants) {
    out += `\n${indent} | `;
    out += withNullable(variant, jsonSchemaToTypescript(variant, `${indent}   `));
    const trailing: string[] = [];
    const description = get(variant, "description");
    if (typeof description === "string") trailing.push(description);
    const value = get(variant, "default");
    if (value !== undefined) trailing.push(defaultComment(variant, value, true));
    if (trailing.length > 0) out += ` // ${trailing.join(" ")}`;
  }
  return out;
}

function objectType(schema: unknown, indent: string): string {
  let out = "";
  const description = get(schema, "description");
  if (typeof description === "string") out += `${indent}// ${description}\n`;
  out += "{\n";
  const properties = get(schema, "properties");
  if (isPlainObject(properties)) {
    const requiredList = get(schema, "required");
    const required = new Set(Array.isArray(requiredList) ? requiredList.filter((r) => typeof r === "string") : []);
    for (const [key, property] of Object.entries(properties)) {
      out += propertyLines(key, property, required.has(key), indent);
    }
  }
  return `${out}${indent}}`;
}

function propertyLines(key: string, property: unknown, required: boolean, indent: string): string {
  let out = "";
  const title = get(property, "title");
  if (typeof title === "string") out += `${indent}// ${title}\n${indent}//\n`;
  const oneOf = get(property, "oneOf");
  const description = get(property, "description");
  if (oneOf === undefined && typeof description === "string") out += `${indent}// ${description}\n`;
  const examples = get(property, "examples");
  if (Array.isArray(examples) && examples.length > 0) {
    out += `${indent}// Examples:\n`;
    for (const example of examples) if (typeof example === "string") out += `${indent}// - "${example}"\n`;
  }
  const optional = required ? "" : "?";
  if (Array.isArray(oneOf)) return out + oneOfProperty(key, property, oneOf, optional, indent);

  out += `${indent}${key}${optional}: `;
  out += withNullable(property, jsonSchemaToTypescript(property, `${indent}    `));
  out += ",";
  const value = get(property, "default");
  if (oneOf === undefined && value !== undefined) out += ` // ${defaultComment(property, value, false)}`;
  return `${out}\n`;
}

/** A property whose type is a oneOf: comments above, then one ` | variant` line per variant. */
function oneOfProperty(key: string, property: unknown, variants: unknown[], optional: string, indent: string): string {
  let out = "";
  const description = get(property, "description");
  const propertyDescription = typeof description === "string" ? description : undefined;
  // The reference skips the property's description when the first variant repeats it.
  const firstDescription = variants.length > 0 ? get(variants[0], "description") : undefined;
  const skipDescription = propertyDescription !== undefined && firstDescription === propertyDescription;
  let describedAbove = false;
  if (!skipDescription && propertyDescription !== undefined) {
    out += `${indent}// ${propertyDescription}\n`;
    describedAbove = true;
  }
  const value = get(property, "default");
  if (value !== undefined) out += `${indent}// ${defaultComment(property, value, false)}\n`;
  out += `${indent}${key}${optional}:\n`;
  variants.forEach((variant, index) => {
    out += `${indent} | `;
    out += withNullable(variant, jsonSchemaToTypescript(variant, `${indent}   `));
    const trailing: string[] = [];
    const variantDescription = get(variant, "description");
    if (!(index === 0 && describedAbove) && typeof variantDescription === "string" && variantDescription !== propertyDescription) {
      trailing.push(variantDescription);
    }
    const variantDefault = get(variant, "default");
    if (variantDefault !== undefined) trailing.push(defaultComment(variant, variantDefault, false));
    if (trailing.length > 0) out += ` // ${trailing.join(" ")}`;
    out += "\n";
  });
  return `${out}${indent},\n`;
}
