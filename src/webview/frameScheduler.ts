// Coalesces DOM work into one pass per animation frame. Tokens arrive far more often than the
// screen refreshes (and in bursts when the host replays), so streams only record text on each
// message and render what piled up once per frame.

type Task = () => void;

const renderTasks = new Set<Task>();
const afterTasks = new Set<Task>();
let frame: number | undefined;
let fallback: ReturnType<typeof setTimeout> | undefined;

/**
 * Runs `task` before the next paint (once, however often it is asked for). "after" tasks run
 * once the render tasks are done: scrolling to the end must measure the final layout.
 */
export function scheduleFrame(task: Task, phase: "render" | "after" = "render"): void {
  (phase === "render" ? renderTasks : afterTasks).add(task);
  if (frame !== undefined) return;
  frame = requestAnimationFrame(runFrame);
  // A hidden document gets no animation frames; the work must still happen eventually.
  fallback = setTimeout(runFrame, 250);
}

function runFrame(): void {
  if (frame !== undefined) cancelAnimationFrame(frame);
  if (fallback !== undefined) clearTimeout(fallback);
  frame = undefined;
  fallback = undefined;
  // A task may schedule work for the next frame; it lands in the fresh sets, not this pass.
  for (const tasks of [renderTasks, afterTasks]) {
    const batch = [...tasks];
    tasks.clear();
    for (const task of batch) {
      try {
        task();
      } catch (error) {
        // One broken block must not stop the rest of the view from updating.
        console.error("gpt-oss chat: a render task failed", error);
      }
    }
  }
}
