// The toolbar's context meter: how full the context window is (a bar and a percentage), what
// fills it on hover, and Compact once it passes 80%.
import { COMPACT_AT, usageDescription, usageShare, type ContextUsage } from "../core/prompts/contextUsage";
import { button, h } from "./dom";
import { send } from "./vscodeApi";

export type MeterUsage = ContextUsage;

export class ContextMeter {
  readonly element: HTMLElement;
  /** A strip under the toolbar while the window is nearly full: what it means and Compact. */
  readonly alert: HTMLElement;
  private readonly alertText: HTMLElement;
  private readonly fill: HTMLElement;
  private readonly label: HTMLElement;
  private readonly compact: HTMLButtonElement;

  constructor() {
    this.fill = h("span", { class: "context-meter-fill" });
    this.label = h("span", { class: "context-meter-label" });
    this.compact = button("Compact", () => send({ type: "compact" }), {
      secondary: true,
      className: "context-compact",
      testId: "compact",
      title: "Replace the older turns by a summary the model writes (the last two messages stay as they are)",
    });
    this.element = h(
      "span",
      { class: "context-meter", role: "meter", "aria-valuemin": "0", "aria-valuemax": "100", "data-testid": "context-meter", hidden: "" },
      h("span", { class: "context-meter-bar", "aria-hidden": "true" }, this.fill),
      this.label,
    );
    this.alertText = h("span", {});
    this.alert = h("div", { class: "context-alert", role: "status", "data-testid": "context-alert", hidden: "" }, this.alertText, this.compact);
  }

  show(usage: MeterUsage | undefined): void {
    if (!usage || usage.window <= 0) {
      this.element.hidden = true;
      this.alert.hidden = true;
      return;
    }
    const share = usageShare(usage);
    const percent = Math.min(100, Math.round(share * 100));
    this.element.hidden = false;
    this.fill.style.width = `${percent}%`;
    this.label.textContent = `${percent}%`;
    this.element.title = usageDescription(usage);
    this.element.setAttribute("aria-valuenow", String(percent));
    this.element.setAttribute("aria-label", `Context window ${percent}% full`);
    const full = share >= COMPACT_AT;
    this.element.classList.toggle("full", full);
    this.alert.hidden = !full;
    this.alertText.textContent = `The context window is ${percent}% full: older turns will be shortened.`;
  }
}
