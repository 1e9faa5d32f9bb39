// The strip above the conversation: the model and its state, reasoning effort for the next
// message, the history of saved conversations, and New Chat.
import type { ChatSummary, EngineState } from "../core/protocol";
import { ContextMeter, type MeterUsage } from "./contextMeter";
import { button, h } from "./dom";
import { EngineStatus } from "./engineStatus";
import { HistoryPanel } from "./historyPanel";
import { icons } from "./icons";
import { send } from "./vscodeApi";

type Effort = "low" | "medium" | "high";

const effortTitles: Record<Effort, string> = {
  low: "Low: short reasoning, fastest answers",
  medium: "Medium: the model card's default",
  high: "High: longest reasoning, for hard problems",
};

export class Toolbar {
  readonly element: HTMLElement;
  /** Under the toolbar: a failed load's message and action. */
  readonly alert: HTMLElement;
  readonly history: HistoryPanel;
  /** Under the toolbar: the context window nearly full, with Compact. */
  readonly contextAlert: HTMLElement;
  private readonly modelLabel: HTMLElement;
  private readonly engine = new EngineStatus();
  private readonly effort: HTMLSelectElement;
  private readonly historyButton: HTMLButtonElement;
  private readonly meter = new ContextMeter();

  constructor() {
    this.modelLabel = h("span", { class: "toolbar-model", "data-testid": "toolbar-model" });
    this.effort = h(
      "select",
      { class: "effort-select", "aria-label": "Reasoning effort for the next message", title: "Reasoning effort for the next message", "data-testid": "effort" },
      ...(["low", "medium", "high"] as const).map((effort) => h("option", { value: effort, title: effortTitles[effort] }, `${effort[0]!.toUpperCase()}${effort.slice(1)}`)),
    );
    this.effort.value = "medium";
    this.effort.addEventListener("change", () => send({ type: "setEffort", effort: this.effort.value as Effort }));
    this.history = new HistoryPanel(() => {
      this.historyButton.setAttribute("aria-expanded", "false");
      this.historyButton.focus();
    });
    this.historyButton = button("", () => this.toggleHistory(), { icon: icons.history(), title: "History: saved conversations", testId: "history", className: "toolbar-button" });
    this.historyButton.setAttribute("aria-expanded", "false");
    this.historyButton.setAttribute("aria-haspopup", "true");
    this.element = h(
      "div",
      { class: "toolbar", role: "toolbar", "aria-label": "Chat" },
      // The state first: in a narrow side bar the model's name is what gives way.
      h("span", { class: "toolbar-status" }, this.engine.badge, this.modelLabel),
      h("label", { class: "effort" }, h("span", { class: "visually-hidden" }, "Reasoning effort"), icons.effort(), this.effort),
      this.meter.element,
      button("", () => send({ type: "pickTools" }), { icon: icons.tools(), title: "Tools: choose which tools and MCP servers the assistant may use here", testId: "pick-tools", className: "toolbar-button" }),
      this.historyButton,
      button("", () => send({ type: "newChat" }), { icon: icons.add(), title: "New Chat: start a new conversation", testId: "new-chat", className: "toolbar-button" }),
    );
    this.alert = this.engine.alert;
    this.contextAlert = this.meter.alert;
  }

  setModelLabel(label: string): void {
    this.modelLabel.textContent = label;
    this.modelLabel.title = label;
  }

  setEngine(state: EngineState): void {
    this.engine.show(state);
  }

  setContext(usage: MeterUsage | undefined): void {
    this.meter.show(usage);
  }

  setEffort(effort: Effort): void {
    this.effort.value = effort;
  }

  setHistory(chats: ChatSummary[], currentId: string | undefined): void {
    this.history.update(chats, currentId);
  }

  private toggleHistory(): void {
    if (this.history.isOpen) return this.history.close();
    this.historyButton.setAttribute("aria-expanded", "true");
    this.history.open();
  }
}
