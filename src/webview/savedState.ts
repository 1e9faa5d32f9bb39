// What the view keeps across being hidden: VS Code drops a hidden webview's page and gives back
// only what it last passed to setState. That is what exists only here (the draft, its chips, where
// the user had scrolled to), never the conversation: the host owns it and replays it when the
// view asks ("ready"), so a turn that streamed on while the view was hidden comes back whole.
import * as z from "zod";
import { Attachment } from "../core/protocol";
import { saveState } from "./vscodeApi";

export const SavedState = z.object({
  version: z.literal(2),
  /** What the user was typing: hiding the view must not lose it. */
  draft: z.string(),
  /** Chips attached to the draft. */
  attachments: z.array(Attachment).optional(),
  /** The view showed the conversation (not the set-up cards): show it again before the host answers. */
  chatting: z.boolean().optional(),
  /** Where the user had scrolled up to; absent when following the end. */
  scrollTop: z.number().min(0).optional(),
});
export type SavedState = z.infer<typeof SavedState>;

/**
 * Version 1 (before the host became the only owner) also held the turns. Its draft and chips are
 * still the user's; its turns are ignored (zod drops keys a schema does not name): the host replays.
 */
const SavedStateV1 = z.object({ version: z.literal(1), draft: z.string(), attachments: z.array(Attachment).optional() });

/** The saved state, or undefined when there is none or it does not fit (an unknown version). */
export function readSavedState(raw: unknown): SavedState | undefined {
  if (raw === undefined || raw === null) return undefined;
  const result = z.union([SavedState, SavedStateV1]).safeParse(raw);
  if (!result.success) {
    console.warn("gpt-oss chat: ignored a saved view state that does not fit", z.prettifyError(result.error));
    return undefined;
  }
  const state = result.data;
  return state.version === 2 ? state : { version: 2, draft: state.draft, ...(state.attachments ? { attachments: state.attachments } : {}) };
}

/**
 * Saves the state: at once for the draft (VS Code may drop the page right after a keystroke, and
 * the state is small), at most every so often while the user scrolls.
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

  /** Scrolling: many events a second, only the last position matters. */
  schedule(): void {
    this.timer ??= setTimeout(() => this.flush(), Math.max(300, this.lastCostMs * 20));
  }

  /** The draft or its chips changed. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const started = performance.now();
    saveState(this.collect());
    this.lastCostMs = performance.now() - started;
  }
}
