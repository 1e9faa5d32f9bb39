// Issue 20: the startup bundle (dist/extension.js) stays small, and the features bundle
// (dist/features.js) it loads on first use takes over its stand-ins without registering anything a
// second time. Reads the build's esbuild metafiles and runs the built bundle against the stub
// `vscode` of bench:activation, in a fresh Node process (`npm run build` first; `npm test` does).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";

const root = path.join(__dirname, "../..");
const dist = (file: string) => path.join(root, "dist", file);

function bundleInputs(name: string): string[] {
  const metafile = dist(`${name}.meta.json`);
  assert.ok(existsSync(metafile), `${metafile} is missing: run \`npm run build\` first`);
  const meta = JSON.parse(readFileSync(metafile, "utf8")) as { outputs: Record<string, { inputs: Record<string, unknown> }> };
  const output = meta.outputs[`dist/${name}.js`];
  assert.ok(output, `dist/${name}.js is not in its metafile`);
  return Object.keys(output.inputs);
}

test("the startup bundle holds no package (zod included) and none of the engine's running code, chat, agent or tools", () => {
  const inputs = bundleInputs("extension");
  assert.ok(inputs.includes("src/extension.ts") && inputs.includes("src/vscode/startup/standIns.ts"), `inputs read: ${inputs.join(", ")}`);
  // What may be there of the engine and Node layers: the model-file check that answers VS Code's
  // model-list request (languageModel/modelInformation.ts), i.e. the catalog, the model store and
  // the GGUF header reader. Not the model host, its process, the server backend or the scheduler.
  const modelFileCheck = /^src\/(engine\/(configuredModel|catalog|modelStore|lanes|contextSize|downloadLock|downloadErrors|download)\.ts|node\/gguf\/)/;
  const heavy =
    /^(node_modules\/|.*\/node_modules\/|src\/(features\.ts|engine\/|node\/|cli\/|webview\/|core\/(agent|harmony|tools|grammar|prompts)\/|vscode\/(chat|agent|codeActions\/fix(?!Target)|completions\/(provider|completionService)|languageModel\/(?!modelInformation)|tools\/(?!browserSwitch))))/;
  assert.deepEqual(inputs.filter((input) => heavy.test(input) && !modelFileCheck.test(input)), []);
});

test("the features bundle holds what moved out, and reaches the real vscode module only through featuresVscode.ts", () => {
  const inputs = bundleInputs("features");
  for (const file of ["src/features.ts", "src/engine/modelHost.ts", "src/vscode/chat/index.ts", "src/vscode/startup/featuresVscode.ts"]) assert.ok(inputs.includes(file), file);
  assert.ok(inputs.some((input) => input.includes("node_modules/zod/")), "zod is in the features bundle");
  assert.ok(!inputs.includes("src/vscode/startup/standIns.ts"), "the stand-ins exist once, in the startup bundle");
  // Only featuresVscode.ts requires the real module: any other require would register past the
  // stand-ins. (An unminified bundle marks each module's code with a `// path` line.)
  let module = "";
  const requiredFrom = new Set<string>();
  for (const line of readFileSync(dist("features.js"), "utf8").split("\n")) {
    module = /^\/\/ (src\/\S+|node_modules\/\S+)$/.exec(line)?.[1] ?? module;
    if (line.includes('require("vscode")')) requiredFrom.add(module);
  }
  assert.ok(!requiredFrom.has(""), "dist/features.js has no module marks: it is minified; run `npm run build`");
  assert.deepEqual([...requiredFrom], ["src/vscode/startup/featuresVscode.ts"]);
});

interface FirstUse {
  firstUseMs: number;
  registrations: { activated: Record<string, number>; afterFirstUse: Record<string, number> };
  logged: string[];
}

test("a first use loads the features: each contribution stays registered once, and every stand-in gets its handler", () => {
  const output = execFileSync(process.execPath, [path.join(root, "bench/activation/probe.cjs"), dist("extension.js"), "--activate", "--first-use", "gptOss.showLogs"], {
    encoding: "utf8",
    env: { ...process.env, EXTENSION_ROOT: root },
    timeout: 60_000,
  });
  const run = JSON.parse(output.trim().split("\n").pop()!) as FirstUse;
  const manifest = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as {
    contributes: { commands: Array<{ command: string }>; languageModelTools: Array<{ name: string }> };
  };
  const { activated, afterFirstUse } = run.registrations;
  // At activation: a stand-in for every contributed command and tool, the chat view, the chat
  // provider, the inline completions, the read-only documents' schemes, and the real light bulb
  // and status-bar items.
  const expected = [
    ...manifest.contributes.commands.map((c) => `command ${c.command}`),
    ...manifest.contributes.languageModelTools.map((t) => `tool ${t.name}`),
    "webview view gptOss.chat",
    "chat provider gpt-oss-local",
    "inline completion provider *",
    "code action provider *",
    "status item gptOss.model",
    "status item gptOss.inlineCompletions",
    ...["gptoss-checkpoint", "gpt-oss-fix", "gpt-oss-proposed"].map((scheme) => `content provider ${scheme}`),
  ].sort();
  assert.deepEqual(Object.keys(activated), expected);
  // After the features loaded: the same, each once (the status items were replaced, not added to).
  assert.deepEqual(afterFirstUse, activated);
  assert.ok(Object.values(afterFirstUse).every((count) => count === 1));
  // extension.ts logs a warning for each stand-in that the features gave no handler.
  assert.deepEqual(run.logged, []);
});
