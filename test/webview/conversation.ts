// A realistic conversation as host messages, shared by the screenshot test and the benchmark's
// warm-up: reasoning, a preamble, tool calls in every state, an answer with code, notes.
import type { HostToWebview } from "../../src/core/protocol";
import { chunks, event, text, turnStart } from "./harness";

const reasoning =
  "The user asks why the build fails. I should read tsconfig.json and the failing file first.\n\nThe error mentions `moduleResolution`; Node16 needs explicit extensions in ESM files.";

const answer = `The build fails because \`src/index.ts\` is an **ES module** under \`"moduleResolution": "node16"\`, so relative imports need their \`.js\` extension.

### Fix

1. Add the extension to the import:
2. Or switch the project to \`"moduleResolution": "bundler"\`.

\`\`\`ts
import { parse } from "./parser.js"; // was "./parser"

export function main(argv: string[]): number {
  const options = parse(argv.slice(2));
  return options.verbose ? 1 : 0;
}
\`\`\`

| setting | effect |
|---|---|
| \`node16\` | extensions required in ESM |
| \`bundler\` | extensions optional |

See the [TypeScript handbook](https://www.typescriptlang.org/docs/handbook/modules/reference.html) for details.`;

/** Every message of a finished turn with tools, then a second turn queued behind a running one. */
export function sampleConversation(): HostToWebview[] {
  const t = "t1";
  return [
    turnStart(t, "Why does `npm run build` fail with TS2835?"),
    event(t, { kind: "step", step: 1 }),
    ...chunks(reasoning).map((c) => text(t, "analysis", c)),
    ...chunks("Let me look at the TypeScript settings and the file the error names.").map((c) => text(t, "commentary", c)),
    event(t, { kind: "toolCall", callId: "c1", name: "read_file", invocation: "Reading tsconfig.json", arguments: '{"path":"tsconfig.json"}', risk: "read" }),
    event(t, {
      kind: "toolResult",
      callId: "c1",
      isError: false,
      summary: "Read tsconfig.json (14 lines)",
      preview: '{\n  "compilerOptions": {\n    "module": "node16",\n    "moduleResolution": "node16"\n  }\n}',
      durationMs: 4,
    }),
    event(t, { kind: "toolCall", callId: "c2", name: "run_command", invocation: "Running npm run build", arguments: '{"command":"npm run build"}', risk: "run" }),
    event(t, { kind: "approvalRequested", callId: "c2", preview: { kind: "command", command: "npm run build", cwd: "sample-workspace" } }),
    event(t, { kind: "approval", callId: "c2", approved: false, reason: "Not now" }),
    event(t, { kind: "contextTrimmed", detail: "2 older tool results were shortened." }),
    event(t, { kind: "step", step: 2 }),
    ...chunks(answer).map((c) => text(t, "final", c)),
    event(t, { kind: "done", reason: "final", steps: 2, tokensPerSecond: 31.7 }),
    turnStart("t2", "Apply the fix, please."),
    ...chunks("I will edit the import in src/index.ts.").map((c) => text("t2", "commentary", c)),
    event("t2", { kind: "toolCall", callId: "c3", name: "edit_file", invocation: "Editing src/index.ts", arguments: '{"path":"src/index.ts","edits":[{"old":"./parser\\"","new":"./parser.js\\""}]}', risk: "edit" }),
    event("t2", { kind: "approvalRequested", callId: "c3", preview: { kind: "edit", path: "src/index.ts", create: false, added: 1, removed: 1 } }),
    { type: "chatState", busy: true, queued: 1 },
  ];
}
