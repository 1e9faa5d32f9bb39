// The registry: which tools a session offers (trust, language services, the user's allow-list)
// and how they are described to the model (JSON Schema -> harmony's namespace functions, and a
// grammar for the arguments).
import assert from "node:assert/strict";
import { test } from "node:test";
import { jsonSchemaToGbnf } from "../../src/core/grammar/index";
import { developerContent, renderConversation, segmentsToText } from "../../src/core/harmony/index";
import { ALL_TOOLS, availableTools, findTool, functionToolDescriptions, toolInputSchema } from "../../src/core/tools/registry";

const names = (tools: readonly { name: string }[]) => tools.map((tool) => tool.name);

test("all twelve tools are registered once each, finding and reading first, changing last", () => {
  assert.deepEqual(names(ALL_TOOLS), [
    "read_file",
    "list_directory",
    "find_files",
    "search_text",
    "get_editor_context",
    "get_diagnostics",
    "get_document_symbols",
    "find_definition",
    "find_references",
    "edit_file",
    "create_file",
    "run_command",
  ]);
});

test("tool names are snake_case, as the model calls them", () => {
  for (const tool of ALL_TOOLS) assert.match(tool.name, /^[a-z]+(_[a-z]+)*$/);
});

test("risks: edit_file and create_file edit, run_command runs, the rest only read", () => {
  const risky = ALL_TOOLS.filter((tool) => tool.risk !== "read").map((tool) => [tool.name, tool.risk]);
  assert.deepEqual(risky, [["edit_file", "edit"], ["create_file", "edit"], ["run_command", "run"]]);
});

test("every changing tool can show its change before it runs", () => {
  for (const tool of ALL_TOOLS.filter((t) => t.risk !== "read")) assert.equal(typeof tool.prepare, "function", tool.name);
});

test("a trusted workspace with language services gets every tool", () => {
  assert.deepEqual(names(availableTools({ trusted: true, languageServices: true })), names(ALL_TOOLS));
});

test("an untrusted workspace gets only the read-only tools", () => {
  const tools = availableTools({ trusted: false, languageServices: true });
  assert.ok(tools.length > 0);
  assert.ok(tools.every((tool) => tool.risk === "read"));
  assert.ok(!names(tools).includes("edit_file") && !names(tools).includes("run_command"));
});

test("without language services (the command-line tool) the tools that need them are not offered", () => {
  assert.deepEqual(names(availableTools({ trusted: true, languageServices: false })), [
    "read_file",
    "list_directory",
    "find_files",
    "search_text",
    "edit_file",
    "create_file",
    "run_command",
  ]);
});

test("an allow-list keeps only the named tools", () => {
  assert.deepEqual(names(availableTools({ trusted: true, languageServices: false, allowed: ["search_text", "run_command", "get_diagnostics"] })), [
    "search_text",
    "run_command",
  ]);
});

test("findTool finds a tool by its name, and nothing for an unknown name", () => {
  assert.equal(findTool(ALL_TOOLS, "read_file")?.name, "read_file");
  assert.equal(findTool(ALL_TOOLS, "read"), undefined);
  assert.equal(findTool(availableTools({ trusted: false, languageServices: true }), "edit_file"), undefined);
});

test("toolInputSchema is the parameters' JSON Schema without $schema, defaults optional", () => {
  const schema = toolInputSchema(findTool(ALL_TOOLS, "search_text")!);
  assert.equal(schema.$schema, undefined);
  assert.equal(schema.type, "object");
  assert.deepEqual(schema.required, ["query"]);
  const properties = schema.properties as Record<string, Record<string, unknown>>;
  assert.deepEqual(Object.keys(properties), ["query", "is_regex", "case_sensitive", "include", "path", "max_results"]);
  assert.equal(properties.max_results!.default, 100);
});

test("every parameter, nested ones included, is described for the model", () => {
  const undescribed: string[] = [];
  const visit = (schema: Record<string, unknown>, where: string) => {
    for (const [name, property] of Object.entries((schema.properties ?? {}) as Record<string, Record<string, unknown>>)) {
      if (typeof property.description !== "string" || property.description.length < 10) undescribed.push(`${where}.${name}`);
      const items = property.items as Record<string, unknown> | undefined;
      if (items?.properties) visit(items, `${where}.${name}[]`);
    }
  };
  for (const tool of ALL_TOOLS) visit(toolInputSchema(tool), tool.name);
  assert.deepEqual(undescribed, []);
});

test("every description says what the tool does and returns, in a few sentences", () => {
  for (const tool of ALL_TOOLS) {
    assert.ok(tool.description.length > 80 && tool.description.length < 700, `${tool.name}: ${tool.description.length} chars`);
    assert.match(tool.description, /Returns|returns|Tells you/, tool.name);
  }
});

test("the descriptions render as harmony's namespace functions", () => {
  const text = segmentsToText(renderConversation([{ role: "developer", content: developerContent("Help.", functionToolDescriptions(ALL_TOOLS)) }]));
  assert.match(text, /namespace functions \{/);
  assert.match(text, /type read_file = \(_: \{\n\/\/ The file to read, relative to the workspace folder, e\.g\. src\/index\.ts\.\npath: string,/);
  assert.match(text, /type get_editor_context = \(\) => any;/);
  assert.match(text, /max_results\?: number, \/\/ default: 100/);
});

test("every tool's parameters become an argument grammar", () => {
  for (const tool of ALL_TOOLS) {
    const { grammar } = jsonSchemaToGbnf(toolInputSchema(tool));
    assert.ok(grammar.includes("root ::="), tool.name);
  }
});

test("invocation messages name what the tool is doing", () => {
  const message = (name: string, params: unknown) => findTool(ALL_TOOLS, name)!.invocationMessage(params);
  assert.equal(message("read_file", { path: "src/a.ts" }), "Reading src/a.ts");
  assert.equal(message("search_text", { query: "TODO", path: "src" }), 'Searching for "TODO" in src');
  assert.equal(message("edit_file", { path: "a.ts", edits: [{}, {}] }), "Editing a.ts (2 changes)");
  assert.equal(message("run_command", { command: "npm test" }), "Running npm test");
});
