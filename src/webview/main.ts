// The chat webview's entry point: listens to the host and renders.
import { configureZod } from "../core/zodSetup";
import { HostToWebview, type ModelInfo, parseMessage } from "../core/protocol";
import { renderEmptyState } from "./emptyState";
import { send } from "./vscodeApi";

configureZod();
const app = document.getElementById("app");
let model: ModelInfo | undefined;

function render(): void {
  app?.replaceChildren(renderEmptyState(model));
}

window.addEventListener("message", (event: MessageEvent<unknown>) => {
  const message = parseMessage(HostToWebview, event.data, (why) => console.warn(`gpt-oss chat: dropped an invalid message: ${why}`));
  if (!message) return;
  switch (message.type) {
    case "model":
      model = message.model;
      break;
  }
  render();
});

render();
send({ type: "ready" });
