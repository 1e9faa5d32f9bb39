// Debian's Chromium driven by playwright-core (Playwright's own browser download is not
// reachable offline). Each launch gets a fresh, throwaway profile.
import { existsSync } from "fs";
import { chromium, type Browser } from "playwright-core";

const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Flags that keep headless Chromium quiet and working as root in containers. */
const args = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(executablePath)) {
    throw new Error(`no Chromium at ${executablePath}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  }
  // launch() (not launchPersistentContext) gives every run a new temporary user-data dir.
  return chromium.launch({ executablePath, headless: process.env.HEADED !== "1", args });
}
