// A tiny element builder: the view is made of DOM nodes, never of HTML strings, so text from
// the host or the model can never become markup. (Model markdown is the one exception, and it
// goes through DOMPurify in markdown.ts.)

type Child = Node | string | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  for (const child of children) {
    if (child === undefined || child === false) continue;
    element.append(child);
  }
  return element;
}

export interface ButtonOptions {
  secondary?: boolean;
  testId?: string;
  /** Tooltip; also the accessible name of an icon-only button. */
  title?: string;
  /** An icon before the label (or alone, when the label is empty). */
  icon?: SVGElement;
  className?: string;
}

export function button(label: string, onClick: () => void, options: ButtonOptions = {}): HTMLButtonElement {
  const classes = ["button"];
  if (options.secondary) classes.push("secondary");
  if (options.icon && !label) classes.push("icon-only");
  if (options.className) classes.push(options.className);
  const element = h("button", { type: "button", class: classes.join(" ") }, options.icon ?? false, label ? h("span", { class: "label" }, label) : false);
  if (options.testId) element.dataset.testid = options.testId;
  if (options.title) element.title = options.title;
  // An icon-only button still needs a name for screen readers.
  if (!label && options.title) element.setAttribute("aria-label", options.title);
  element.addEventListener("click", onClick);
  return element;
}

/** Text that screen readers announce but nobody sees (a polite live region's content, a label). */
export function visuallyHidden(text = ""): HTMLSpanElement {
  return h("span", { class: "visually-hidden" }, text);
}
