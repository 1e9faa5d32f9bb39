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
