// GBNF text building blocks: quoting literals the way llama.cpp's grammar parser reads them,
// and a rule set that names, shares and prints rules (only those the root can reach).

/** A GBNF string literal for `text`: `"` and `\` escaped, control characters as `\xHH`. */
export function gbnfLiteral(text: string): string {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, "0")}`;
    else out += ch;
  }
  return out + '"';
}

/**
 * Compact JSON for a literal value (enum, const, property name), with every `<` written as
 * `\u003c`: then no text the grammar accepts contains `<|`, which the tokenizer would read as a
 * harmony special token. The value is unchanged once parsed.
 */
export function jsonText(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c");
}

/** `name ::= body` lines, shared by body, printed root first and only when reachable. */
export class RuleSet {
  private readonly bodies = new Map<string, string | undefined>();
  private readonly byBody = new Map<string, string>();

  /** Defines a rule for `body`, or returns the name of an identical rule defined before. */
  add(nameHint: string, body: string): string {
    const existing = this.byBody.get(body);
    if (existing !== undefined) return existing;
    const name = this.reserve(nameHint);
    this.define(name, body);
    return name;
  }

  /** Claims a unique name whose body comes later (recursive rules refer to it meanwhile). */
  reserve(nameHint: string): string {
    const base = sanitize(nameHint);
    let name = base;
    for (let i = 2; this.bodies.has(name) || name === "root"; i++) name = `${base}-${i}`;
    this.bodies.set(name, undefined);
    return name;
  }

  define(name: string, body: string): void {
    this.bodies.set(name, body);
    if (!this.byBody.has(body)) this.byBody.set(body, name);
  }

  /** Forgets a reserved name whose body will never come (an impossible schema). */
  release(name: string): void {
    const body = this.bodies.get(name);
    this.bodies.delete(name);
    if (body !== undefined && this.byBody.get(body) === name) this.byBody.delete(body);
  }

  /** The grammar text: `root ::= rootBody`, then every rule it reaches, in definition order. */
  render(rootBody: string): string {
    const reached = new Set<string>();
    const visit = (body: string) => {
      for (const name of ruleReferences(body)) {
        if (reached.has(name)) continue;
        const ruleBody = this.bodies.get(name);
        if (ruleBody === undefined) throw new Error(`internal error: grammar rule "${name}" is used but never defined`);
        reached.add(name);
        visit(ruleBody);
      }
    };
    visit(rootBody);
    const lines = [`root ::= ${rootBody}`];
    for (const [name, body] of this.bodies) if (reached.has(name)) lines.push(`${name} ::= ${body}`);
    return lines.join("\n") + "\n";
  }
}

function sanitize(hint: string): string {
  const name = hint
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/-+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 40);
  return name || "v";
}

/** Rule names a GBNF body refers to: identifiers outside literals and character classes. */
export function ruleReferences(body: string): string[] {
  const names: string[] = [];
  let i = 0;
  while (i < body.length) {
    const ch = body[i]!;
    if (ch === '"' || ch === "[") {
      const close = ch === '"' ? '"' : "]";
      i++;
      while (i < body.length && body[i] !== close) i += body[i] === "\\" ? 2 : 1;
      i++;
    } else if (ch === "{") {
      while (i < body.length && body[i] !== "}") i++;
      i++;
    } else if (/[a-zA-Z0-9-]/.test(ch)) {
      const start = i;
      while (i < body.length && /[a-zA-Z0-9-]/.test(body[i]!)) i++;
      names.push(body.slice(start, i));
    } else {
      i++;
    }
  }
  return names;
}
