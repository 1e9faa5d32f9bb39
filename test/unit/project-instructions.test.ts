// Project instructions (AGENTS.md, .github/copilot-instructions.md, the user's setting): read
// through the tools' path and secret policy, capped, and placed after our own instructions.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { test } from "node:test";
import { conversationHead } from "../../src/core/prompts/conversationHead";
import { capSources, instructionsSection, readProjectInstructions } from "../../src/core/prompts/projectInstructions";
import { renderConversation } from "../../src/core/harmony/index";
import { segmentsToText } from "../../src/core/harmony/segments";
import { makeWorkspace } from "./tools-fixture";

test("AGENTS.md and .github/copilot-instructions.md are read, in that order, under their file names", async () => {
  const ws = makeWorkspace({ app: { "AGENTS.md": "Run tests with `npm run check`.\n", ".github/copilot-instructions.md": "Use tabs.", "src/a.ts": "x" } });
  try {
    const read = await readProjectInstructions(ws.env, { userText: "Answer in French." });
    assert.deepEqual(read.sources.map((s) => s.label), ["AGENTS.md", ".github/copilot-instructions.md", "Settings (gptOss.instructions)"]);
    assert.equal(read.sources[0]!.text, "Run tests with `npm run check`.");
    assert.equal(read.sources[0]!.absolute, ws.path("AGENTS.md"));
    const section = instructionsSection(read);
    assert.ok(section.indexOf("## AGENTS.md") < section.indexOf("## .github/copilot-instructions.md"));
    assert.match(section, /## Settings \(gptOss.instructions\)\n\nAnswer in French\./);
  } finally {
    ws.remove();
  }
});

test("a workspace without instruction files gives none, and the developer message is unchanged", async () => {
  const ws = makeWorkspace({ app: { "README.md": "hi" } });
  try {
    const read = await readProjectInstructions(ws.env);
    assert.deepEqual(read, { sources: [], skipped: [] });
    const base = { effort: "medium" as const, tools: [], folders: ["app"], date: "2026-12-08" };
    assert.deepEqual(conversationHead({ ...base, projectInstructions: instructionsSection(read) }), conversationHead(base));
  } finally {
    ws.remove();
  }
});

test("the instructions go into the developer message's # Instructions, after ours", async () => {
  const ws = makeWorkspace({ app: { "AGENTS.md": "Never touch vendor/." } });
  try {
    const head = conversationHead({
      effort: "medium",
      tools: [],
      folders: ["app"],
      date: "2026-12-08",
      projectInstructions: instructionsSection(await readProjectInstructions(ws.env)),
    });
    const text = segmentsToText(renderConversation(head));
    const developer = text.slice(text.indexOf("<|start|>developer"));
    assert.match(developer, /# Instructions\n\nYou are a coding assistant[\s\S]*## AGENTS\.md\n\nNever touch vendor\/\./);
  } finally {
    ws.remove();
  }
});

test("in a multi-root workspace each folder's AGENTS.md is read, named with its folder", async () => {
  const ws = makeWorkspace({ web: { "AGENTS.md": "web rules" }, api: { "AGENTS.md": "api rules" } });
  try {
    const read = await readProjectInstructions(ws.env);
    assert.deepEqual(read.sources.map((s) => [s.label, s.text]), [["web/AGENTS.md", "web rules"], ["api/AGENTS.md", "api rules"]]);
  } finally {
    ws.remove();
  }
});

test("an AGENTS.md that links to a secret or outside the workspace is refused, not read", async () => {
  const ws = makeWorkspace(
    { app: { ".env": "API_KEY=sk-live-123", "AGENTS.md": { link: ".env" }, ".github/copilot-instructions.md": { link: "../../outside.md" } } },
    { outside: { "outside.md": "outside text" } },
  );
  try {
    const read = await readProjectInstructions(ws.env);
    assert.deepEqual(read.sources, []);
    assert.equal(read.skipped.length, 2);
    assert.doesNotMatch(JSON.stringify(read), /sk-live-123|outside text/);
    assert.match(read.skipped[0]!.reason, /secret|\.env/i);
  } finally {
    ws.remove();
  }
});

test("an AGENTS.md that is a named pipe is skipped without blocking", async () => {
  const ws = makeWorkspace({ app: { "src/a.ts": "x" } });
  try {
    execFileSync("mkfifo", [ws.path("AGENTS.md")]);
    const read = await readProjectInstructions(ws.env);
    assert.deepEqual(read.sources, []);
    assert.deepEqual(read.skipped.map((s) => s.label), ["AGENTS.md"]);
  } finally {
    ws.remove();
  }
});

test("the cap cuts the source that crosses it and leaves out later ones, saying so", () => {
  const sources = capSources(
    [
      { label: "AGENTS.md", text: "a".repeat(60) },
      { label: "b.md", text: "b".repeat(60) },
      { label: "c.md", text: "c".repeat(10) },
    ],
    100,
  );
  assert.deepEqual(sources.map((s) => s.text.length), [60, 40, 0]);
  assert.equal(sources[0]!.capNote, undefined);
  assert.match(sources[1]!.capNote!, /cut here.*100 characters/);
  assert.match(sources[2]!.capNote!, /left out/);
  const section = instructionsSection({ sources, skipped: [] });
  assert.match(section, /## c\.md\n\n\(left out/);
});
