// Running work on a leased sequence: lease, a signal for the work that fires on the caller's signal
// or when the lease is taken back, release however the work ends, and one tagged outcome. The
// body of ModelHost.run, on its own so the completion service (and its benchmark) can run it on
// any lease function.
import type { GenerationSlot } from "./backend";
import { type Lease, type Priority, SchedulerAbort } from "./scheduler";

/** How a run went; every caller handles each case (the compiler checks the switch). */
export type ModelRun<T> =
  | { kind: "done"; value: T }
  /** There is no model to load (none chosen, or the user declined a download). */
  | { kind: "no-model" }
  /** Stopped before the work started: the caller's signal, or (`error`) superseded or the scheduler closed while it waited. */
  | { kind: "cancelled"; error?: unknown }
  /** The model could not be loaded. */
  | { kind: "load-failed"; error: unknown }
  /** The work threw; `aborted` says whether its signal (the caller's or the lease's) had fired. */
  | { kind: "failed"; error: unknown; aborted: boolean };

export type LeaseFunction = (priority: Priority, signal?: AbortSignal) => Promise<Lease<GenerationSlot> | undefined>;

export async function runOnLease<T>(
  lease: LeaseFunction,
  priority: Priority,
  signal: AbortSignal | undefined,
  work: (slot: GenerationSlot, signal: AbortSignal) => Promise<T>,
): Promise<ModelRun<T>> {
  let granted: Lease<GenerationSlot> | undefined;
  try {
    granted = await lease(priority, signal);
  } catch (error) {
    if (signal?.aborted || error instanceof SchedulerAbort) return { kind: "cancelled", error };
    return { kind: "load-failed", error };
  }
  if (!granted) return { kind: "no-model" };
  const workSignal = signal ? AbortSignal.any([signal, granted.signal]) : granted.signal;
  try {
    return { kind: "done", value: await work(granted.slot, workSignal) };
  } catch (error) {
    return { kind: "failed", error, aborted: workSignal.aborted };
  } finally {
    granted.release();
  }
}
