// Writes package.json's `contributes.languageModelTools` from the tool registry (VS Code reads
// tool declarations from the manifest, so a tool added or changed in src/core/tools must show up
// there). Only that section's text is replaced; the rest of the file stays byte for byte.
//
//   npx tsx scripts/tool-manifest.ts           rewrite the section
//   npx tsx scripts/tool-manifest.ts --check   exit 1 if it is out of date
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { isDeepStrictEqual } from "node:util";
import { languageModelToolContributions } from "../src/vscode/tools/toolManifest";

const packageJson = path.resolve(__dirname, "..", "package.json");

/** Index just past the bracket that closes the one at `open`, skipping JSON strings. */
function closingBracket(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === "\\") i++;
    } else if (c === "[" || c === "{") depth++;
    else if (c === "]" || c === "}") {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  throw new Error("package.json: unbalanced brackets");
}

/** `value` as JSON, indented to sit at `indent` spaces (package.json's 2-space style). */
function render(value: unknown, indent: number): string {
  return JSON.stringify(value, null, 2).replace(/\n/g, `\n${" ".repeat(indent)}`);
}

export function withToolSection(text: string, tools: unknown): string {
  const key = /\n( *)"languageModelTools": *\[/.exec(text);
  if (key) {
    const open = key.index + key[0].length - 1;
    return text.slice(0, open) + render(tools, key[1]!.length) + text.slice(closingBracket(text, open));
  }
  const contributes = /\n( *)"contributes": *\{\n/.exec(text);
  if (!contributes) throw new Error('package.json has no "contributes" object');
  const indent = contributes[1]!.length + 2;
  const at = contributes.index + contributes[0].length;
  return `${text.slice(0, at)}${" ".repeat(indent)}"languageModelTools": ${render(tools, indent)},\n${text.slice(at)}`;
}

function main(): void {
  const check = process.argv.includes("--check");
  const text = readFileSync(packageJson, "utf8");
  const tools = languageModelToolContributions();
  const current = (JSON.parse(text) as { contributes?: { languageModelTools?: unknown } }).contributes?.languageModelTools;
  if (isDeepStrictEqual(current, tools)) {
    console.log(`package.json declares the ${tools.length} language model tools as the registry has them.`);
    return;
  }
  if (check) {
    console.error("package.json's contributes.languageModelTools is out of date: run `npx tsx scripts/tool-manifest.ts`.");
    process.exit(1);
  }
  const updated = withToolSection(text, tools);
  const written = (JSON.parse(updated) as { contributes: { languageModelTools: unknown } }).contributes.languageModelTools;
  if (!isDeepStrictEqual(written, tools)) throw new Error("the rewritten section does not read back as generated (package.json layout?)");
  writeFileSync(packageJson, updated);
  console.log(`Wrote ${tools.length} language model tools to package.json.`);
}

if (require.main === module) main();
