// The chat webview's entry point: restores what the view showed, then listens to the host.
import { configureZod } from "../core/zodSetup";
import { HostToWebview, parseMessage } from "../core/protocol";
import { ChatView } from "./chatView";
import { readSavedState } from "./savedState";
import { loadState, send } from "./vscodeApi";

configureZod();
const app = document.getElementById("app") ?? document.body.appendChild(document.createElement("main"));
// Streaming text must not be read out token by token: the view announces through its own
// status region instead of a live #app.
app.removeAttribute("aria-live");
const view = new ChatView(app);
const saved = readSavedState(loadState());
if (saved) view.restore(saved);

window.addEventListener("message", (event: MessageEvent<unknown>) => {
  const message = parseMessage(HostToWebview, event.data, (why) => console.warn(`gpt-oss chat: dropped an invalid message: ${why}`));
  if (!message) return;
  try {
    view.receive(message);
  } catch (error) {
    // A bug in drawing one message must not leave the view deaf to the next ones.
    console.error("gpt-oss chat: failed to show a message", error);
  }
});

send({ type: "ready" });
