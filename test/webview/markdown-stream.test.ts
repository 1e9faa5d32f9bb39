// Streaming renders finished blocks once and re-renders only the open one; the result must be
// exactly what rendering the whole answer at once gives, however the text was cut into chunks.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser } from "playwright-core";
import { event, launchChromium, openWebview, text, turnStart, usableModel, type WebviewPage } from "./harness";
import { hostReplay } from "./hostReplay";

const tricky = `Intro paragraph with *emphasis*, \`code\` and a [link](https://example.com).

Setext heading
---

1. Step one:
   \`\`\`bash
   npm install

   npm test
   \`\`\`
2. Step two, loose item

   continued paragraph inside item two

> a quote
lazily continued

| a | b |
|:--|--:|
| 1 | 2 |

\`\`\`python
def f():
    return """multi
line"""
\`\`\`

    indented code block

- [ ] task
- [x] done

Final line without newline`;

/** A deterministic generator, so a failing cut can be reproduced. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

async function answerHtml(view: WebviewPage, turnId: string): Promise<string> {
  const html = await view.page.locator(`[data-turn-id="${turnId}"] [data-testid="answer"]`).evaluate((el) => el.innerHTML);
  // Each code block gets a page-unique id (for Apply's answers); only the numbering may differ.
  return html.replace(/ data-block-id="b\d+"/g, "");
}

describe("streaming markdown", { timeout: 180_000 }, () => {
  let browser: Browser;
  let view: WebviewPage;
  let whole: string;

  before(async () => {
    browser = await launchChromium();
    // The host's replay of a finished turn gives its text at once: the reference rendering.
    const reference = await openWebview(browser);
    await reference.dispatch(usableModel, ...hostReplay([turnStart("ref", "q"), text("ref", "final", tricky), event("ref", { kind: "done", reason: "final", steps: 1 })]));
    whole = await answerHtml(reference, "ref");
    await reference.close();
    view = await openWebview(browser);
    await view.dispatch(usableModel);
  });

  after(async () => {
    await view?.close();
    await browser?.close();
  });

  for (const seed of [1, 2, 3, 4]) {
    it(`cut into random chunks (seed ${seed}) it ends up identical to the whole`, async () => {
      const next = random(seed);
      const turnId = `s${seed}`;
      await view.dispatch(turnStart(turnId, "q"));
      for (let at = 0; at < tricky.length; ) {
        const size = 1 + Math.floor(next() * 8);
        await view.dispatch(text(turnId, "final", tricky.slice(at, at + size)));
        at += size;
        // Let some frames render mid-stream, so blocks are committed at many different points.
        if (next() < 0.3) await view.settle();
      }
      await view.dispatch(event(turnId, { kind: "done", reason: "final", steps: 1 }));
      assert.equal(await answerHtml(view, turnId), whole);
    });
  }

  it("renders the tricky parts as markdown", async () => {
    const answer = view.page.locator('[data-turn-id="s1"] [data-testid="answer"]');
    assert.equal(await answer.locator("h2").textContent(), "Setext heading");
    assert.equal(await answer.locator("ol > li").count(), 2);
    assert.equal(await answer.locator("ol [data-testid=code-block] code").textContent(), "npm install\n\nnpm test");
    assert.equal(await answer.locator("blockquote").textContent().then((t) => t?.trim()), "a quote\nlazily continued");
    assert.equal(await answer.locator("td").count(), 2);
    assert.equal(await answer.locator(".code-language").allTextContents().then((l) => l.join(",")), "bash,python,text");
    assert.match((await answer.textContent()) ?? "", /☐ task[\s\S]*☑ done/);
  });
});
