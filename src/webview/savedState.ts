// What the view keeps across being hidden: VS Code drops a hidden webview's page and gives back
// only what it last passed to setState. The turns are saved as events (text merged into runs),
// not as HTML: on load they are re-rendered, through the same sanitizer as live text.
import * as z from "zod";
import { Attachment, ChatEvent, TextChannel } from "../core/protocol";
import { saveState } from "./vscodeApi";

/** Merged streaming text of one channel, with the thinking header's figures. */
export const TextRun = z.object({
  kind: z.literal("textRun"),
  channel: TextChannel,
  text: z.string(),
  chunks: z.number().optional(),
  ms: z.number().optional(),
});
export type TextRun = z.infer<typeof TextRun>;

export const SavedEvent = z.union([TextRun, ChatEvent]);
export type SavedEvent = z.infer<typeof SavedEvent>;

export const SavedTurn = z.object({
  turnId: z.string(),
  /** The user's message; absent for a turn whose start the view never saw. */
  text: z.string().optional(),
  attachments: z.array(Attachment).optional(),
  events: z.array(SavedEvent),
});
export type SavedTurn = z.infer<typeof SavedTurn>;

export const SavedState = z.object({
  version: z.literal(1),
  turns: z.array(SavedTurn),
  /** What the user was typing: hiding the view must not lose it. */
  draft: z.string(),
  /** Chips attached to the draft. */
  attachments: z.array(Attachment).optional(),
});
export type SavedState = z.infer<typeof SavedState>;

/** The saved state, or undefined when there is none or it does not fit (an older version). */
export function readSavedState(raw: unknown): SavedState | undefined {
  if (raw === undefined || raw === null) return undefined;
  const result = SavedState.safeParse(raw);
  if (result.success) return result.data;
  console.warn("gpt-oss chat: ignored a saved view state that does not fit", z.prettifyError(result.error));
  return undefined;
}

/**
 * Saves at most every so often: VS Code serializes the whole state on each call, and saving per
 * token would make a long answer quadratic. The pause grows with the cost of a save.
 */
export class StateSaver {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastCostMs = 0;

  constructor(private readonly collect: () => SavedState) {
    // The page may be dropped any moment after it is hidden: save what is pending first.
    addEventListener("pagehide", () => this.flush());
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "hidden") this.flush();
    });
  }

  schedule(): void {
    this.timer ??= setTimeout(() => this.flush(), Math.max(300, this.lastCostMs * 20));
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const started = performance.now();
    saveState(this.collect());
    this.lastCostMs = performance.now() - started;
  }
}
