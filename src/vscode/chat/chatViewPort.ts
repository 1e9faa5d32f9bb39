// The chat webview as a place to post to: the open view, or nowhere while none is open (the
// session's transcript keeps everything, and the view asks for a replay when it opens). Exists
// before the view does, so the session and the history can be built with it.
import type * as vscode from "vscode";
import { HostToWebview, parseMessage } from "../../core/protocol";
import type { Log } from "../log";

export class ChatViewPort {
  private view: vscode.WebviewView | undefined;

  constructor(private readonly log: Log) {}

  /** The view VS Code resolved; posts go to it until it is disposed. */
  show(view: vscode.WebviewView): void {
    this.view = view;
    view.onDidDispose(() => {
      if (this.view === view) this.view = undefined;
    });
  }

  /** Sends a message to the view if one is open. */
  post(message: HostToWebview): void {
    // Validated on the way out too: a bug here should show in the log, not as a blank view.
    const checked = parseMessage(HostToWebview, message, (why) => this.log.error(`Refused to send an invalid message to the chat view: ${why}`));
    if (checked && this.view) void this.view.webview.postMessage(checked);
  }

  /** A view is open (its messages arrive). */
  get open(): boolean {
    return this.view !== undefined;
  }

  /** True while the view is on screen (its approval cards can be seen and clicked). */
  get visible(): boolean {
    return this.view?.visible ?? false;
  }
}
