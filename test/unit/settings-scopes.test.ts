// Issue 19: every setting must be read from the user settings file in a remote window too
// (code-server, Remote-SSH, WSL), and keep being read after VS Code re-reads that file.
//
// In a remote window VS Code parses the local user settings with only these scopes, from
// VS Code 1.105.1, src/vs/workbench/services/configuration/common/configuration.ts:
//   LOCAL_MACHINE_SCOPES = [APPLICATION, WINDOW, RESOURCE, LANGUAGE_OVERRIDABLE]
// A `machine` or `machine-overridable` setting written there is kept at startup (the first parse
// happens before extensions register their settings) but dropped at the next re-read, e.g. after
// a colour-theme change: the chat then forgot gptOss.model. test/e2e/ui/settings-change.test.ts
// shows it in the real VS Code; this keeps the manifest from bringing it back.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";

interface SettingSchema {
  scope?: string;
  restricted?: boolean;
}
const manifest = JSON.parse(readFileSync(path.resolve(__dirname, "../../package.json"), "utf8")) as {
  contributes: { configuration: { properties: Record<string, SettingSchema> } };
};
const settings = Object.entries(manifest.contributes.configuration.properties);
/** VS Code's default scope for a setting that names none. */
const scopeOf = (schema: SettingSchema) => schema.scope ?? "window";

const READ_FROM_LOCAL_USER_SETTINGS_IN_A_REMOTE_WINDOW = ["application", "window", "resource", "language-overridable"];

test("every setting has a scope that VS Code keeps reading from the user settings in a remote window", () => {
  const dropped = settings.filter(([, schema]) => !READ_FROM_LOCAL_USER_SETTINGS_IN_A_REMOTE_WINDOW.includes(scopeOf(schema)));
  assert.deepEqual(dropped.map(([key, schema]) => `${key}: ${scopeOf(schema)}`), []);
});

test("where prompts and the server API key go is never decided by a workspace's settings", () => {
  // `application` is the one scope above that workspace and folder settings cannot set.
  for (const key of ["gptOss.backend", "gptOss.server.url"]) {
    assert.equal(scopeOf(manifest.contributes.configuration.properties[key]!), "application", key);
  }
});

test("settings about this machine that a workspace may set are ignored in Restricted Mode", () => {
  for (const key of ["gptOss.modelsFolder", "gptOss.threads", "gptOss.contextSize", "gptOss.gpu", "gptOss.server.api", "gptOss.server.model", "gptOss.server.timeoutSeconds"]) {
    const schema = manifest.contributes.configuration.properties[key]!;
    assert.equal(scopeOf(schema), "window", key);
    assert.equal(schema.restricted, true, `${key} should be "restricted": an untrusted workspace must not set it`);
  }
});
