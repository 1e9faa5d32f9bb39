// Links in answers never navigate the webview. VS Code's webview host would open any clicked
// link itself; instead the view stops the click and asks the extension, which decides.
import { safeLink } from "./markdown";
import { send } from "./vscodeApi";

export function handleLinks(root: HTMLElement): void {
  const onClick = (event: MouseEvent) => {
    const target = event.target instanceof Element ? event.target.closest("a") : null;
    if (!target || !root.contains(target)) return;
    event.preventDefault();
    event.stopPropagation();
    const href = target.getAttribute("href");
    if (event.type === "click" && href && safeLink.test(href)) send({ type: "openLink", href });
  };
  root.addEventListener("click", onClick);
  // A middle click would otherwise try to open a new window.
  root.addEventListener("auxclick", onClick);
}
