import { WebviewToHost } from "../core/protocol";

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

// acquireVsCodeApi may be called only once per webview load.
const api = acquireVsCodeApi();

/** Sends a message to the extension host; the schema catches a malformed one before it leaves. */
export function send(message: WebviewToHost): void {
  api.postMessage(WebviewToHost.parse(message));
}

/** What the view saved before it was last hidden (VS Code keeps it while the view is closed). */
export function loadState(): unknown {
  return api.getState();
}

/** VS Code serializes the state to JSON on every call: callers throttle (see savedState.ts). */
export function saveState(state: unknown): void {
  api.setState(state);
}
