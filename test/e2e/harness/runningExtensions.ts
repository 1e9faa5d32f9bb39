// What VS Code itself reports about an extension's activation, from "Developer: Show Running
// Extensions" (its running-extensions data): the time on the row ("Activation: 381ms") and the
// breakdown in the row's hover (code loading, the activate call, ...) when VS Code shows one.
import type { Page } from "playwright-core";
import { runCommand } from "./workbench";

export interface ReportedActivation {
  /** Milliseconds as the row shows them. */
  ms: number;
  /** The row's own words, e.g. "Activation: 381ms" or "Startup Activation: 553ms". */
  text: string;
  /** The hover's text (what activated it and how the time splits), if it showed. */
  detail?: string;
}

export async function reportedActivation(page: Page, extensionId: string, timeoutMs = 30_000): Promise<ReportedActivation> {
  await runCommand(page, "Developer: Show Running Extensions");
  const list = page.locator(".runtime-extensions-editor .monaco-list").first();
  await list.waitFor({ state: "visible", timeout: timeoutMs });
  const row = page.locator(".runtime-extensions-editor .monaco-list-row", { hasText: extensionId }).first();
  // The list is virtual: scroll until the row is rendered.
  const deadline = Date.now() + timeoutMs;
  while (!(await row.isVisible())) {
    if (Date.now() > deadline) throw new Error(`"${extensionId}" is not among the running extensions`);
    await list.hover();
    await page.mouse.wheel(0, 300);
    await page.waitForTimeout(100);
  }
  const time = row.locator(".activation-time");
  await time.waitFor({ state: "visible", timeout: timeoutMs });
  const text = ((await time.textContent()) ?? "").trim();
  const match = /([\d,.]+)\s*ms/.exec(text);
  if (!match) throw new Error(`the running-extensions row shows no activation time: "${text}"`);
  await time.hover();
  const hover = page.locator(".workbench-hover", { hasText: /activat/i }).first();
  const detail = (await hover.waitFor({ state: "visible", timeout: 3_000 }).then(() => hover.textContent(), () => null))?.trim() || undefined;
  return { ms: Number(match[1]!.replace(/,/g, "")), text, ...(detail ? { detail } : {}) };
}
