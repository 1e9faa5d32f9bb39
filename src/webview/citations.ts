// The browser's citations in an answer, `【cursor†L9-L11】` (the form gpt-oss was trained to
// write), become links to the page the cursor showed; the link names the site and the lines.
// Done on the finished answer's text nodes, so Markdown rendering is untouched.
import { safeLink } from "./markdown";

const CITATION = /【(\d+)†(L\d+(?:-L\d+)?)】/g;

export function linkCitations(root: HTMLElement, pages: Record<string, string>): void {
  for (const answer of root.querySelectorAll<HTMLElement>('[data-testid="answer"]')) {
    const walker = document.createTreeWalker(answer, NodeFilter.SHOW_TEXT);
    const nodes: Text[] = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node as Text;
      if (text.data.includes("【") && !text.parentElement?.closest("a, code, pre")) nodes.push(text);
    }
    for (const node of nodes) replaceIn(node, pages);
  }
}

function replaceIn(node: Text, pages: Record<string, string>): void {
  const text = node.data;
  const parts: (string | HTMLAnchorElement)[] = [];
  let last = 0;
  for (const match of text.matchAll(CITATION)) {
    const url = pages[match[1]!];
    if (!url || !safeLink.test(url)) continue;
    parts.push(text.slice(last, match.index));
    const link = document.createElement("a");
    link.href = url;
    link.className = "citation";
    link.title = `${url} (lines ${match[2]!.replace(/L/g, "")} as the model read it)`;
    link.dataset.testid = "citation";
    link.textContent = `${hostOf(url)} ${match[2]!.replace("-", "–")}`;
    parts.push(link);
    last = match.index + match[0].length;
  }
  if (parts.length === 0) return;
  parts.push(text.slice(last));
  node.replaceWith(...parts);
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
