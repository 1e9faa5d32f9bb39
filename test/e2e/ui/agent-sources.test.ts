// The agent's outside sources in the real VS Code: the workspace's AGENTS.md shown as a chip, an
// MCP server from .vscode/mcp.json (the SDK fixture) that starts only once allowed and whose tool
// asks with its arguments, a checkpoint before the first change that Restore checkpoint puts back,
// the tool picker, and a changed mcp.json that asks again.
import * as assert from "node:assert/strict";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { assertBuilt } from "../harness/built";
import { screenshotOnFailure } from "../harness/failures";
import { containerTitle, extensionId, repoRoot } from "../harness/paths";
import { sampleWorkspaceCopy, waitFor } from "../harness/scratch";
import { openSession, tinyModelSettings, type Session } from "../harness/session";
import { openViewContainer, saveScreenshot, webviewFrame } from "../harness/workbench";

const SCRIPT = path.join(repoRoot, "test/fixtures/scripts/agent-sources.json");

describe("instructions, MCP tools, checkpoints and the tool picker in the chat", { timeout: 300_000 }, () => {
  let session: Session | undefined;
  let scratch: string;
  let taxFile: string;
  let mcpJson: string;

  before(async () => {
    assertBuilt();
    const copy = sampleWorkspaceCopy("agent-sources");
    scratch = copy.scratch;
    taxFile = path.join(copy.folder, "src/tax.ts");
    writeFileSync(path.join(copy.folder, "AGENTS.md"), "# House rules\nKeep rates in src/tax.ts.\n");
    mkdirSync(path.join(copy.folder, ".vscode"), { recursive: true });
    const server = { command: process.execPath, args: ["--import", "tsx", path.join(repoRoot, "test/fixtures/mcp/server.ts")], cwd: repoRoot };
    mcpJson = path.join(copy.folder, ".vscode/mcp.json");
    writeFileSync(mcpJson, JSON.stringify({ servers: { notes: server } }, null, 2));
    session = await openSession({
      name: "agent-sources",
      folder: copy.folder,
      // The same server from the user's own setting: it never asks.
      settings: await tinyModelSettings({ "gptOss.mcp.servers": { mine: server } }),
      env: { GPT_OSS_SCRIPT: SCRIPT },
    });
  });

  after(async () => {
    await session?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it("asks once before starting the workspace's MCP server; shows AGENTS.md in use and asks before the MCP tool, with its arguments", async () => {
    const page = session!.page;
    await screenshotOnFailure(page, "agent-sources-mcp", async () => {
      await openViewContainer(page, containerTitle);
      const view = webviewFrame(page, extensionId);
      const input = view.locator('[data-testid="composer-input"]');
      await input.waitFor({ state: "visible", timeout: 30_000 });
      await input.fill("Raise the VAT rate to 21% and note it");
      await input.press("Enter");
      const consent = page.locator(".monaco-dialog-box");
      await consent.waitFor({ timeout: 60_000 });
      const consentText = (await consent.textContent()) ?? "";
      assert.match(consentText, /Start MCP server "notes"\?/);
      assert.match(consentText, /It runs `.*server\.ts` from .*mcp\.json/);
      await saveScreenshot(page, "agent-sources-mcp-consent");
      await consent.getByRole("button", { name: "Allow", exact: true }).click();
      // No second dialog: "mine" comes from the user's setting (a dialog left open would hold the turn).
      await view.locator('[data-testid="instructions-chip"]', { hasText: "AGENTS.md" }).waitFor({ timeout: 120_000 });
      assert.equal(await consent.isVisible(), false);
      const mcpCard = view.locator('[data-testid="tool-card"]').nth(0);
      await mcpCard.getByRole("button", { name: "Approve", exact: true }).waitFor({ timeout: 120_000 });
      const text = (await mcpCard.textContent()) ?? "";
      assert.match(text, /Call add from MCP server notes/);
      assert.match(text, /VAT goes to 21%/);
      await saveScreenshot(page, "agent-sources-mcp-approval");
      await mcpCard.getByRole("button", { name: "Approve", exact: true }).click();
      await mcpCard.locator('[data-testid="tool-summary"]').waitFor({ timeout: 60_000 });
    });
  });

  it("takes a checkpoint before the edit; Restore checkpoint puts the file back after asking", async () => {
    const page = session!.page;
    await screenshotOnFailure(page, "agent-sources-checkpoint", async () => {
      const view = webviewFrame(page, extensionId);
      const edit = view.locator('[data-testid="tool-card"]').nth(1);
      await edit.getByRole("button", { name: "Approve", exact: true }).click({ timeout: 60_000 });
      await view.locator('[data-testid="turn-footer"]').waitFor({ timeout: 60_000 });
      await waitFor(() => readFileSync(taxFile, "utf8").includes("VAT_RATE = 0.21;"), 15_000, "the approved edit on disk");
      const bar = view.locator('[data-testid="checkpoint"]');
      await bar.waitFor({ timeout: 15_000 });
      await saveScreenshot(page, "agent-sources-checkpoint");

      await bar.locator('[data-testid="compare-checkpoint"]').click();
      await page.locator(".tabs-container .tab", { hasText: "Since before" }).waitFor({ timeout: 30_000 });
      await saveScreenshot(page, "agent-sources-compare");

      await bar.locator('[data-testid="restore-checkpoint"]').click();
      const dialog = page.locator(".monaco-dialog-box");
      await dialog.waitFor({ timeout: 15_000 });
      assert.match((await dialog.textContent()) ?? "", /src\/tax\.ts: changed/);
      await saveScreenshot(page, "agent-sources-restore-dialog");
      await dialog.getByRole("button", { name: "Restore" }).click();
      await waitFor(() => readFileSync(taxFile, "utf8").includes("VAT_RATE = 0.2;"), 15_000, "the file restored");
      await view.locator('[data-testid="notice"]', { hasText: "Workspace restored to before this message" }).waitFor({ timeout: 15_000 });
    });
  });

  it("the tool picker lists every source with its tools", async () => {
    const page = session!.page;
    await screenshotOnFailure(page, "agent-sources-picker", async () => {
      const view = webviewFrame(page, extensionId);
      await view.locator('[data-testid="pick-tools"]').click();
      const quick = page.locator(".quick-input-widget");
      await quick.locator(".monaco-list-row", { hasText: "read_file" }).first().waitFor({ timeout: 30_000 });
      assert.match((await quick.locator("input").first().getAttribute("placeholder")) ?? "", /tools on/);
      await saveScreenshot(page, "agent-sources-tool-picker");
      // The list is virtual: filter to bring the server's rows into view.
      await page.keyboard.type("notes");
      await quick.locator(".monaco-list-row", { hasText: "notes_add" }).first().waitFor({ timeout: 15_000 });
      assert.match((await quick.locator("#quickInput_list").textContent()) ?? "", /All of MCP server notes/);
      await quick.locator("input").first().fill("mine");
      await quick.locator(".monaco-list-row", { hasText: "mine_add" }).first().waitFor({ timeout: 15_000 });
      await page.keyboard.press("Escape");
    });
  });

  it("a changed mcp.json asks again; Don't Allow leaves the server off, and the tool picker allows it", async () => {
    const page = session!.page;
    await screenshotOnFailure(page, "agent-sources-consent-changed", async () => {
      const view = webviewFrame(page, extensionId);
      const config = JSON.parse(readFileSync(mcpJson, "utf8")) as { servers: { notes: Record<string, unknown> } };
      config.servers.notes.env = { TEST_MCP_VALUE: "changed" };
      writeFileSync(mcpJson, JSON.stringify(config, null, 2));
      const quick = page.locator(".quick-input-widget");
      const notStarted = quick.locator(".monaco-list-row", { hasText: "Allow MCP server notes to start" }).first();
      // The picker asks nobody: once the file watcher has seen the change, it lists the server as not started.
      await waitForAsync(async () => {
        await view.locator('[data-testid="pick-tools"]').click();
        await quick.locator(".monaco-list-row", { hasText: "read_file" }).first().waitFor({ timeout: 30_000 });
        await quick.locator("input").first().fill("notes");
        const shown = await notStarted.waitFor({ timeout: 2_000 }).then(() => true, () => false);
        await page.keyboard.press("Escape");
        return shown;
      }, 30_000, "the tool picker to see the changed mcp.json");

      const input = view.locator('[data-testid="composer-input"]');
      await input.fill("Anything new?");
      await input.press("Enter");
      const consent = page.locator(".monaco-dialog-box");
      await consent.waitFor({ timeout: 60_000 });
      assert.match((await consent.textContent()) ?? "", /Start MCP server "notes"\?/);
      await consent.getByRole("button", { name: "Don't Allow", exact: true }).click();
      await view.locator('[data-testid="notice"]', { hasText: /MCP server "notes": Not started: you chose Don't Allow/ }).waitFor({ timeout: 60_000 });
      await view.locator('[data-testid="turn-footer"]').nth(1).waitFor({ timeout: 60_000 });

      await view.locator('[data-testid="pick-tools"]').click();
      await quick.locator(".monaco-list-row", { hasText: "read_file" }).first().waitFor({ timeout: 30_000 });
      await quick.locator("input").first().fill("notes");
      await notStarted.waitFor({ timeout: 15_000 });
      assert.match((await notStarted.textContent()) ?? "", /not started.*Don't Allow/);
      await saveScreenshot(page, "agent-sources-picker-not-started");
      await notStarted.locator(".quick-input-list-label").click();
      await page.keyboard.press("Enter");
      await quick.waitFor({ state: "hidden", timeout: 15_000 });
      // Allowed: the picker now starts it and lists its tools.
      await view.locator('[data-testid="pick-tools"]').click();
      await quick.locator(".monaco-list-row", { hasText: "read_file" }).first().waitFor({ timeout: 30_000 });
      await quick.locator("input").first().fill("notes");
      await quick.locator(".monaco-list-row", { hasText: "notes_add" }).first().waitFor({ timeout: 30_000 });
      await page.keyboard.press("Escape");
    });
  });

  it("a server turned off in the tool picker stops and is listed as turned off; checking it turns it back on", async () => {
    const page = session!.page;
    await screenshotOnFailure(page, "agent-sources-turned-off", async () => {
      const view = webviewFrame(page, extensionId);
      const quick = page.locator(".quick-input-widget");
      const openPicker = async (filter: string) => {
        await view.locator('[data-testid="pick-tools"]').click();
        await quick.locator(".monaco-list-row", { hasText: "read_file" }).first().waitFor({ timeout: 30_000 });
        await quick.locator("input").first().fill(filter);
      };
      await waitFor(() => fixtureServers().mine > 0, 30_000, "the user setting's server to run");
      await openPicker("mine");
      const all = quick.locator(".monaco-list-row", { hasText: "All of MCP server mine" }).first();
      await all.waitFor({ timeout: 15_000 });
      await all.locator(".quick-input-list-label").click();
      await page.keyboard.press("Enter");
      await quick.waitFor({ state: "hidden", timeout: 15_000 });

      // The next look at the tools (the picker, or a message) rebuilds the servers without it.
      await openPicker("mine");
      const off = quick.locator(".monaco-list-row", { hasText: "MCP server mine" }).first();
      await off.waitFor({ timeout: 15_000 });
      assert.match((await off.textContent()) ?? "", /turned off/);
      assert.equal(await quick.locator(".monaco-list-row", { hasText: "mine_add" }).count(), 0);
      await saveScreenshot(page, "agent-sources-picker-turned-off");
      await waitFor(() => fixtureServers().mine === 0 && fixtureServers().notes > 0, 30_000, "the turned-off server to stop while notes runs");
      await off.locator(".quick-input-list-label").click();
      await page.keyboard.press("Enter");
      await quick.waitFor({ state: "hidden", timeout: 15_000 });

      await openPicker("mine");
      await quick.locator(".monaco-list-row", { hasText: "mine_add" }).first().waitFor({ timeout: 30_000 });
      await page.keyboard.press("Escape");
      await waitFor(() => fixtureServers().mine > 0, 30_000, "the server turned back on to run");
    });
  });
});

/**
 * The MCP fixture servers running on this machine: "notes" (mcp.json, since the last test with
 * TEST_MCP_VALUE=changed in its environment) and "mine" (the user setting, without it).
 */
function fixtureServers(): { notes: number; mine: number } {
  const counts = { notes: 0, mine: 0 };
  for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("test/fixtures/mcp/server.ts")) continue;
      const environ = readFileSync(`/proc/${pid}/environ`, "utf8").split("\0");
      counts[environ.includes("TEST_MCP_VALUE=changed") ? "notes" : "mine"]++;
    } catch {
      // The process ended while being read.
    }
  }
  return counts;
}

/** Polls an asynchronous check until it holds; throws naming `what` after `timeoutMs`. */
async function waitForAsync(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
