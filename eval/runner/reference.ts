// A task's reference script as harmony completions, one per model step, for the engine's scripted
// output: each tool call as gpt-oss writes it, then the final answer. `--no-op` is one step: an
// answer at once, no tool touched.
import type { ReferenceStep } from "./taskSchema";

export function referenceResponses(steps: readonly ReferenceStep[]): string[] {
  return steps.map((step) =>
    "answer" in step
      ? `<|channel|>final<|message|>${step.answer}<|return|>`
      : `<|channel|>commentary to=functions.${step.tool} <|constrain|>json<|message|>${JSON.stringify(step.args)}<|call|>`,
  );
}

export const NO_OP_ANSWER = "Done.";

export function noOpResponses(): string[] {
  return [`<|channel|>final<|message|>${NO_OP_ANSWER}<|return|>`];
}
