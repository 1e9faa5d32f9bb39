// A failed UI step is much easier to read with a picture of the window at that moment.
import type { Page } from "playwright-core";
import { saveScreenshot } from "./workbench";

/** Runs `step`; if it throws, saves test-results/screenshots/NAME-failure.png and rethrows. */
export async function screenshotOnFailure<T>(page: Page | undefined, name: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (page && !page.isClosed()) {
      const file = await saveScreenshot(page, `${name}-failure`).catch(() => undefined);
      if (file && error instanceof Error) error.message += `\n(screenshot: ${file})`;
    }
    throw error;
  }
}
