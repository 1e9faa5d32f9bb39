// Small, named steps on a code-server workbench page. Selectors come from VS Code's DOM
// (measured on code-server 4.105.1 / VS Code 1.105.1); keep them here, not in the tests.
import { mkdirSync } from "fs";
import * as path from "path";
import type { FrameLocator, Locator, Page } from "playwright-core";
import { screenshotsDir } from "./paths";

/** Waits until the workbench has rendered its activity bar and status bar. */
export async function waitForWorkbench(page: Page, timeoutMs = 60_000): Promise<void> {
  await page.locator(".monaco-workbench").waitFor({ state: "visible", timeout: timeoutMs });
  await page.locator(".part.activitybar").waitFor({ state: "visible", timeout: timeoutMs });
  await page.locator(".part.statusbar").waitFor({ state: "visible", timeout: timeoutMs });
}

/** The activity-bar entry of a view container, found by its title (aria-label starts with it). */
export function activityBarItem(page: Page, title: string): Locator {
  return page.locator(`.part.activitybar a.action-label[aria-label^="${cssString(title)}"]`);
}

/**
 * Shows a view container in the side bar by clicking its activity-bar entry. Clicking an entry
 * that is already showing would hide the side bar, so an active one is left alone.
 */
export async function openViewContainer(page: Page, title: string, timeoutMs = 30_000): Promise<void> {
  const item = activityBarItem(page, title);
  await item.waitFor({ state: "visible", timeout: timeoutMs });
  const checked = await item.evaluate((el) => el.closest(".action-item")?.classList.contains("checked") ?? false);
  const sideBarVisible = await page.locator(".part.sidebar").isVisible();
  if (!checked || !sideBarVisible) await item.click();
  await page
    .locator(".part.sidebar .composite.title h2", { hasText: new RegExp(`^${escapeRegExp(title)}`, "i") })
    .waitFor({ state: "visible", timeout: timeoutMs });
}

/**
 * The document inside an extension's webview (a view or a panel). VS Code nests two iframes:
 * the outer one (class `webview`, `ready` once loaded) is the host, `#active-frame` the content.
 */
export function webviewFrame(page: Page, extensionId: string): FrameLocator {
  return page
    .frameLocator(`iframe.webview.ready[src*="extensionId=${cssString(extensionId)}"]`)
    .frameLocator("#active-frame");
}

/**
 * Runs a command through the command palette (F1), by its title as the palette shows it,
 * e.g. "gpt-oss: Open Chat". Clicks the matching row rather than pressing Enter, so a
 * half-filtered list can never run a neighbour.
 */
export async function runCommand(page: Page, title: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const input = page.locator(".quick-input-widget input");
  const row = page
    .locator(".quick-input-widget .monaco-list-row")
    .filter({ has: page.locator(".label-name", { hasText: new RegExp(`^${escapeRegExp(title)}$`) }) })
    .first();
  for (;;) {
    // Focus the workbench itself: a key press inside a webview may not reach the palette.
    await page.locator(".part.statusbar").click({ position: { x: 2, y: 2 } });
    await page.keyboard.press("F1");
    await input.waitFor({ state: "visible", timeout: timeoutMs });
    await input.fill(`>${title}`);
    // Right after the window opens, the extension's contributed commands may not be in the
    // palette yet, and an open palette does not refresh its list: close it and ask again.
    const left = deadline - Date.now();
    const found = await row.waitFor({ state: "visible", timeout: Math.max(1_000, Math.min(3_000, left)) }).then(() => true, () => false);
    if (found) break;
    await page.keyboard.press("Escape");
    if (Date.now() > deadline) throw new Error(`the command palette has no command titled "${title}" after ${Math.round(timeoutMs / 1000)} s`);
  }
  await row.click({ timeout: timeoutMs });
  await input.waitFor({ state: "hidden", timeout: timeoutMs });
}

/**
 * Switches the colour theme through "Preferences: Color Theme", by its label as the picker shows
 * it ("Dark Modern", "Light Modern"). The `workbench.colorTheme` setting in a fresh code-server
 * profile is not applied (measured: the window stays Light+), so tests pick it as a person would.
 */
/** Built-in themes whose file (and so the workbench's class) is not named after their label. */
const THEME_FILES: Record<string, string> = { "Dark High Contrast": "hc_black", "Light High Contrast": "hc_light" };

export async function setColorTheme(page: Page, label: string, timeoutMs = 30_000): Promise<void> {
  await page.locator(".part.statusbar").click({ position: { x: 2, y: 2 } });
  await page.keyboard.press("F1");
  const input = page.locator(".quick-input-widget input");
  await input.waitFor({ state: "visible", timeout: timeoutMs });
  await input.fill(">Preferences: Color Theme");
  await page.locator(".quick-input-widget .monaco-list-row", { hasText: "Preferences: Color Theme" }).first().click({ timeout: timeoutMs });
  // Typed before looking for the row: the list is virtual, and scrolls to the current theme.
  await input.fill(label);
  await page.locator(".quick-input-widget .monaco-list-row", { hasText: label }).first().waitFor({ timeout: timeoutMs });
  await page.keyboard.press("Enter");
  const id = THEME_FILES[label] ?? label.toLowerCase().replace(/\W+/g, "_");
  await page.locator(`.monaco-workbench[class*="${id}"]`).waitFor({ timeout: timeoutMs });
}

/** Opens a workspace file in the editor through Quick Open (from the workbench, not a webview). */
export async function openFile(page: Page, relative: string): Promise<void> {
  await page.locator(".part.statusbar").click({ position: { x: 2, y: 2 } });
  await page.keyboard.press("Control+P");
  const input = page.locator(".quick-input-widget input");
  await input.waitFor({ state: "visible", timeout: 15_000 });
  await input.fill(relative);
  await page.locator(".quick-input-widget .monaco-list-row", { hasText: path.basename(relative) }).first().click();
  await page.locator(".tabs-container .tab.active", { hasText: path.basename(relative) }).waitFor({ timeout: 15_000 });
}

/** Quick Open the file, go to `line` (1-based) and to `column` (1-based), or to the line's end. */
export async function openFileAt(page: Page, file: string, line: number, column?: number): Promise<void> {
  await page.locator(".part.statusbar").click({ position: { x: 2, y: 2 } });
  await page.keyboard.press("Control+P");
  const input = page.locator(".quick-input-widget input");
  await input.waitFor({ state: "visible", timeout: 15_000 });
  await input.fill(column === undefined ? `${file}:${line}` : `${file}:${line}:${column}`);
  await page.locator(".quick-input-widget .monaco-list-row", { hasText: file.split("/").pop()! }).first().waitFor({ timeout: 15_000 });
  await input.press("Enter");
  await input.waitFor({ state: "hidden", timeout: 15_000 });
  const cursor = page.locator(".part.statusbar", { hasText: new RegExp(`Ln ${line}, Col ${column ?? 1}(?!\\d)`) });
  await cursor.waitFor({ timeout: 15_000 });
  if (column !== undefined) return;
  await page.keyboard.press("End");
  await page.locator(".part.statusbar", { hasText: new RegExp(`Ln ${line}, Col [2-9]`) }).waitFor({ timeout: 15_000 });
}

/** Gives the keyboard back to the editor after the palette, the cursor where it was. */
export async function focusEditor(page: Page): Promise<void> {
  await runCommand(page, "View: Focus Active Editor Group");
}

/** Visible notification toasts (e.g. errors an extension shows). */
export function notifications(page: Page): Locator {
  return page.locator(".notifications-toasts .notification-toast");
}

/** Saves a full-window screenshot as test-results/screenshots/NAME.png and returns its path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotsDir, { recursive: true });
  // The last click leaves the pointer over something with a hover (an activity-bar tooltip):
  // park it over the editor area and let the hover fade, so pictures show the UI itself.
  const size = page.viewportSize();
  if (size) await page.mouse.move(size.width - 20, size.height / 2);
  await page.locator(".workbench-hover, .monaco-hover:not(.hidden)").first().waitFor({ state: "hidden", timeout: 2000 }).catch(() => undefined);
  const file = path.join(screenshotsDir, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

function cssString(value: string): string {
  return value.replace(/["\\]/g, "\\$&");
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
