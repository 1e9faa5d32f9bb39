// Captures the theme variables VS Code really gives a webview, from code-server (VS Code 1.105)
// with its default themes, into themes.json, so the webview tests render with true colours.
// Run by hand when VS Code's defaults move: `npx tsx test/webview/captureThemes.ts`
// (needs `npm run code-server` and `node esbuild.mjs`).
import { writeFileSync } from "fs";
import type { Page } from "playwright-core";
import * as path from "path";
import { containerTitle, extensionId } from "../e2e/harness/paths";
import { openSession } from "../e2e/harness/session";
import { openViewContainer, webviewFrame } from "../e2e/harness/workbench";

const themes = {
  dark: { theme: "Dark Modern", kind: "vscode-dark" },
  light: { theme: "Light Modern", kind: "vscode-light" },
  "high-contrast": { theme: "Dark High Contrast", kind: "vscode-high-contrast" },
};

async function pickTheme(page: Page, theme: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await page.locator(".part.statusbar").click({ position: { x: 2, y: 2 } });
      await page.keyboard.press("F1");
      const input = page.locator(".quick-input-widget input");
      await input.fill(">Preferences: Color Theme", { timeout: 10_000 });
      await page.locator(".quick-input-widget .monaco-list-row", { hasText: "Preferences: Color Theme" }).first().click({ timeout: 10_000 });
      await input.fill(theme, { timeout: 10_000 });
      await page.locator(".quick-input-widget .monaco-list-row", { hasText: theme }).first().click({ timeout: 10_000 });
      return;
    } catch (error) {
      if (attempt === 3) throw error;
      await page.keyboard.press("Escape");
    }
  }
}

async function capture(label: string, theme: string, kind: string): Promise<{ variables: Record<string, string>; bodyClass: string }> {
  const session = await openSession({ name: `capture-theme-${label}` });
  try {
    await openViewContainer(session.page, containerTitle);
    // code-server ignores workbench.colorTheme in a fresh profile's settings: pick it as a user would.
    await pickTheme(session.page, theme);
    const html = webviewFrame(session.page, extensionId).locator("html");
    await html.waitFor({ state: "attached", timeout: 30_000 });
    // The workbench paints with a cached theme first; the webview gets the configured one later.
    await webviewFrame(session.page, extensionId).locator(`body.${kind}`).waitFor({ state: "attached", timeout: 30_000 });
    return await html.evaluate((element) => {
      const style = (element as HTMLElement).style;
      const variables: Record<string, string> = {};
      for (let i = 0; i < style.length; i++) {
        const name = style[i]!;
        if (name.startsWith("--vscode-")) variables[name] = style.getPropertyValue(name).trim();
      }
      return { variables, bodyClass: document.body.className };
    });
  } finally {
    await session.close();
  }
}

async function main(): Promise<void> {
  const result: Record<string, unknown> = {};
  for (const [label, { theme, kind }] of Object.entries(themes)) {
    const captured = await capture(label, theme, kind);
    result[label] = { theme, ...captured };
    console.log(`${label}: ${Object.keys(captured.variables).length} variables`);
  }
  writeFileSync(path.join(__dirname, "themes.json"), `${JSON.stringify(result, null, 1)}\n`);
}

void main();
