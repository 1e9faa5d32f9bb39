// `gpt-oss-local chat` arguments: options with values (spaced or `=`), flags, the message.
import assert from "node:assert/strict";
import { test } from "node:test";
import { UsageError } from "../../src/cli/command";
import { parseChatArguments } from "../../src/cli/commands/chat";

test("options, flags and a message of several words", () => {
  const args = parseChatArguments(["--model", "m.gguf", "--threads=2", "--context", "4096", "--effort", "high", "--temperature", "0.5", "--max-tokens", "64", "--seed", "0", "--show-reasoning", "--cpu", "hello", "there"]);
  assert.deepEqual(args, {
    model: "m.gguf",
    message: "hello there",
    effort: "high",
    showReasoning: true,
    cpu: true,
    threads: 2,
    contextSize: 4096,
    maxTokens: 64,
    seed: 0,
    temperature: 0.5,
    allowed: new Set(["read"]),
    json: false,
  });
});

test("agent mode: --workspace with --allow, --json and --max-steps", () => {
  const args = parseChatArguments(["--model", "m.gguf", "--workspace", "ws", "--allow", "edit,run", "--json", "--max-steps", "5", "fix it"]);
  assert.equal(args.workspace, "ws");
  assert.deepEqual(args.allowed, new Set(["read", "edit", "run"]));
  assert.equal(args.json, true);
  assert.equal(args.maxSteps, 5);
});

test("defaults: medium effort, nothing else set", () => {
  assert.deepEqual(parseChatArguments(["--model", "m.gguf", "--script", "s.json", "hi"]), {
    model: "m.gguf",
    message: "hi",
    effort: "medium",
    showReasoning: false,
    cpu: false,
    script: "s.json",
    allowed: new Set(["read"]),
    json: false,
  });
});

test("a message that starts with a dash goes after --", () => {
  assert.equal(parseChatArguments(["--model", "m.gguf", "--", "-1 or 1?"]).message, "-1 or 1?");
});

test("mistakes are usage errors", () => {
  for (const args of [
    ["hi"],
    ["--model", "m.gguf"],
    ["--model", "m.gguf", "--effort", "max", "hi"],
    ["--model", "m.gguf", "--threads", "0", "hi"],
    ["--model", "m.gguf", "--temperature", "hot", "hi"],
    ["--model", "m.gguf", "--bogus", "hi"],
    ["--model"],
    ["--model", "m.gguf", "--json", "hi"],
    ["--model", "m.gguf", "--workspace", "ws", "--allow", "write", "hi"],
    ["--model", "m.gguf", "--workspace", "ws", "--max-steps", "0", "hi"],
  ]) {
    assert.throws(() => parseChatArguments(args), UsageError, args.join(" "));
  }
});

test("agent mode: --no-instructions, --checkpoints DIR or --no-checkpoints, --mcp-config FILE or --no-mcp", () => {
  const args = parseChatArguments(["--model", "m.gguf", "--workspace", "ws", "--no-instructions", "--checkpoints", "cp", "--mcp-config", "mcp.json", "go"]);
  assert.equal(args.noInstructions, true);
  assert.equal(args.checkpoints, "cp");
  assert.equal(args.mcpConfig, "mcp.json");
  const off = parseChatArguments(["--model", "m.gguf", "--workspace", "ws", "--no-checkpoints", "--no-mcp", "go"]);
  assert.equal(off.checkpoints, false);
  assert.equal(off.mcpConfig, false);
  for (const flag of [["--no-instructions"], ["--checkpoints", "cp"], ["--no-mcp"], ["--mcp-config", "x"]]) {
    assert.throws(() => parseChatArguments(["--model", "m.gguf", ...flag, "go"]), UsageError, flag.join(" "));
  }
});
