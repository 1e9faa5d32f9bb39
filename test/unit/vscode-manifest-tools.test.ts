// package.json must declare the language model tools exactly as the registry defines them: VS Code
// reads the declarations (names, descriptions, input schemas) from the manifest, not from the code.
// When this fails after a tool changed, run `npx tsx scripts/tool-manifest.ts`.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { isChangingRisk } from "../../src/core/tools/contract";
import { ALL_TOOLS } from "../../src/core/tools/registry";
import { languageModelToolContributions, toolDisplayName, toolUserDescription } from "../../src/vscode/tools/toolManifest";
import { withToolSection } from "../../scripts/tool-manifest";

const packageText = readFileSync(path.resolve(__dirname, "../../package.json"), "utf8");
const manifest = JSON.parse(packageText) as {
  contributes: { languageModelTools?: Array<{ name: string; when?: string }>; configuration: { properties: Record<string, { default?: unknown }> } };
};
const REGENERATE = "package.json is out of date: run `npx tsx scripts/tool-manifest.ts`";

test("package.json declares a language model tool for every registry tool, and no other", () => {
  const declared = (manifest.contributes.languageModelTools ?? []).map((tool) => tool.name).sort();
  assert.deepEqual(declared, ALL_TOOLS.map((tool) => tool.name).sort(), REGENERATE);
});

test("each declaration matches the registry (descriptions, input schema, tags)", () => {
  assert.deepEqual(manifest.contributes.languageModelTools, languageModelToolContributions(), REGENERATE);
});

test("changing tools are hidden in Restricted Mode, read-only tools are not", () => {
  for (const tool of ALL_TOOLS) {
    const declared = manifest.contributes.languageModelTools?.find((entry) => entry.name === tool.name);
    assert.equal(declared?.when, isChangingRisk(tool.risk) ? "isWorkspaceTrusted" : undefined, tool.name);
  }
});

test("tool display names and user descriptions are derived for people", () => {
  assert.equal(toolDisplayName("read_file"), "Read File");
  assert.equal(toolUserDescription("Reads a text file in the workspace. Use it to look at code first."), "Reads a text file in the workspace.");
  assert.equal(toolUserDescription("Lists files (e.g. src/a.ts) in a folder"), "Lists files (e.g. src/a.ts) in a folder");
});

test("regenerating rewrites only the tools section", () => {
  const tools = [{ name: "x", tags: ["gpt-oss"] }];
  const updated = withToolSection(packageText, tools);
  assert.deepEqual(JSON.parse(updated).contributes.languageModelTools, tools);
  const before = packageText.replace(/\n *"languageModelTools": *\[[\s\S]*$/, "");
  assert.ok(updated.startsWith(before), "the text before the section changed");
  // Written into a manifest that has none yet, the section is added to contributes.
  const without = withToolSection('{\n  "contributes": {\n    "commands": []\n  }\n}\n', tools);
  assert.deepEqual(JSON.parse(without).contributes, { languageModelTools: tools, commands: [] });
});

test("the tool settings are declared with their defaults", () => {
  const properties = manifest.contributes.configuration.properties;
  assert.deepEqual(properties["gptOss.tools.alwaysAllow"]?.default, []);
  assert.deepEqual(properties["gptOss.tools.secretAllowList"]?.default, []);
  assert.equal(properties["gptOss.tools.commandTimeoutSeconds"]?.default, 60);
  assert.equal(properties["gptOss.agent.maxSteps"]?.default, 25);
});
