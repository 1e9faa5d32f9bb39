// The model's markdown, made safe to show. The answer is untrusted text: marked turns it into
// HTML with raw HTML escaped (shown as text, never run), DOMPurify then parses that HTML in an
// inert document and keeps only harmless elements and http(s)/mailto links, and only the
// sanitized DOM fragment ever reaches the page.
import DOMPurify from "dompurify";
// marked ships only ES modules. esbuild bundles it into the browser script, but tsc checks this
// folder as CommonJS (the project's Node16 setting) and flags the import; the types still resolve.
// @ts-expect-error TS1479: ESM-only package imported from a file tsc treats as CommonJS.
import { Lexer, Marked, type Token } from "marked";
import { CodeBlockView } from "./codeBlock";
import { h } from "./dom";

/**
 * Blocks longer than this are shown as plain text: marked's inline parsing is quadratic on some
 * inputs (a megabyte of "**a" takes minutes) and nobody reads a 20,000-character paragraph
 * for its emphasis.
 */
export const maxMarkdownBlockChars = 20_000;

/** The links the view offers to open; everything else (javascript:, data:, file:...) is text. */
export const safeLink = /^(?:https?:|mailto:)/i;

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const marked = new Marked({
  gfm: true,
  async: false,
  renderer: {
    // Raw HTML in an answer is output to show, not markup to obey.
    html({ text, block }) {
      const escaped = escapeHtml(text);
      return block ? `<p>${escaped}</p>` : escaped;
    },
    // Images would load from anywhere (or not at all, under the CSP): show what they stand for.
    image({ text }) {
      return escapeHtml(text);
    },
    checkbox({ checked }) {
      return checked ? "☑ " : "☐ ";
    },
  },
});

DOMPurify.addHook("afterSanitizeAttributes", (node) => {
  if (node.tagName !== "A") return;
  const href = node.getAttribute("href");
  node.removeAttribute("target");
  if (href && safeLink.test(href)) {
    // The tooltip shows where a link really goes, whatever its text claims.
    node.setAttribute("title", href);
    node.setAttribute("rel", "noreferrer noopener");
  } else {
    node.removeAttribute("href");
  }
});

const purifyConfig = {
  FORBID_TAGS: ["style", "form", "input", "button", "textarea", "select", "img", "svg", "math", "iframe", "object", "embed", "video", "audio", "picture", "source"],
  FORBID_ATTR: ["style", "id", "name", "srcset", "tabindex", "autofocus", "contenteditable"],
  ALLOWED_URI_REGEXP: safeLink,
  ALLOW_DATA_ATTR: false,
  RETURN_DOM_FRAGMENT: true as const,
};

/** One top-level markdown block as the block lexer cut it (raw text included, so it can be re-cut). */
export interface MarkdownBlock {
  type: string;
  raw: string;
  /** Code blocks: the fence's language, its whole info string (it may name a file) and the code. */
  lang?: string;
  info?: string;
  text?: string;
}

/**
 * Cuts markdown into top-level blocks (paragraphs, lists, fences, tables...), without the inline
 * parsing. Undefined when the pieces do not add up to the source (then the caller treats it as
 * one block) or marked gives up (deep nesting overflows its stack).
 */
export function splitBlocks(source: string): MarkdownBlock[] | undefined {
  let tokens: Token[];
  try {
    tokens = new Lexer(marked.defaults).blockTokens(source, []);
  } catch {
    return undefined;
  }
  const blocks: MarkdownBlock[] = [];
  let length = 0;
  for (const token of tokens) {
    const block: MarkdownBlock = { type: token.type, raw: token.raw };
    if (token.type === "code") {
      block.info = ((token as { lang?: string }).lang ?? "").trim();
      block.lang = block.info.split(/\s/, 1)[0] ?? "";
      block.text = (token as { text: string }).text;
    }
    blocks.push(block);
    length += token.raw.length;
  }
  if (length !== source.length) return undefined;
  return blocks;
}

/** Renders markdown (one block or a few) to a sanitized fragment. */
export function renderMarkdown(source: string): DocumentFragment {
  if (source.length > maxMarkdownBlockChars) return plainText(source);
  let html: string;
  try {
    html = marked.parse(source) as string;
  } catch {
    return plainText(source);
  }
  const fragment = DOMPurify.sanitize(html, purifyConfig);
  enhance(fragment);
  return fragment;
}

/** Text shown as it came (line breaks kept): the fallback when markdown is not worth the risk. */
export function plainText(source: string): DocumentFragment {
  const fragment = document.createDocumentFragment();
  fragment.append(h("p", { class: "plain-block" }, source));
  return fragment;
}

/** Code gets a header with Copy and highlighting; a wide table scrolls instead of the page. */
function enhance(fragment: DocumentFragment): void {
  for (const pre of fragment.querySelectorAll("pre")) {
    const code = pre.querySelector("code");
    const lang = /(?:^|\s)language-(\S+)/.exec(code?.className ?? "")?.[1] ?? "";
    const view = new CodeBlockView(lang, { actions: true });
    // marked ends a code element with a newline; Copy should not carry it.
    view.update(((code ?? pre).textContent ?? "").replace(/\n$/, ""), true);
    pre.replaceWith(view.element);
  }
  for (const table of fragment.querySelectorAll("table")) {
    const wrap = h("div", { class: "table-wrap", tabindex: "0", role: "region", "aria-label": "Table" });
    table.replaceWith(wrap);
    wrap.append(table);
  }
}
