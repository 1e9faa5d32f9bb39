import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import { describeConfiguredModel } from "../../src/engine/configuredModel";
import { tinyModelPath } from "../helpers/tinyModel";

test("a local gpt-oss GGUF is described from its header with no problem", async () => {
  const file = await tinyModelPath();
  const info = await describeConfiguredModel(file, path.dirname(file));
  assert.equal(info.kind, "file");
  if (info.kind !== "file") return;
  assert.equal(info.problem, undefined);
  assert.ok((info.parameters ?? 0) > 1e6, "parameters counted from the tensors");
  assert.ok((info.sizeBytes ?? 0) > 1e6, "file size read");
});
