// Counting a run from the agent's events: steps are the loop's own, tool calls by tool, tool
// errors apart from commands that ran and failed (a failing test run is information, not an
// error), and malformed outputs (bad JSON, unknown tools, messages the loop had to drop), with
// how many of them the model went on from.
import type { AgentEvent } from "./agentAdapter";

const MALFORMED_SUMMARIES = new Set(["Invalid arguments", "Unknown tool"]);
/** The loop's warnings for messages it left out of the conversation (src/core/agent/transcript.ts). */
const DROPPED_MESSAGE = /^The model (wrote a message as|addressed .* without ending its turn with a call)/;

export class RunMeter {
  toolCalls: Record<string, number> = {};
  toolErrors = 0;
  failedCommands = 0;
  malformed = 0;
  malformedRecovered = 0;
  /** Malformed outputs not yet followed by another step. */
  private pending = 0;

  readonly onEvent = (event: AgentEvent): void => {
    switch (event.type) {
      case "step-start":
        this.malformedRecovered += this.pending;
        this.pending = 0;
        return;
      case "tool-call":
        this.toolCalls[event.name] = (this.toolCalls[event.name] ?? 0) + 1;
        return;
      case "tool-result":
        if (!event.result.isError) return;
        if (MALFORMED_SUMMARIES.has(event.result.summary ?? "")) this.countMalformed();
        else if (/^Exit code \d+/.test(event.result.summary ?? "")) this.failedCommands++;
        else this.toolErrors++;
        return;
      case "warning":
        // Other warnings (a limit reached, a grammar note) are no malformed output.
        if (DROPPED_MESSAGE.test(event.message)) this.countMalformed();
        return;
      default:
        return;
    }
  };

  private countMalformed(): void {
    this.malformed++;
    this.pending++;
  }
}
