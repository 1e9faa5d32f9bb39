// One inline completion on a sequence: the prompt ends inside a prefilled final-channel message,
// so every generated token is text to insert. Generation stops as soon as the caller's stop rule
// says the text cannot change any more (end of line, end of block), when the message ends, at the
// token cap, or on abort (a newer request, the user typing on). Greedy sampling: the likeliest
// continuation, and the same one again for the same prompt.
import type { Segment } from "../core/harmony/index";
import type { StopReason } from "../core/agent/types";
import type { GenerationStats } from "./generationTypes";
import type { GenerationSlot } from "./backend";

export interface CompletionGenerationOptions {
  /** Prompt segments ending with `<|start|>assistant<|channel|>final<|message|>`. */
  segments: readonly Segment[];
  maxTokens: number;
  signal?: AbortSignal;
  /** Called with the whole text so far after each piece; true stops generation (the text is final). */
  shouldStop(text: string): boolean;
  /** Testing aid, as GenerateOptions.script. */
  script?: string | false;
}

export interface CompletionGeneration {
  /** The final-channel text generated, up to where it stopped. */
  text: string;
  /** `rule`: the stop rule ended it; otherwise the engine's reason (`abort` only for the caller's signal). */
  stopReason: StopReason | "rule" | "message-end";
  stats: GenerationStats;
}

export async function generateCompletion(sequence: GenerationSlot, options: CompletionGenerationOptions): Promise<CompletionGeneration> {
  const stopper = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stopper.signal]) : stopper.signal;
  let text = "";
  let ruled = false;
  let messageEnded = false;
  const result = await sequence.complete(
    { segments: options.segments },
    {
      signal,
      maxTokens: options.maxTokens,
      temperature: 0,
      ...(options.script !== undefined ? { script: options.script } : {}),
    },
    (event) => {
      if (ruled || messageEnded) return;
      if (event.type === "text" && event.channel === "final" && event.recipient === undefined) {
        text += event.text;
        if (options.shouldStop(text)) {
          ruled = true;
          stopper.abort();
        }
      } else if (event.type === "message-end") {
        // `<|end|>` closes the answer; what a model writes after it is another message, not ours.
        // (No message-start check: the prefilled header itself arrives as one.)
        messageEnded = true;
        stopper.abort();
      }
    },
  );
  const ownAbort = result.stopReason === "abort" && !options.signal?.aborted;
  const stopReason = ruled ? "rule" : ownAbort && messageEnded ? "message-end" : result.stopReason;
  return { text, stopReason, stats: result.stats };
}
