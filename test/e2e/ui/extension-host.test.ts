// The mocha suites in test/e2e/suite/ run inside the real extension host (VS Code's
// extension-test API); this test starts them and fails with their output if they fail.
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertBuilt } from "../harness/built";
import { describeFailure, runExtensionTests } from "../harness/extensionTests";

describe("extension host", { timeout: 180_000 }, () => {
  it("the in-host mocha suites pass", async () => {
    assertBuilt({ suites: true });
    const result = await runExtensionTests({
      name: "extension-host",
      // Live, so a slow suite shows where it is; node --test prints a test file's stdout.
      onOutput: (line) => process.stdout.write(`  | ${line.replace(/\t/g, "    ")}\n`),
    });
    assert.equal(result.exitCode, 0, describeFailure(result));
    assert.ok(
      result.output.some((line) => /\d+ passing/.test(line)),
      `the suite printed no mocha summary: did it run?\n${describeFailure(result)}`,
    );
  });
});
