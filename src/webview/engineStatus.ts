// The model's state in the toolbar, in a few words: not loaded, downloading N%, loading (with what
// it is doing), ready on GPU or CPU, or an error with the one button that most likely fixes it.
import type { EngineState, WebviewToHost } from "../core/protocol";
import { button, h } from "./dom";
import { icons } from "./icons";
import { send } from "./vscodeApi";

type ErrorAction = Extract<EngineState, { kind: "error" }>["action"];

const actionLabel: Record<ErrorAction, string> = {
  loadModel: "Retry",
  openSettings: "Open Settings",
  chooseModelFile: "Choose a .gguf File…",
  showLogs: "Show Logs",
};

export class EngineStatus {
  /** The short form, in the toolbar. */
  readonly badge: HTMLElement;
  /** A failed load: the message and its action, under the toolbar. */
  readonly alert: HTMLElement;

  constructor() {
    this.badge = h("span", { class: "engine-state", "data-testid": "engine-state", role: "status" });
    this.alert = h("div", { class: "engine-alert", role: "alert", "data-testid": "engine-alert" });
    this.alert.hidden = true;
    this.show({ kind: "idle" });
  }

  show(state: EngineState): void {
    this.badge.dataset.kind = state.kind;
    const [icon, text, title] = describe(state);
    this.badge.replaceChildren(icon, h("span", { class: "label" }, text));
    this.badge.title = title;
    this.alert.hidden = state.kind !== "error";
    if (state.kind === "error") {
      const message: WebviewToHost = { type: state.action };
      this.alert.replaceChildren(
        icons.error(),
        h("span", { class: "engine-alert-text" }, state.message),
        button(actionLabel[state.action], () => send(message), { secondary: true, testId: "engine-action" }),
      );
    } else {
      this.alert.replaceChildren();
    }
  }
}

function describe(state: EngineState): [SVGElement, string, string] {
  switch (state.kind) {
    case "idle":
      return [icons.idle(), "Not loaded", "The model is not loaded; it loads with your first message."];
    case "downloading":
      return [icons.spinner(), `Downloading ${state.percent}%`, `Downloading the model: ${state.percent}%`];
    case "loading": {
      const percent = state.percent !== undefined ? ` ${state.percent}%` : "";
      return [icons.spinner(), `Loading${percent}`, `Loading the model: ${state.stage}…`];
    }
    case "ready": {
      // The speed goes in the tooltip: the side bar is narrow, and the status bar shows it too.
      const speed = state.tokensPerSecond !== undefined ? ` · last answer ${Math.round(state.tokensPerSecond)} tokens/s` : "";
      return [icons.check(), `Ready · ${state.device}`, `Ready: ${state.detail}${speed}`];
    }
    case "error":
      return [icons.error(), "Error", `Loading the model failed: ${state.message}`];
    default:
      return state satisfies never;
  }
}
