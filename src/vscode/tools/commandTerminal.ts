// The "gpt-oss" terminal: where the user watches the commands the model runs, as they run. It is a
// Pseudoterminal (the command itself runs in src/node/shellCommand.ts, where its output is captured), so
// it shows exactly what the model gets to see; Ctrl+C in it stops the running command.
import * as vscode from "vscode";

export const TERMINAL_NAME = "gpt-oss";

/** Terminals want CRLF; commands print LF. */
function forTerminal(text: string): string {
  return text.replace(/\r?\n/g, "\r\n");
}

const dim = (text: string) => `\x1b[2m${text}\x1b[0m`;
const bold = (text: string) => `\x1b[1m${text}\x1b[0m`;

export class CommandTerminal implements vscode.Disposable {
  private terminal: vscode.Terminal | undefined;
  private readonly writes = new vscode.EventEmitter<string>();
  /** Text written before VS Code opened the terminal (it would drop it otherwise). */
  private pending: string[] | undefined = [];
  private interrupt: (() => void) | undefined;
  private readonly closeListener: vscode.Disposable;

  constructor() {
    this.closeListener = vscode.window.onDidCloseTerminal((closed) => {
      if (closed === this.terminal) this.forget();
    });
  }

  /** Shows a command starting (reusing the terminal, or opening it again if the user closed it). */
  start(command: string, cwdLabel: string, interrupt: () => void): void {
    this.ensureTerminal().show(true);
    this.interrupt = interrupt;
    this.write(`${dim(`${cwdLabel} $`)} ${bold(command)}\r\n`);
  }

  output(text: string): void {
    this.write(forTerminal(text));
  }

  finish(outcome: { exitCode: number | null; timedOut: boolean; durationMs: number }, cancelled: boolean): void {
    this.interrupt = undefined;
    const seconds = (outcome.durationMs / 1000).toFixed(1);
    const how = outcome.timedOut ? "stopped: took too long" : cancelled ? "stopped" : `exit code ${outcome.exitCode}`;
    this.write(`\r\n${dim(`[${how}, ${seconds} s]`)}\r\n\r\n`);
  }

  private ensureTerminal(): vscode.Terminal {
    if (this.terminal) return this.terminal;
    this.pending = [];
    const pty: vscode.Pseudoterminal = {
      onDidWrite: this.writes.event,
      open: () => {
        const queued = this.pending ?? [];
        this.pending = undefined;
        for (const text of queued) this.writes.fire(text);
      },
      close: () => this.forget(),
      handleInput: (data) => {
        if (data === "\x03") this.interrupt?.();
      },
    };
    this.terminal = vscode.window.createTerminal({ name: TERMINAL_NAME, pty, iconPath: new vscode.ThemeIcon("hubot"), isTransient: true });
    return this.terminal;
  }

  private write(text: string): void {
    if (this.pending) this.pending.push(text);
    else this.writes.fire(text);
  }

  private forget(): void {
    this.terminal = undefined;
    this.pending = [];
  }

  dispose(): void {
    this.closeListener.dispose();
    this.terminal?.dispose();
    this.writes.dispose();
  }
}
