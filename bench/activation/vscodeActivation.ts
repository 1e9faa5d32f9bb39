// For `bench:activation -- --vscode`: the activation time the real VS Code (code-server, the same
// harness as the e2e tests) reports for the extension built in dist/, after the chat opens.
import { extensionId, containerTitle } from "../../test/e2e/harness/paths";
import { reportedActivation, type ReportedActivation } from "../../test/e2e/harness/runningExtensions";
import { openSession } from "../../test/e2e/harness/session";
import { openViewContainer, webviewFrame } from "../../test/e2e/harness/workbench";

export async function measureVscodeActivation(): Promise<ReportedActivation & { codeServerVersion: string }> {
  const { CODE_SERVER_VERSION } = await import("../../scripts/code-server/install.mjs");
  const session = await openSession({ name: "bench-activation" });
  try {
    await openViewContainer(session.page, containerTitle);
    await webviewFrame(session.page, extensionId).locator('[data-testid="empty-state"]').waitFor({ state: "visible", timeout: 60_000 });
    const reported = await reportedActivation(session.page, extensionId);
    return { ...reported, codeServerVersion: CODE_SERVER_VERSION };
  } finally {
    await session.close();
  }
}
