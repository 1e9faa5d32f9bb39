// `npm run package` makes a VSIX that installs into the real VS Code offline, activates, and
// carries a node-llama-cpp that loads on that VS Code's Node with the platform's binaries.
import * as assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import type { CodeServer } from "../../../scripts/code-server/launch.mjs" with { "resolution-mode": "import" };
import { tinyModelPath } from "../../helpers/tinyModel";
import { screenshotOnFailure } from "../harness/failures";
import { containerTitle, extensionId, repoRoot } from "../harness/paths";
import { openSession, type Session } from "../harness/session";
import { openViewContainer, saveScreenshot, webviewFrame } from "../harness/workbench";

const vsix = path.join(repoRoot, ".cache/package/e2e-linux-x64-cpu.vsix");

describe("packaged VSIX", { timeout: 240_000 }, () => {
  let session: Session | undefined;
  let server: CodeServer;

  before(async () => {
    // CPU-only keeps the test quick (~13 MB); the GPU variants differ only in which
    // @node-llama-cpp packages the generated ignore file re-includes.
    execFileSync(process.execPath, ["scripts/package.mjs", "--target", "linux-x64", "--cpu-only", "--out", vsix], {
      cwd: repoRoot,
      stdio: "inherit",
    });
    session = await openSession({ name: "vsix", vsix: [vsix], extensionDevelopmentPath: null });
    server = session.server;
  });

  after(async () => {
    await session?.close();
  });

  it("installs into code-server's extensions folder with only this platform's binaries", () => {
    const installed = readdirSync(server.extensionsDir).find((name) => name.startsWith(`${extensionId}-`));
    assert.ok(installed, `no ${extensionId}-* folder in ${readdirSync(server.extensionsDir).join(", ")}`);
    const platforms = readdirSync(path.join(server.extensionsDir, installed, "node_modules/@node-llama-cpp"));
    assert.deepEqual(platforms, ["linux-x64"]);
    assert.ok(!existsSync(path.join(server.extensionsDir, installed, "node_modules/node-llama-cpp/llama/gitRelease.bundle")));
  });

  it("ships the files the bundle loads on first use, and they load from the installed bundle's folder", async () => {
    const { ensureCodeServer } = await import("../../../scripts/code-server/install.mjs");
    const { nodeBin } = await ensureCodeServer();
    const installed = readdirSync(server.extensionsDir).find((name) => name.startsWith(`${extensionId}-`))!;
    const bundle = path.join(server.extensionsDir, installed, "dist/extension.js");
    const features = path.join(server.extensionsDir, installed, "dist/features.js");
    for (const meta of ["extension", "features"]) assert.ok(!existsSync(path.join(server.extensionsDir, installed, `dist/${meta}.meta.json`)), "the build's metafiles stay out");
    // The features (issue 20): the startup bundle requires them from their own file on first use.
    assert.match(readFileSync(bundle, "utf8"), /require\("\.\/features\.js"\)/, "the startup bundle loads the features from their own file");
    assert.ok(existsSync(features), "dist/features.js is in the VSIX");
    // The o200k ranks for the server backend's token counts (issue 20): required the way the
    // features bundle requires them, relative to it, on VS Code's own Node.
    assert.match(readFileSync(features, "utf8"), /require\("\.\/o200k-base\.js"\)/, "the features bundle loads the ranks from their own file");
    const script = `console.log(JSON.stringify(require("node:module").createRequire(process.argv[1])("./o200k-base.js").encode("hello world")))`;
    const tokens = JSON.parse(execFileSync(nodeBin, ["-e", script, features], { encoding: "utf8", timeout: 60_000 }).trim()) as number[];
    assert.deepEqual(tokens, [24912, 2375], "o200k_base's tokens for \"hello world\"");
    // The engine's child process (issue 13): beside the bundle, and it starts on VS Code's Node
    // (without an IPC channel it says what it is and exits 2: the file is there and runs).
    const engineHost = path.join(server.extensionsDir, installed, "dist/engineHost.js");
    assert.ok(existsSync(engineHost), "dist/engineHost.js is in the VSIX");
    const child = spawnSync(nodeBin, [engineHost], { encoding: "utf8", timeout: 60_000 });
    assert.equal(child.status, 2);
    assert.match(child.stderr, /the gpt-oss engine's child process/);
  });

  it("activates from the installed VSIX and shows the chat's empty state", async () => {
    const page = session!.page;
    await screenshotOnFailure(page, "vsix-chat", async () => {
      await openViewContainer(page, containerTitle);
      const emptyState = webviewFrame(page, extensionId).locator('[data-testid="empty-state"]');
      await emptyState.waitFor({ state: "visible", timeout: 30_000 });
      await saveScreenshot(page, "vsix-chat-empty-state");
    });
  });

  it("its node-llama-cpp loads the tiny gpt-oss model on VS Code's own Node", async () => {
    const { ensureCodeServer } = await import("../../../scripts/code-server/install.mjs");
    const { nodeBin } = await ensureCodeServer();
    const installed = readdirSync(server.extensionsDir).find((name) => name.startsWith(`${extensionId}-`))!;
    const extensionDir = path.join(server.extensionsDir, installed);
    // Resolved from the installed extension's folder, never from the repository's node_modules.
    const script = `
      const { createRequire } = require("node:module");
      const entry = createRequire(${JSON.stringify(path.join(extensionDir, "package.json"))}).resolve("node-llama-cpp");
      import(entry).then(async ({ getLlama }) => {
        const llama = await getLlama({ gpu: false, build: "never", skipDownload: true, progressLogs: false, logLevel: "error" });
        const model = await llama.loadModel({ modelPath: process.argv[1] });
        const tokens = model.tokenize("<|start|>user<|message|>hi<|end|>", true);
        console.log(JSON.stringify({ entry, tokens: Array.from(tokens) }));
        await model.dispose();
        await llama.dispose();
      });`;
    const output = execFileSync(nodeBin, ["-e", script, await tinyModelPath()], { encoding: "utf8", timeout: 120_000 });
    const result = JSON.parse(output.trim().split("\n").pop()!) as { entry: string; tokens: number[] };
    assert.ok(result.entry.startsWith(extensionDir), `node-llama-cpp came from ${result.entry}`);
    assert.equal(result.tokens[0], 200006, "<|start|> is one special token");
    assert.equal(result.tokens.at(-1), 200007, "<|end|> is one special token");
  });
});
