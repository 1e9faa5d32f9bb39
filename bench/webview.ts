// Chat webview streaming cost: streams a 5,000- and a 10,000-token markdown answer (prose, lists,
// tables, code blocks; real o200k tokens) into the real webview bundle in Chromium, in real time
// at 200 tokens/s by default (no virtual time: frames, timers and saving run as in VS Code), and
// prints the main thread's script time per 1,000 tokens (CDP Performance.getMetrics
// ScriptDuration) and the ratio of the two totals. Linear rendering gives ~2.0 for twice the
// tokens; the target is <= 2.2. Prints; never fails on time.
// Run: npx tsx bench/webview.ts [--rate 200] [--sizes 5000,10000]
import { decode, encode } from "gpt-tokenizer/encoding/o200k_base";
import type { Page } from "playwright-core";
import { event, launchChromium, openWebview, turnStart, usableModel } from "../test/webview/harness";
import { positiveInt } from "./args";

const TARGET_RATIO = 2.2;

function option(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index < 0 ? undefined : process.argv[index + 1];
}

const rate = positiveInt("rate", option("rate"), 200);
const sizes = (option("sizes") ?? "5000,10000").split(",").map((s) => positiveInt("sizes", s, 0));

const codeSamples: Array<[string, string]> = [
  [
    "ts",
    `export async function loadConfig(path: string): Promise<Config> {
  const text = await readFile(path, "utf8"); // may throw ENOENT
  const raw = JSON.parse(text) as Partial<Config>;
  if (raw.retries !== undefined && raw.retries < 0) throw new Error("retries must be >= 0");
  return { retries: 3, timeoutMs: 30_000, ...raw };
}`,
  ],
  [
    "python",
    `def chunks(items, size=100):
    """Yields lists of at most size items."""
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch`,
  ],
  ["json", `{\n  "compilerOptions": {\n    "strict": true,\n    "module": "node16",\n    "target": "es2022"\n  },\n  "include": ["src"]\n}`],
  ["bash", `npm ci\nnpm run build -- --production\nnode --test "test/**/*.test.ts" # all suites`],
];

/** A long answer as a model writes one: sections with prose, lists, a table and code. */
function answerText(tokens: number): string {
  const parts: string[] = [];
  let used = 0;
  for (let section = 1; used < tokens; section++) {
    const [lang, code] = codeSamples[section % codeSamples.length]!;
    const part = `## Step ${section}: ${["Read the configuration", "Batch the work", "Tighten the compiler", "Run the suites"][section % 4]}

The function below handles **case ${section}**. It keeps \`retries\` and \`timeoutMs\` in one place, so a caller never has to repeat the defaults; see [the docs](https://example.com/docs/${section}) for the reasoning behind each value.

- it validates the input before using it
- it returns a *complete* object, never a partial one
- errors name the field that was wrong (\`retries\`, \`timeoutMs\`)

\`\`\`${lang}
${code}
\`\`\`

| field | default | note |
|---|---|---|
| retries | 3 | per request |
| timeoutMs | 30000 | per attempt |

`;
    parts.push(part);
    used += encode(part).length;
  }
  return parts.join("");
}

/** The answer as the model's token texts (ASCII only, so each token decodes on its own). */
function tokenTexts(count: number): string[] {
  return encode(answerText(count))
    .slice(0, count)
    .map((token) => decode([token]));
}

/** Reads Chromium's cumulative main-thread metrics (seconds) over one CDP session. */
async function metricsReader(page: Page): Promise<() => Promise<Record<string, number>>> {
  const session = await page.context().newCDPSession(page);
  await session.send("Performance.enable", { timeDomain: "threadTicks" });
  return async () => {
    const { metrics: list } = await session.send("Performance.getMetrics");
    return Object.fromEntries(list.map((m) => [m.name, m.value]));
  };
}

/**
 * Streams the tokens from inside the page at `perSecond`, as host messages; resolves when done.
 * A string, not a function: tsx's transform would add helpers (__name) the page lacks.
 */
async function streamInPage(page: Page, turnId: string, tokens: string[], perSecond: number): Promise<void> {
  const driver = `new Promise((resolve) => {
    const { turnId, tokens, perSecond } = ${JSON.stringify({ turnId, tokens, perSecond })};
    const started = performance.now();
    let sent = 0;
    const tick = () => {
      const due = Math.min(tokens.length, Math.floor(((performance.now() - started) / 1000) * perSecond));
      for (; sent < due; sent++) {
        window.dispatchEvent(new MessageEvent("message", { data: { type: "turnEvent", turnId, event: { kind: "text", channel: "final", text: tokens[sent] } } }));
      }
      if (sent < tokens.length) setTimeout(tick, 5);
      else resolve();
    };
    tick();
  })`;
  await page.evaluate(driver);
}

async function measure(tokens: string[]): Promise<{ scriptMs: number; layoutMs: number; styleMs: number; wallMs: number }> {
  const browser = await launchChromium();
  try {
    const view = await openWebview(browser, { height: 900 });
    await view.dispatch(usableModel, { type: "chatState", busy: true, queued: 0 });
    // Warm-up, so both sizes start with the same compiled code; then a clean slate.
    await view.dispatch(turnStart("warm", "warm up"));
    await streamInPage(view.page, "warm", tokens.slice(0, 400), 4_000);
    await view.dispatch(event("warm", { kind: "done", reason: "final", steps: 1 }), { type: "cleared" });
    await view.settle();
    await view.dispatch(turnStart("t1", "Walk me through the whole setup."));
    const metrics = await metricsReader(view.page);
    const before = await metrics();
    const started = performance.now();
    await streamInPage(view.page, "t1", tokens, rate);
    await view.dispatch(event("t1", { kind: "done", reason: "final", steps: 1, tokensPerSecond: rate }));
    await view.settle();
    const wallMs = performance.now() - started;
    const after = await metrics();
    const delta = (name: string) => ((after[name] ?? 0) - (before[name] ?? 0)) * 1000;
    const blocks = await view.page.getByTestId("code-block").count();
    if (blocks === 0) throw new Error("the answer rendered no code blocks");
    await view.close();
    return { scriptMs: delta("ScriptDuration"), layoutMs: delta("LayoutDuration"), styleMs: delta("RecalcStyleDuration"), wallMs };
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  console.log(`Chat webview: streaming markdown answers at ${rate} tokens/s, real time (no virtual time)`);
  const results: Array<{ tokens: number; scriptMs: number }> = [];
  for (const size of sizes) {
    const tokens = tokenTexts(size);
    const r = await measure(tokens);
    const per1k = (ms: number) => (ms / tokens.length) * 1000;
    console.log(
      `${String(tokens.length).padStart(6)} tokens  wall ${(r.wallMs / 1000).toFixed(1)} s  ` +
        `script ${r.scriptMs.toFixed(0)} ms (${per1k(r.scriptMs).toFixed(1)} ms per 1k tokens)  ` +
        `layout ${per1k(r.layoutMs).toFixed(1)} ms/1k  style ${per1k(r.styleMs).toFixed(1)} ms/1k`,
    );
    results.push({ tokens: tokens.length, scriptMs: r.scriptMs });
  }
  if (results.length >= 2) {
    const [small, large] = [results[0]!, results.at(-1)!];
    const ratio = large.scriptMs / small.scriptMs;
    const tokenRatio = large.tokens / small.tokens;
    console.log(
      `script time ratio ${ratio.toFixed(2)} for ${tokenRatio.toFixed(1)}x the tokens ` +
        `(target <= ${TARGET_RATIO} for 2x: ${ratio <= TARGET_RATIO ? "met" : "NOT met"}); per-1k ratio ${(ratio / tokenRatio).toFixed(2)}`,
    );
  }
}

void main();
