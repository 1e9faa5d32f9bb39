// VS Code's CancellationToken as the AbortSignal everything below the vscode layer takes: the one
// bridge, so a token already cancelled when the work starts is never missed.
import type * as vscode from "vscode";

export class TokenAbort implements vscode.Disposable {
  private readonly controller = new AbortController();
  private readonly listener: vscode.Disposable;

  constructor(token: vscode.CancellationToken) {
    this.listener = token.onCancellationRequested(() => this.controller.abort());
    if (token.isCancellationRequested) this.controller.abort();
  }

  /** Fires when the token is cancelled, or on `abort()`. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Stops the work from this side too (e.g. a newer request replaces it). */
  abort(): void {
    this.controller.abort();
  }

  /** Stops listening to the token (the signal keeps its state). */
  dispose(): void {
    this.listener.dispose();
  }
}
