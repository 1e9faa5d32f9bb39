// The loop guard: gpt-oss sometimes repeats one call over and over (lmstudio #876; more often
// without its earlier reasoning). The third identical call in a row is not run but answered with
// a note that it repeats the previous two; the fifth ends the run with a message in the chat.
import type { ToolCall } from "./types";

/** The identical call in a row that is answered with the note instead of running. */
export const REPEAT_NOTE = 3;
/** The identical call in a row that stops the run. */
export const REPEAT_STOP = 5;

/** Counts identical consecutive calls (same recipient, same arguments ignoring JSON whitespace). */
export class RepeatCounter {
  private last: string | undefined;
  private count = 0;

  /** Records `call`; returns how many identical calls in a row it makes (1 for a new one). */
  next(call: ToolCall): number {
    const key = `${call.recipient.trim()}\u0000${canonical(call.arguments)}`;
    this.count = key === this.last ? this.count + 1 : 1;
    this.last = key;
    return this.count;
  }
}

function canonical(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    return text.trim();
  }
}

export function repeatNote(count: number): string {
  return (
    `Not run: this call repeats your previous ${count - 1} calls exactly (same tool, same arguments); their results are above and have not changed. ` +
    "Do not call it again. Use those results, try a different call, or give your answer."
  );
}

export function repeatStopMessage(recipient: string, count: number): string {
  return `Stopped: the model called ${recipient} with the same arguments ${count} times in a row. Ask again, or rephrase the request.`;
}
