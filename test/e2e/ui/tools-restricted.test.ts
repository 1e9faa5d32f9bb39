// The workspace tools in Restricted Mode: the in-host suite "tools: restricted mode"
// (test/e2e/suite/tools-restricted.test.ts), run in a window whose folder is not trusted.
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertBuilt } from "../harness/built";
import { describeFailure, runExtensionTests } from "../harness/extensionTests";

describe("tools in Restricted Mode", { timeout: 180_000 }, () => {
  it("offer no changing tool and ignore the secret allow-list", async () => {
    assertBuilt({ suites: true });
    const result = await runExtensionTests({
      name: "tools-restricted",
      disableWorkspaceTrust: false,
      env: { GPT_OSS_SUITE_GREP: "tools: restricted mode" },
      onOutput: (line) => process.stdout.write(`  | ${line.replace(/\t/g, "    ")}\n`),
    });
    assert.equal(result.exitCode, 0, describeFailure(result));
    assert.ok(
      result.output.some((line) => /[1-9]\d* passing/.test(line)),
      `the restricted-mode suite did not run (was the folder trusted?)\n${describeFailure(result)}`,
    );
    assert.ok(!result.output.some((line) => /pending/.test(line)), `tests were skipped:\n${describeFailure(result)}`);
  });
});
