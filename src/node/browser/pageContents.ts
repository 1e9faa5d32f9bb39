// A web page as gpt-oss's browser shows it (openai/gpt-oss `gpt_oss/tools/simple_browser/`):
// HTML to plain text, each link replaced by `【id†text】` (`【id†text†domain】` when it leaves the
// page's site), the link ids mapping to URLs. A small HTML reader of our own: scripts, styles
// and comments go, block elements become line breaks, entities are decoded.

export interface PageContents {
  url: string;
  title: string;
  text: string;
  /** Link id -> absolute URL. */
  urls: Record<string, string>;
  /** Search and find pages: the line each result starts at, by link id. */
  lineOf?: Record<string, number>;
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " ", mdash: "—", ndash: "–", hellip: "…", copy: "©", rsquo: "’", lsquo: "‘", rdquo: "”", ldquo: "“" };

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === "#") {
      const code = name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

export function domainOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return "";
  }
}

const BLOCK = /^(p|div|br|li|ul|ol|tr|table|section|article|header|footer|nav|main|aside|h[1-6]|pre|blockquote|dd|dt|dl|hr|form|figure|figcaption)$/i;

/** The page's text with links in the reference's form. `baseUrl` resolves relative links. */
export function htmlToPage(html: string, baseUrl: string, fallbackTitle = ""): PageContents {
  const titleMatch = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html);
  const title = titleMatch ? collapse(decodeEntities(stripTags(titleMatch[1]!))) : fallbackTitle;
  let body = html
    .replace(/<!--[\s\S]*?-->/g, "")
    .replace(/<(script|style|noscript|template|svg|head|iframe)\b[\s\S]*?<\/\1\s*>/gi, "");
  const urls: Record<string, string> = {};
  const ids = new Map<string, string>();
  const pageDomain = domainOf(baseUrl);
  body = body.replace(/<a\b([^>]*)>([\s\S]*?)<\/a\s*>/gi, (whole, attributes: string, inner: string) => {
    const href = /\bhref\s*=\s*("([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(attributes);
    const text = collapse(decodeEntities(stripTags(inner))).replace(/†/g, "‡").replace(/[【】]/g, "");
    const raw = href ? decodeEntities(href[2] ?? href[3] ?? href[4] ?? "") : "";
    if (!text) return "";
    if (!raw || raw.startsWith("#") || /^(mailto|javascript|data|tel):/i.test(raw)) return text;
    let absolute: string;
    try {
      absolute = new URL(raw, baseUrl || undefined).href;
    } catch {
      return text;
    }
    if (!/^https?:/i.test(absolute)) return text;
    let id = ids.get(absolute);
    if (id === undefined) {
      id = String(ids.size);
      ids.set(absolute, id);
      urls[id] = absolute;
    }
    const domain = domainOf(absolute);
    return domain === pageDomain ? `【${id}†${text}】` : `【${id}†${text}†${domain}】`;
  });
  body = body
    .replace(/<h([1-6])\b[^>]*>/gi, (_m, level: string) => `\n\n${"#".repeat(Number(level))} `)
    .replace(/<li\b[^>]*>/gi, "\n* ")
    .replace(/<\/?([a-z0-9]+)\b[^>]*>/gi, (_m, tag: string) => (BLOCK.test(tag) ? "\n" : " "));
  const text = decodeEntities(body)
    .split("\n")
    .map((line) => collapse(line))
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
  return { url: baseUrl, title, text, urls };
}

function stripTags(html: string): string {
  return html.replace(/<[^>]*>/g, " ");
}

function collapse(text: string): string {
  return text.replace(/[ \t\r\f\v\u00a0]+/g, " ").trim();
}
