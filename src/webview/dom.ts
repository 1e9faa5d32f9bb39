// A tiny element builder: the view is made of DOM nodes, never of HTML strings, so text from
// the host or the model can never become markup.

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

export function button(label: string, onClick: () => void, options: { secondary?: boolean; testId?: string } = {}): HTMLButtonElement {
  const element = h("button", { type: "button", class: options.secondary ? "button secondary" : "button" }, label);
  if (options.testId) element.dataset.testid = options.testId;
  element.addEventListener("click", onClick);
  return element;
}
