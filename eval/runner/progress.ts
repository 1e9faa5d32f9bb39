// The progress bar on stderr: redrawn in place on a terminal, a line per finished task elsewhere
// (CI logs), always with the running pass count.
export class Progress {
  private done = 0;
  private passed = 0;
  private readonly tty = Boolean(process.stderr.isTTY);

  constructor(private readonly total: number) {}

  start(): void {
    if (this.tty) this.draw();
  }

  finished(passed: boolean, id: string): void {
    this.done++;
    if (passed) this.passed++;
    if (this.tty) this.draw();
    else process.stderr.write(`[${this.done}/${this.total}] ${passed ? "pass" : "fail"} ${id} · ${this.passed} passed so far\n`);
  }

  /** Clears the bar before other output, so lines never interleave with it. */
  clear(): void {
    if (this.tty) process.stderr.write("\r\x1b[2K");
  }

  redraw(): void {
    if (this.tty) this.draw();
  }

  end(): void {
    if (this.tty) process.stderr.write("\n");
  }

  private draw(): void {
    const width = 30;
    const filled = this.total ? Math.round((this.done / this.total) * width) : width;
    process.stderr.write(`\r\x1b[2K[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${this.done}/${this.total} · ${this.passed} passed`);
  }
}
